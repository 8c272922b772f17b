import { type RuntimeOptions, resolveAgents } from '@triad/orchestrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDetail } from '../src/approval-detail';
import { logIn, postForm } from './forms';
import { type ServerRig, startServerRig, startSessionViaApi, waitForEvent, waitUntilSettled } from './harness';

type Agents = ReturnType<NonNullable<RuntimeOptions['agents']>>;
type DraftInput = Parameters<Agents['lead']['draft']>[0];

/** The built-in agents, with every draft input the Lead gets kept in `drafts`. */
function watchedAgents(drafts: DraftInput[]): RuntimeOptions['agents'] {
  return (models) => {
    const agents = resolveAgents(models);
    const lead = agents.lead;
    return {
      lead: {
        name: lead.name,
        plan: (input, context) => lead.plan(input, context),
        draft: (input, context) => {
          drafts.push(input);
          return lead.draft(input, context);
        },
      },
      coLead: agents.coLead,
      cio: agents.cio,
    };
  };
}

/** Decisions beyond approve and reject, and decisions that come too late (app.inject, workers in this process). */
describe('deciding approvals', () => {
  let rig: ServerRig;
  let sessionId: string;
  let approvals: ApprovalDetail[];
  const drafts: DraftInput[] = [];

  beforeAll(async () => {
    rig = await startServerRig({ workers: true, runtime: { agents: watchedAgents(drafts) } });
    sessionId = await startSessionViaApi(rig, { repo: rig.remote, duration: '10m', autoApprove: 'low', maxCycles: 1 });
    await waitUntilSettled(rig.rt, sessionId);
    approvals = (await rig.app.inject({ url: '/api/approvals', headers: rig.as('vic') })).json().approvals;
    expect(approvals.length).toBeGreaterThanOrEqual(2);
  }, 90_000);
  afterAll(async () => {
    await rig?.close();
  });

  const decide = (taskId: string, who: string, payload: object) =>
    rig.app.inject({ method: 'POST', url: `/api/approvals/${taskId}`, headers: rig.as(who), payload });

  it('sends a change back to the Lead with the comment as its review feedback, and the timeline says so', async () => {
    const target = approvals[0]!;
    const bare = await decide(target.task.id, 'alice', { decision: 'request_changes', comment: '  ' });
    expect([bare.statusCode, bare.json().code]).toEqual([422, 'comment_required']);

    const comment = 'keep the <old> label, only drop NET_RAW';
    const sent = await decide(target.task.id, 'alice', { decision: 'request_changes', comment });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().approval).toMatchObject({ status: 'changes_requested', decidedBy: 'alice', comment });

    // The built-in Lead has no other fix: it reads the feedback and gives up, so the second draft ends the task.
    const ended = await waitForEvent(
      rig.rt,
      sessionId,
      (event) => event.type === 'task.transition' && event.taskId === target.task.id && event.data?.to === 'failed',
      60_000,
    );
    expect(ended.message).toContain(`alice asked for changes: ${comment}`);
    const redraft = drafts.find((input) => input.task.id === target.task.id && input.revision === 2);
    expect(redraft?.feedback).toEqual([`alice asked for changes: ${comment}`]);
    const task = await rig.rt.tasks.get(target.task.id);
    expect(task.revision).toBe(2);

    const page = await rig.app.inject({ url: `/sessions/${sessionId}`, headers: rig.as('vic') });
    expect(page.body).toContain(
      `alice asked for changes to ${target.task.id}: keep the &lt;old&gt; label, only drop NET_RAW`,
    );
  });

  it('shows an approver who comes too late who decided and when, not an error', async () => {
    const target = approvals[1]!;
    const url = `/approvals/${target.task.id}`;
    const bob = await logIn(rig, 'bob');
    const page = await rig.app.inject({ url, cookies: bob });
    expect(page.body).toContain('value="request_changes"');
    const approved = await decide(target.task.id, 'alice', { decision: 'approve', comment: 'fine' });
    expect(approved.statusCode, approved.body).toBe(200);

    const late = await postForm(rig, bob, url, url, { decision: 'reject', comment: 'wait' });
    expect([late.statusCode, late.headers.location]).toEqual([303, `${url}?late=1`]);
    const shown = await rig.app.inject({ url: late.headers.location as string, cookies: bob });
    expect(shown.statusCode).toBe(200);
    const decidedAt = (await rig.rt.approvals.find(target.task.id))?.decidedAt ?? 'never';
    expect(shown.body).toMatch(
      /Your decision came too late: it was approved by <strong class="decided-by">alice<\/strong>/,
    );
    expect(shown.body).toContain(`datetime="${decidedAt}"`);
    const api = await decide(target.task.id, 'bob', { decision: 'reject' });
    expect(api.statusCode).toBe(409);
    expect(api.json().message).toBe(
      `the approval for task ${target.task.id} is already approved by alice at ${decidedAt}: nothing changed`,
    );
  });

  it('keeps decided approvals reachable: history with who, when, comment and commit, filtered by session, state and risk', async () => {
    const [sent, approved] = [approvals[0]!, approvals[1]!];
    await waitForEvent(
      rig.rt,
      sessionId,
      (event) => event.type === 'task.transition' && event.taskId === approved.task.id && event.data?.to === 'applied',
    );
    const commit = (await rig.rt.tasks.get(approved.task.id)).commit ?? 'none';
    const page = (query: string) => rig.app.inject({ url: `/approvals${query}`, headers: rig.as('vic') });

    const done = await page(`?session=${sessionId}&state=approved&risk=`);
    expect(done.statusCode).toBe(200);
    const rows = rowsOf(done.body);
    expect(rows.map((row) => row.task)).toEqual([approved.task.id]);
    expect(rows[0]?.html).toContain('<td class="by" data-label="By">alice</td>');
    expect(rows[0]?.html).toContain('fine');
    expect(rows[0]?.html).toContain(
      `href="/sessions/${sessionId}/tasks/${approved.task.id}#commit"><code>${commit.slice(0, 10)}</code>`,
    );
    expect(done.body).not.toContain('id="pending-approvals"');
    expect(done.body).toContain('<option value="approved" selected>');

    const back = rowsOf((await page('?state=changes_requested')).body);
    expect(back.map((row) => row.task)).toEqual([sent.task.id]);
    expect(back[0]?.html).toContain('keep the &lt;old&gt; label');
    const otherRisk = (['low', 'medium', 'high', 'critical'] as const).find(
      (level) => level !== approved.approval.level,
    );
    expect(rowsOf((await page(`?state=approved&risk=${otherRisk}`)).body)).toEqual([]);
    expect(rowsOf((await page(`?risk=${approved.approval.level}`)).body).map((row) => row.task)).toContain(
      approved.task.id,
    );
    expect((await page('?session=19990101-000000')).statusCode).toBe(404);
    expect((await page('?state=maybe')).statusCode).toBe(422);

    const api = await rig.app.inject({ url: `/api/approvals/history?state=approved`, headers: rig.as('vic') });
    expect(api.json().approvals).toMatchObject([
      { approval: { taskId: approved.task.id, decidedBy: 'alice' }, task: { commit }, superseded: false },
    ]);
  });

  it('links every task card to its approval and its commit, and the task page shows both', async () => {
    const approved = approvals[1]!;
    const board = (await rig.app.inject({ url: `/sessions/${sessionId}`, headers: rig.as('vic') })).body;
    const card = board.slice(
      board.indexOf(`id="task-${approved.task.id}"`),
      board.indexOf('</li>', board.indexOf(`id="task-${approved.task.id}"`)),
    );
    const taskPage = `/sessions/${sessionId}/tasks/${approved.task.id}`;
    expect(card).toContain(`href="/approvals/${approved.task.id}"`);
    expect(card).toContain(`href="${taskPage}#commit"`);
    for (const other of approvals.slice(2)) expect(board).toContain(`href="/approvals/${other.task.id}"`);

    const page = await rig.app.inject({ url: taskPage, headers: rig.as('vic') });
    expect(page.statusCode).toBe(200);
    const commit = (await rig.rt.tasks.get(approved.task.id)).commit ?? 'none';
    expect(page.body).toContain(`<code class="sha">${commit}</code>`);
    expect(page.body).toMatch(/it was approved by <strong class="decided-by">alice<\/strong>/);
    const wrong = await rig.app.inject({
      url: `/sessions/19990101-000000/tasks/${approved.task.id}`,
      headers: rig.as('vic'),
    });
    expect(wrong.statusCode).toBe(404);
  });

  it('keeps the decision on an earlier revision when the task asks again', async () => {
    const sent = approvals[0]!;
    const now = Date.now();
    await rig.rt.approvals.request({
      taskId: sent.task.id,
      sessionId,
      revision: 2,
      level: sent.approval.level,
      status: 'pending',
      requestedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 600_000).toISOString(),
    });
    const record = await rig.rt.approvals.find(sent.task.id);
    expect(record).toMatchObject({
      revision: 2,
      status: 'pending',
      earlier: [{ revision: 1, status: 'changes_requested', decidedBy: 'alice' }],
    });

    const back = rowsOf(
      (await rig.app.inject({ url: '/approvals?state=changes_requested', headers: rig.as('vic') })).body,
    );
    expect(back.map((row) => row.task)).toEqual([sent.task.id]);
    expect(back[0]?.html).toContain('r1');
    const page = (await rig.app.inject({ url: `/approvals/${sent.task.id}`, headers: rig.as('vic') })).body;
    expect(page).toMatch(/Revision 1: it was sent back for changes by <strong class="decided-by">alice<\/strong>/);
  });
});

/** The rows of the history table: the task each is about, and its markup. */
function rowsOf(body: string): Array<{ task: string; html: string }> {
  return [...body.matchAll(/<tr data-task="([^"]+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((match) => ({
    task: match[1] ?? '',
    html: match[2] ?? '',
  }));
}
