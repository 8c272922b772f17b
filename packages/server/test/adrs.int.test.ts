import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHomelabRemote, type ServerRig, startServerRig, startSessionViaApi, waitForEvent } from './harness';

const enc = encodeURIComponent;

/**
 * ADRs of every repository Triad has sessions on: one session on repository A writes ADRs and a report, a later one on
 * repository B writes none (app.inject, workers in this process).
 */
describe('ADRs per repository', () => {
  let rig: ServerRig;
  let first: { id: string; remote: string };
  let second: { id: string; remote: string };

  async function start(remote: string, autoApprove: string) {
    const id = await startSessionViaApi(rig, { repo: remote, duration: '10m', autoApprove, maxCycles: 1 });
    return { id, remote };
  }

  beforeAll(async () => {
    rig = await startServerRig({ workers: true });
    first = await start(rig.remote, 'critical');
    await waitForEvent(rig.rt, first.id, (event) => event.type === 'session.ended', 90_000);
    second = await start(await createHomelabRemote(join(rig.dir, 'second')), 'low');
    const stopped = await rig.app.inject({
      method: 'POST',
      url: `/api/sessions/${second.id}/stop`,
      headers: rig.as('alice'),
    });
    expect(stopped.statusCode, stopped.body).toBe(200);
    await waitForEvent(rig.rt, second.id, (event) => event.type === 'session.ended', 90_000);
  }, 200_000);
  afterAll(async () => {
    await rig?.close();
  });

  const get = (url: string) => rig.app.inject({ url, headers: rig.as('vic') });

  it('lists the ADRs of the repository a person chooses, each with its own page', async () => {
    const latest = await get('/adrs');
    expect(latest.statusCode).toBe(200);
    expect(latest.body).toContain('No ADRs in this repository yet.');
    const chooseFirst = `/adrs?repo=${enc(first.remote)}&amp;branch=main`;
    expect(latest.body).toContain(`href="${chooseFirst}"`);
    expect(latest.body).toContain(`href="/adrs?repo=${enc(second.remote)}&amp;branch=main" aria-current="page"`);

    const listed = await get(`/adrs?repo=${enc(first.remote)}&branch=main`);
    const links = [...listed.body.matchAll(/href="(\/adrs\/(\d+)\?repo=[^"]+)"/g)];
    expect(links.length).toBeGreaterThanOrEqual(2);
    const [href, number] = [links[0]![1]!.replaceAll('&amp;', '&'), links[0]![2]];
    expect(href).toBe(`/adrs/${number}?repo=${enc(first.remote)}&branch=main`);
    const page = await get(href);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`<h1>0*${number}\\. `));
    expect((await get(`/adrs/${number}?repo=${enc(second.remote)}&branch=main`)).statusCode).toBe(404);
  });

  it('records, for every task whose ADR took another number as it landed (in one push of several), what was committed', async () => {
    const landed = new Set(
      ((await get(`/api/adrs?repo=${enc(first.remote)}`)).json().adrs as Array<{ path: string }>).map(
        (adr) => adr.path,
      ),
    );
    const { proposals } = await rig.rt.records.everything(first.id);
    for (const task of await rig.rt.tasks.list(first.id)) {
      const proposal = proposals.find((p) => p.taskId === task.id && p.revision === task.revision);
      const adr = proposal?.edits.find((edit) => edit.path.startsWith('docs/adr/'))?.path;
      if (!adr || !task.commit) continue;
      if (landed.has(adr)) expect(task.committedChange, task.id).toBeUndefined();
      else
        expect(task.committedChange?.changes[0], task.id).toMatch(
          / was committed as docs\/adr\/\d{4}-.*: another change took its number/,
        );
    }
  });

  it('reads only repositories sessions ran on', async () => {
    const elsewhere = await get(`/adrs?repo=${enc('https://example.com/other.git')}`);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.body).toContain('Triad has no session on https://example.com/other.git (main)');
    expect((await get(`/api/adrs?repo=${enc('/etc')}`)).json().code).toBe('adrs_not_found');
    const api = (await get(`/api/adrs?repo=${enc(first.remote)}`)).json();
    expect(api.adrs.length).toBeGreaterThanOrEqual(2);
  });

  it("links each ADR of the report's Decisions table: to the file in the repository, to its page in the app", async () => {
    const markdown = (await get(`/api/sessions/${first.id}/report`)).json().markdown as string;
    const decisions = markdown.slice(
      markdown.indexOf('## Decisions'),
      markdown.indexOf('\n## ', markdown.indexOf('## Decisions') + 1),
    );
    const files = [...decisions.matchAll(/\]\(\.\.\/adr\/(\d{4})-[^)]+\.md\)/g)].map((match) => Number(match[1]));
    expect(files.length).toBeGreaterThanOrEqual(2);

    const page = (await get(`/sessions/${first.id}/report`)).body;
    for (const number of files) {
      expect(page).toContain(`href="/adrs/${number}?repo=${enc(first.remote)}&amp;branch=main"`);
    }
  });
});
