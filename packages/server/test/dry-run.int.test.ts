import { waitForSessionEnd } from '@triad/orchestrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type ServerRig, startServerRig } from './harness';

describe('a dry-run session through the API and the UI (app.inject, real Redis, real git)', () => {
  let rig: ServerRig;
  let sessionId: string;
  let refsBefore: string;
  const refs = async () => (await run('git', ['-C', rig.remote, 'for-each-ref'])).stdout;

  beforeAll(async () => {
    rig = await startServerRig({ workers: true });
    refsBefore = await refs();
    const started = await rig.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: rig.as('alice'),
      payload: { repo: rig.remote, duration: '10m', mode: 'dry-run', maxCycles: 1 },
    });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json().mode).toBe('dry-run');
    sessionId = started.json().id;
    await waitForSessionEnd(rig.rt, sessionId, { timeoutMs: 90_000 });
  }, 120_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('refuses a mode it does not know (422)', async () => {
    const post = await rig.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: rig.as('alice'),
      payload: { repo: rig.remote, duration: '1h', mode: 'push-harder' },
    });
    expect(post.statusCode).toBe(422);
    expect(post.json()).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('mode') });
  });

  it('shows the mode and proposed tasks in the API, and pushes nothing', async () => {
    const one = (await rig.app.inject({ url: `/api/sessions/${sessionId}`, headers: rig.as('vic') })).json();
    expect(one.session.mode).toBe('dry-run');
    expect(one.tasks.length).toBeGreaterThan(0);
    for (const task of one.tasks) expect(task.state).toBe('proposed');
    expect(await refs()).toBe(refsBefore);
    const report = await rig.app.inject({ url: `/api/sessions/${sessionId}/report`, headers: rig.as('vic') });
    expect(report.json().markdown).toContain('## Proposals');
  });

  it('shows each proposal on the session page with the diff view of the approval page', async () => {
    const page = await rig.app.inject({ url: `/sessions/${sessionId}`, headers: rig.as('vic') });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong id="session-mode">dry-run</strong>');
    const tasks = await rig.rt.tasks.list(sessionId);
    for (const task of tasks) {
      expect(page.body).toContain(`id="proposal-${task.id}"`);
      expect(page.body).toContain(`name="layout-p-${task.id}"`);
    }
    expect(page.body).toContain('<table class="diff-table unified">');
  });
});
