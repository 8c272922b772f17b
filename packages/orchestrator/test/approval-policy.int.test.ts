import { jobIds, type RiskLevel, Session, Task } from '@triad/core';
import type { Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, decideApproval, startSession } from '../src';
import { apply } from '../src/handlers/apply';
import type { StageJobData } from '../src/queues';
import { REDIS_URL, remoteCommits, startRig, type TestRig, waitForEvent, within } from './harness';

/** Where a task is once decided (or ended before a decision): a person's turn, on its way to Git, or over. */
const DECIDED = ['awaiting_approval', 'applying', 'proposed', 'rejected', 'failed', 'expired', 'deferred'];

/** A session with one task waiting for a person at `level`, written straight to the stores (no workers). */
async function waitingTask(current: TestRig, level: RiskLevel) {
  const { rt, remote } = current;
  const now = new Date().toISOString();
  const session = Session.parse({
    id: `s-${level}-${Date.now()}`,
    repo: { url: remote, branch: 'main' },
    state: 'running',
    createdAt: now,
    deadline: new Date(Date.now() + 60_000).toISOString(),
    durationMs: 60_000,
    cycle: 1,
    maxCycles: 1,
    fourEyes: rt.fourEyes,
  });
  await rt.sessions.create(session);
  const task = Task.parse({
    id: `${session.id}-c1t1`,
    sessionId: session.id,
    cycle: 1,
    title: 'drop privileged from jellyfin',
    category: 'security',
    priority: 1,
    findingIds: [],
    state: 'awaiting_approval',
    revision: 1,
    risk: level,
    createdAt: now,
    updatedAt: now,
  });
  await rt.tasks.create(task);
  await rt.approvals.request({
    taskId: task.id,
    sessionId: session.id,
    revision: 1,
    level,
    status: 'pending',
    requestedAt: now,
    expiresAt: session.deadline,
  });
  return task;
}

