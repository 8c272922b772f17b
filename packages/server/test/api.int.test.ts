import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDetail } from '../src/approval-detail';
import { remoteCommits, type ServerRig, startServerRig, waitForEvent, waitUntilSettled } from './harness';

describe('the API (app.inject, real Redis, real git, workers in this process)', () => {
  let rig: ServerRig;
  let sessionId: string;
  let approvals: ApprovalDetail[];
  let waiting: number;

  beforeAll(async () => {
    rig = await startServerRig({ workers: true });
    const started = await rig.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: rig.as('alice'),
      payload: { repo: rig.remote, duration: '10m', autoApprove: 'low', goals: ['harden media'], maxCycles: 1 },
    });
    expect(started.statusCode, started.body).toBe(201);
    sessionId = started.json().id;
    await waitUntilSettled(rig.rt, sessionId);
    waiting = (await rig.rt.approvals.pending()).length;
    // The reference scenario has at least its two fixes above `low`: SOPS decryption and jellyfin's GPU.
    expect(waiting).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('serves /healthz without a login, and everything else only with one', async () => {
    expect((await rig.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const urls = ['/readyz', '/metrics', '/api/sessions', '/api/approvals', '/api/approvals/history', '/api/adrs'];
    for (const url of [...urls, '/api/approvals/events', '/api/docs/json']) {
      expect((await rig.app.inject(url)).statusCode, url).toBe(401);
    }
    const forged = await rig.app.inject({ url: '/api/sessions', headers: { authorization: 'Bearer triad.YWxpY2U.x' } });
    expect(forged.statusCode).toBe(401);
    const wrong = `${rig.tokens.alice?.slice(0, -4)}AAAA`;
    expect(
      (await rig.app.inject({ url: '/api/sessions', headers: { authorization: `Bearer ${wrong}` } })).statusCode,
    ).toBe(401);
    expect((await rig.app.inject({ url: '/readyz', headers: rig.as('vic') })).json()).toEqual({ status: 'ready' });
  });

  it('validates the start request (422) and lets only approvers start sessions (403)', async () => {
    const post = (payload: object, who = 'alice') =>
      rig.app.inject({ method: 'POST', url: '/api/sessions', headers: rig.as(who), payload });
    const missing = await post({ duration: '1h' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('repo') });
    expect((await post({ repo: rig.remote, duration: 'soon' })).json()).toMatchObject({ code: 'invalid_duration' });
    expect((await post({ repo: rig.remote, duration: '1h', autoApprove: 'never' })).statusCode).toBe(422);
    const branch = await post({ repo: rig.remote, duration: '1h', branch: 'nope' });
    expect([branch.statusCode, branch.json().code]).toEqual([422, 'branch_not_found']);
    const viewer = await post({ repo: rig.remote, duration: '1h' }, 'vic');
    expect([viewer.statusCode, viewer.json().code]).toEqual([403, 'forbidden']);
  });

  it('lists and shows sessions with their tasks; 404 for one that does not exist', async () => {
    const list = (await rig.app.inject({ url: '/api/sessions', headers: rig.as('vic') })).json();
    expect(list.sessions).toHaveLength(1);
    expect(list.sessions[0]).toMatchObject({
      id: sessionId,
      goals: ['harden media'],
      taskCounts: { awaiting_approval: waiting },
    });
    const one = (await rig.app.inject({ url: `/api/sessions/${sessionId}`, headers: rig.as('vic') })).json();
    expect(one.session.autoApprove).toBe('low');
    const states = one.tasks.map((task: { state: string }) => task.state);
    expect(states.filter((state: string) => state === 'awaiting_approval')).toHaveLength(waiting);
    const missing = await rig.app.inject({ url: '/api/sessions/nope', headers: rig.as('vic') });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'session_not_found']);
    expect((await rig.app.inject({ url: '/api/sessions/nope/events', headers: rig.as('vic') })).statusCode).toBe(404);
    expect((await rig.app.inject({ url: `/api/sessions/${sessionId}/events` })).statusCode).toBe(401);
  });

  it('shows each waiting change with its diff, findings, review and risk', async () => {
    const response = await rig.app.inject({ url: '/api/approvals', headers: rig.as('vic') });
    approvals = response.json().approvals;
    expect(approvals).toHaveLength(waiting);
    for (const detail of approvals) {
      expect(detail.approval).toMatchObject({ status: 'pending', sessionId, signoffs: [] });
      expect(detail.proposal?.diff).toContain('diff --git');
      expect(detail.review?.verdict).toBe('approve');
      expect(detail.assessment?.factors.length).toBeGreaterThan(0);
      expect(detail.assessment?.blastRadius).toBeTruthy();
      expect(detail.findings.length).toBeGreaterThan(0);
      // Paths, never the files' contents: the file before a credential fix still holds the literal.
      expect(detail.proposal).not.toHaveProperty('edits');
      expect(detail.proposal?.files.length).toBeGreaterThan(0);
    }
    // The home-assistant credential moves into a SOPS file: its approval shows neither the literal nor the plaintext.
    const credential = approvals.find((detail) =>
      detail.proposal?.files.includes('apps/home/home-assistant/home-assistant-secret.sops.yaml'),
    );
    expect(credential?.proposal?.diff).toContain('REDACTED-');
    expect(response.body).not.toContain('Hass-Recorder-2024!');
    const taskId = approvals[0]?.task.id;
    const one = await rig.app.inject({ url: `/api/approvals/${taskId}`, headers: rig.as('vic') });
    expect(one.json().task.id).toBe(taskId);
    expect((await rig.app.inject({ url: '/api/approvals/nope', headers: rig.as('vic') })).statusCode).toBe(404);
  });

  it('has no report before the session ends (404)', async () => {
    const response = await rig.app.inject({ url: `/api/sessions/${sessionId}/report`, headers: rig.as('vic') });
    expect([response.statusCode, response.json().code]).toEqual([404, 'report_not_found']);
  });

  it('lets approvers decide once: 403 for a viewer, 422 for a bad body, 404 for no task, 409 the second time', async () => {
    const jellyfin = approvals.find((detail) => /jellyfin/i.test(detail.task.title)) ?? approvals[0]!;
    const others = approvals.filter((detail) => detail !== jellyfin);
    const other = others[0]!;
    const decide = (taskId: string, who: string, payload: object) =>
      rig.app.inject({ method: 'POST', url: `/api/approvals/${taskId}`, headers: rig.as(who), payload });

    const viewer = await decide(jellyfin.task.id, 'vic', { decision: 'approve' });
    expect(viewer.statusCode).toBe(403);
    expect((await decide(jellyfin.task.id, 'alice', { decision: 'maybe' })).statusCode).toBe(422);
    expect((await decide('nope', 'alice', { decision: 'approve' })).statusCode).toBe(404);
    expect((await rig.rt.approvals.find(jellyfin.task.id))?.status).toBe('pending');

    const approved = await decide(jellyfin.task.id, 'alice', { decision: 'approve', comment: 'GPU device is right' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().approval).toMatchObject({ status: 'approved', decidedBy: 'alice' });
    const again = await decide(jellyfin.task.id, 'bob', { decision: 'reject' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'approval_not_pending']);

    const rejected = await decide(other.task.id, 'bob', { decision: 'reject', comment: 'not tonight' });
    expect(rejected.json().approval).toMatchObject({ status: 'rejected', decidedBy: 'bob', comment: 'not tonight' });
    for (const rest of others.slice(1))
      expect((await decide(rest.task.id, 'bob', { decision: 'reject' })).statusCode).toBe(200);

    await waitForEvent(rig.rt, sessionId, (event) => event.type === 'session.ended', 60_000);
    expect((await rig.rt.approvals.find(jellyfin.task.id))?.status).toBe('approved');
    const commits = await remoteCommits(rig.remote);
    const applied = commits.find((commit) => commit.trailers['Triad-Task'] === jellyfin.task.id);
    expect(applied?.trailers['Approved-by']).toBe('alice');
    expect(commits.some((commit) => commit.trailers['Triad-Task'] === other.task.id)).toBe(false);
  });

  it('serves the report once the session ended, and 409 when stopping it again', async () => {
    const report = await rig.app.inject({ url: `/api/sessions/${sessionId}/report`, headers: rig.as('vic') });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ markdown: expect.stringContaining(sessionId), commit: expect.any(String) });
    const stop = await rig.app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/stop`,
      headers: rig.as('alice'),
    });
    expect([stop.statusCode, stop.json().code]).toEqual([409, 'session_not_running']);
    const missing = await rig.app.inject({ method: 'POST', url: '/api/sessions/nope/stop', headers: rig.as('alice') });
    expect(missing.statusCode).toBe(404);
    const viewer = await rig.app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/stop`,
      headers: rig.as('vic'),
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('stops a running session on request', async () => {
    const started = await rig.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: rig.as('bob'),
      payload: { repo: rig.remote, duration: '10m', autoApprove: 'low' },
    });
    const id = started.json().id;
    const stop = await rig.app.inject({ method: 'POST', url: `/api/sessions/${id}/stop`, headers: rig.as('bob') });
    expect(stop.statusCode).toBe(200);
    expect(stop.json()).toMatchObject({ id, state: 'stopping', endReason: 'stopped' });
    await waitForEvent(rig.rt, id, (event) => event.type === 'session.ended', 60_000);
  });

  it('lists the ADRs of the latest session’s repository and serves one; 404 for a number that is not there', async () => {
    const list = await rig.app.inject({ url: '/api/adrs', headers: rig.as('vic') });
    expect(list.statusCode, list.body).toBe(200);
    const { adrs, dir, repo } = list.json();
    expect(repo).toBe(rig.remote);
    expect(adrs.length).toBeGreaterThan(0);
    const adr = await rig.app.inject({ url: `/api/adrs/${adrs[0].number}`, headers: rig.as('vic') });
    expect(adr.json()).toMatchObject({ path: expect.stringContaining(dir), markdown: expect.stringContaining('# ') });
    expect((await rig.app.inject({ url: '/api/adrs/999', headers: rig.as('vic') })).statusCode).toBe(404);
    expect((await rig.app.inject({ url: '/api/adrs/zero', headers: rig.as('vic') })).statusCode).toBe(422);
  });

  it('renders the report and an ADR as pages, Markdown turned into HTML', async () => {
    const report = await rig.app.inject({ url: `/sessions/${sessionId}/report`, headers: rig.as('vic') });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.headers['content-type']).toMatch(/^text\/html/);
    expect(report.body).toMatch(new RegExp(`<h1[^>]*>Triad session ${sessionId}</h1>`));
    expect(report.body).toMatch(/<h2[^>]*>Next human session priorities<\/h2>/);
    expect(report.body).toContain('<table>');
    expect(report.body).not.toMatch(/^\| --- \|/m); // tables rendered, not left as Markdown

    const { adrs } = (await rig.app.inject({ url: '/api/adrs', headers: rig.as('vic') })).json();
    const page = await rig.app.inject({ url: `/adrs/${adrs[0].number}`, headers: rig.as('vic') });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toMatch(/<h1[^>]*>\d{4}\. /);
    expect(page.body).toMatch(/<h2[^>]*>Context and Problem Statement<\/h2>/);
  });

  it('exports metrics for Prometheus', async () => {
    const text = (await rig.app.inject({ url: '/metrics', headers: rig.as('vic') })).body;
    expect(text).toContain('triad_sessions{state="ended"} 2');
    expect(text).toMatch(/triad_tasks\{state="applied"\} [1-9]/);
    expect(text).toContain(`triad_tasks{state="rejected"} ${waiting - 1}`);
    expect(text).toContain('triad_approvals_waiting 0');
    expect(text).toMatch(/triad_queue_jobs\{queue="apply",state="completed"\} \d+/);
  });

  it('serves the OpenAPI document with every API route', async () => {
    const doc = (await rig.app.inject({ url: '/api/docs/json', headers: rig.as('vic') })).json();
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/adrs',
        '/api/adrs/{n}',
        '/api/approvals',
        '/api/approvals/events',
        '/api/approvals/history',
        '/api/approvals/{taskId}',
        '/api/sessions',
        '/api/sessions/{id}',
        '/api/sessions/{id}/events',
        '/api/sessions/{id}/report',
        '/api/sessions/{id}/stop',
      ].sort(),
    );
    expect(doc.paths['/api/approvals/{taskId}'].post.requestBody).toBeDefined();
  });

  it('shows bull-board to admins only', async () => {
    expect((await rig.app.inject({ url: '/admin/queues', headers: rig.as('alice') })).statusCode).toBe(403);
    const admin = await rig.app.inject({ url: '/admin/queues', headers: rig.as('root') });
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain('Triad queues');
  });

  it('answers a browser that may not see a page with a page that says why and links back, not JSON', async () => {
    const html = { ...rig.as('alice'), accept: 'text/html' };
    const board = await rig.app.inject({ url: '/admin/queues', headers: html });
    expect(board.statusCode).toBe(403);
    expect(board.headers['content-type']).toMatch(/^text\/html/);
    expect(board.body).toContain('Not allowed');
    expect(board.body).toContain('needs the admin role');
    expect(board.body).toContain('<a href="/">');
    const form = await rig.app.inject({ method: 'POST', url: '/sessions', headers: rig.as('vic'), payload: {} });
    expect([form.statusCode, form.headers['content-type']]).toEqual([403, 'text/html; charset=utf-8']);
    const api = await rig.app.inject({ url: '/api/sessions', method: 'POST', headers: rig.as('vic'), payload: {} });
    expect([api.statusCode, api.json().code]).toEqual([403, 'forbidden']);
  });

  it('has an icon, also where browsers look for one unasked', async () => {
    const ico = await rig.app.inject('/favicon.ico');
    expect([ico.statusCode, ico.headers.location]).toEqual([301, '/static/favicon.svg']);
    const svg = await rig.app.inject('/static/favicon.svg');
    expect([svg.statusCode, svg.headers['content-type']]).toEqual([200, 'image/svg+xml']);
    const page = await rig.app.inject('/login');
    expect(page.body).toContain('<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">');
  });

  it('never shows the message of a server error', async () => {
    const list = rig.rt.sessions.list;
    rig.rt.sessions.list = async () => {
      throw new Error('connection string redis://secret@db');
    };
    try {
      const response = await rig.app.inject({ url: '/api/sessions', headers: rig.as('vic') });
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain('secret');
      expect(response.json().code).toBe('internal');
    } finally {
      rig.rt.sessions.list = list;
    }
  });
});