describe('approval policy (real Redis)', () => {
  let current: TestRig | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it('four-eyes: a critical change is applied only after two different people approved it', async () => {
    current = await startRig({ workers: false, runtime: { fourEyes: true } });
    const { rt } = current;
    const task = await waitingTask(current, 'critical');

    // The policy travels with the session: a process started without four-eyes (the CLI, say) still needs two.
    const elsewhere = createRuntime({ config: { redisUrl: REDIS_URL, prefix: current.prefix } });
    const first = await decideApproval(elsewhere, {
      taskId: task.id,
      approve: true,
      by: 'alice',
      comment: 'looks right',
    });
    await elsewhere.close();
    expect(first).toMatchObject({ status: 'pending', signoffs: [{ by: 'alice', comment: 'looks right' }] });
    expect((await rt.tasks.get(task.id)).state).toBe('awaiting_approval');
    await expect(decideApproval(rt, { taskId: task.id, approve: true, by: 'alice' })).rejects.toMatchObject({
      code: 'approval_same_person',
    });
    expect((await rt.approvals.find(task.id))?.signoffs).toHaveLength(1);

    const second = await decideApproval(rt, { taskId: task.id, approve: true, by: 'bob' });
    expect(second).toMatchObject({ status: 'approved', decidedBy: 'alice, bob', comment: 'alice: looks right' });
    expect(await rt.tasks.get(task.id)).toMatchObject({ state: 'applying', approvedBy: 'alice, bob' });
    expect(await rt.approvals.pending()).toEqual([]);
    await expect(decideApproval(rt, { taskId: task.id, approve: false, by: 'carol' })).rejects.toMatchObject({
      code: 'approval_not_pending',
    });

    // The commit names both people, one `Approved-by` trailer each.
    const { files, revision } = await rt.repos.latest({ url: current.remote, branch: 'main' });
    const readme = files.get('README.md') ?? '';
    const now = new Date().toISOString();
    await rt.records.saveProposal(task.sessionId, {
      taskId: task.id,
      revision: 1,
      baseRevision: revision,
      edits: [{ path: 'README.md', before: readme, after: `${readme}\nReviewed twice.\n` }],
      commitMessage: 'docs: note the review',
      diff: '',
      addresses: [],
      draftedBy: 'test',
      createdAt: now,
    });
    await rt.records.saveReview(task.sessionId, {
      taskId: task.id,
      revision: 1,
      verdict: 'approve',
      comments: [],
      adrRequired: false,
      reviewer: 'test',
      createdAt: now,
    });
    const job = { id: jobIds.apply(task.id, 1), data: { sessionId: task.sessionId, taskId: task.id, revision: 1 } };
    await apply.run(rt, job as unknown as Job<StageJobData>);
    const [commit] = await remoteCommits(current.remote);
    expect(commit?.trailers['Triad-Task']).toBe(task.id);
    expect(commit?.allTrailers['Approved-by']).toEqual(['alice', 'bob']);
  });

  it('four-eyes: one rejection ends a critical change, even after a first approval', async () => {
    current = await startRig({ workers: false, runtime: { fourEyes: true } });
    const { rt } = current;
    const task = await waitingTask(current, 'critical');
    await decideApproval(rt, { taskId: task.id, approve: true, by: 'alice' });
    const rejected = await decideApproval(rt, { taskId: task.id, approve: false, by: 'bob', comment: 'not now' });
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'bob' });
    expect((await rt.tasks.get(task.id)).state).toBe('rejected');
  });

  it('four-eyes covers critical only; without it one approver is enough', async () => {
    current = await startRig({ workers: false, runtime: { fourEyes: true } });
    const high = await waitingTask(current, 'high');
    // One approver's comment is kept as written, not as "alice: …" (the page already says who decided).
    const decided = { taskId: high.id, approve: true, by: 'alice', comment: 'fine by me' };
    expect(await decideApproval(current.rt, decided)).toMatchObject({
      status: 'approved',
      decidedBy: 'alice',
      comment: 'fine by me',
    });
    await current.close();

    current = await startRig({ workers: false });
    const critical = await waitingTask(current, 'critical');
    expect(await decideApproval(current.rt, { taskId: critical.id, approve: true, by: 'alice' })).toMatchObject({
      status: 'approved',
    });
    expect((await current.rt.tasks.get(critical.id)).approvedBy).toBe('alice');
  });

  it('refuses an approval in the name of an agent or the system', async () => {
    current = await startRig({ workers: false });
    const task = await waitingTask(current, 'high');
    for (const by of ['CIO', 'lead', ' system ', '']) {
      await expect(decideApproval(current.rt, { taskId: task.id, approve: true, by })).rejects.toMatchObject({
        code: 'approval_by_agent',
      });
    }
    expect((await current.rt.approvals.find(task.id))?.status).toBe('pending');
  });

  it('calls the approval hook once per change that starts waiting for a person', async () => {
    const announced: string[] = [];
    let wanted = Number.POSITIVE_INFINITY;
    let done: () => void = () => {};
    const all = new Promise<void>((resolve) => {
      done = resolve;
    });
    current = await startRig({
      runtime: {
        onApprovalRequested: async (approval) => {
          announced.push(approval.taskId);
          if (announced.length >= wanted) done();
        },
      },
    });
    const session = await startSession(current.rt, {
      repo: current.remote,
      durationMs: 60_000,
      autoApprove: 'low',
      maxCycles: 1,
    });
    // Every task the plan created gets decided (the plan's task.created lines all come before the first decision),
    // and each that waits for a person has its approval.requested line, after which its hook is called.
    const created = new Set<string>();
    const decided = new Map<string, string>();
    let waiting = 0;
    await waitForEvent(current.rt, session.id, (event) => {
      if (event.type === 'task.created' && event.taskId) created.add(event.taskId);
      if (event.type === 'approval.requested') waiting++;
      const to = (event.data as { to?: string } | undefined)?.to;
      if (event.type === 'task.transition' && event.taskId && to && DECIDED.includes(to)) decided.set(event.taskId, to);
      const asked = [...decided.values()].filter((state) => state === 'awaiting_approval').length;
      return created.size > 0 && [...created].every((id) => decided.has(id)) && waiting === asked;
    });
    wanted = waiting;
    if (announced.length >= wanted) done();
    await within(all, 30_000, `${wanted} approval hooks`);
    const pending = (await current.rt.approvals.pending()).map((approval) => approval.taskId);
    expect(waiting).toBeGreaterThanOrEqual(2);
    expect(announced.sort()).toEqual(pending.sort());
    expect(announced.every((id) => id.startsWith(session.id))).toBe(true);
  });

  it('by default announces approval requests on the control channel, for a server in another process', async () => {
    current = await startRig();
    const { rt, remote } = current;
    const listener = rt.connect();
    const heard: unknown[] = [];
    await listener.subscribe(rt.keys.control);
    const two = new Promise<void>((resolve) => {
      listener.on('message', (_channel, message) => {
        const parsed = JSON.parse(message) as { type: string };
        if (parsed.type === 'approval.requested' && heard.push(parsed) === 2) resolve();
      });
    });
    const session = await startSession(rt, { repo: remote, durationMs: 60_000, autoApprove: 'low' });
    await within(two, 30_000, 'two approval.requested messages');
    const message = { type: 'approval.requested', taskId: expect.stringContaining(session.id), sessionId: session.id };
    expect(heard).toEqual([message, message]);
  });
});
