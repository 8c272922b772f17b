import { analyzeRepo } from '@triad/analyzers';
import { type Task, TERMINAL_STATES } from '@triad/core';
import { afterEach, describe, expect, it } from 'vitest';
import { decideApproval, HANDLERS, type Runtime, startSession, waitForSessionEnd } from '../src';
import { OBSERVE_CONTEXT, observe } from '../src/handlers/observe';
import { stageHandler } from '../src/handlers/stage-handler';
import { remoteCommits, startRig, type TestRig, waitForEvent } from './harness';

const REFERENCE_CHECKS = ['flux-sops-without-decryption', 'privileged-container'];

/** The homelab's fixable problems: one task per file, named here by the checks its findings come from. */
const TASKS = {
  flux: ['flux-sops-without-decryption', 'flux-unresolved-substitution'],
  jellyfin: ['privileged-container'],
  // Its capabilities are left to a person: both containers run as root (their images' user).
  homeAssistant: ['hardcoded-credential', 'privilege-escalation-allowed'],
  prometheus: ['emptydir-stateful-data'],
} as const;

/** The checks of a task's findings (`<check>/<kind>/…` ids), sorted and unique. */
function checksOf(task: Task): string[] {
  return [...new Set(task.findingIds.map((id) => id.split('/')[0]!))].sort();
}

function taskFor(tasks: Task[], checks: readonly string[]): Task {
  const found = tasks.find((task) => checksOf(task).join() === [...checks].sort().join());
  if (!found)
    throw new Error(`no task for ${checks.join(', ')}: ${tasks.map((t) => checksOf(t).join('+')).join(' | ')}`);
  return found;
}

describe('a session with the built-in agents (real Redis, real git)', () => {
  let current: TestRig | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it('fixes what is safe with one trailered commit each, and defers what needs a person when nobody answers', async () => {
    current = await startRig();
    const { rt, remote } = current;
    const session = await startSession(rt, { repo: remote, durationMs: 120_000, approvalTimeoutMs: 1_000 });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });

    expect(ended).toMatchObject({ state: 'ended', endReason: 'completed' });
    const tasks = await rt.tasks.list(session.id);
    expect(tasks.map(checksOf).sort()).toEqual(
      Object.values(TASKS)
        .map((checks) => [...checks].sort())
        .sort(),
    );
    expect(tasks.every((task) => TERMINAL_STATES.includes(task.state))).toBe(true);
    // Within the session's auto-approve level (medium): applied, the credential too, since Triad encrypts it with
    // SOPS in the same change. Storage is high: it waits for a person, and with nobody answering it is deferred, with
    // the reason.
    const fixed = [taskFor(tasks, TASKS.flux), taskFor(tasks, TASKS.jellyfin), taskFor(tasks, TASKS.homeAssistant)];
    for (const task of fixed) expect(task, task.title).toMatchObject({ state: 'applied' });
    for (const checks of [TASKS.prometheus]) {
      const task = taskFor(tasks, checks);
      expect(task, task.title).toMatchObject({
        state: 'deferred',
        risk: 'high',
        reason: expect.stringMatching(/^nobody approved it before /),
      });
    }
    expect(tasks.filter((task) => task.state === 'applied')).toHaveLength(3);

    const commits = await remoteCommits(remote);
    for (const task of fixed) {
      const mine = commits.filter((commit) => commit.trailers['Triad-Task'] === task.id);
      expect(mine, task.id).toHaveLength(1);
      expect(mine[0]?.sha).toBe(task.commit);
      expect(mine[0]?.trailers).toMatchObject({
        'Triad-Session': session.id,
        'Triad-Risk': task.risk,
        'Reviewed-by': expect.stringContaining('Co-Lead'),
      });
      expect(mine[0]?.trailers['Approved-by']).toBeUndefined();
    }
    for (const task of tasks.filter((t) => t.state !== 'applied')) {
      expect(
        commits.some((c) => c.trailers['Triad-Task'] === task.id),
        task.id,
      ).toBe(false);
    }

    // The problems are gone from the remote's newest revision, and the report was committed after the fixes.
    const after = await rt.repos.latest({ url: remote, branch: 'main' });
    const remaining = analyzeRepo(after.files).filter((finding) => REFERENCE_CHECKS.includes(finding.check));
    expect(remaining).toEqual([]);
    expect(commits[0]?.trailers['Triad-Task']).toBe(`${session.id}-report`);
    expect(ended.report?.path).toMatch(new RegExp(`^docs/sessions/.*${session.id}\\.md$`));
    expect(after.files.get(ended.report?.path ?? '')).toContain(`# Triad session ${session.id}`);
  });

  it('waits for a person above the auto-approve level: approve lands with Approved-by, reject lands nothing', async () => {
    current = await startRig();
    const { rt, remote } = current;
    const session = await startSession(rt, { repo: remote, durationMs: 120_000, autoApprove: 'low' });
    // Every fix is above `low`: wait until all of them wait for a person.
    let requested = 0;
    const total = Object.keys(TASKS).length;
    await waitForEvent(rt, session.id, (event) => event.type === 'approval.requested' && ++requested === total);
    const tasks = await rt.tasks.list(session.id);
    const approve = taskFor(tasks, TASKS.flux);
    const pending = (await rt.approvals.pending()).filter((a) => a.sessionId === session.id);
    expect(pending.map((a) => a.taskId).sort()).toEqual(tasks.map((t) => t.id).sort());
    await decideApproval(rt, { taskId: approve.id, approve: true, by: 'alice', comment: 'ok for the homelab' });
    for (const other of pending.filter((a) => a.taskId !== approve.id)) {
      await decideApproval(rt, { taskId: other.taskId, approve: false, by: 'alice', comment: 'not tonight' });
    }
    await expect(decideApproval(rt, { taskId: approve.id, approve: false, by: 'bob' })).rejects.toMatchObject({
      code: 'approval_not_pending',
    });

    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });
    expect(ended.endReason).toBe('completed');
    const approved = await rt.tasks.get(approve.id);
    expect(approved).toMatchObject({ state: 'applied', approvedBy: 'alice' });
    const rejected = await Promise.all(
      pending.filter((a) => a.taskId !== approve.id).map((a) => rt.tasks.get(a.taskId)),
    );
    expect(rejected.map((t) => t.state)).toEqual(Array(total - 1).fill('rejected'));
    const commits = await remoteCommits(remote);
    expect(commits.find((c) => c.trailers['Triad-Task'] === approved.id)?.trailers['Approved-by']).toBe('alice');
    for (const task of rejected) expect(commits.some((c) => c.trailers['Triad-Task'] === task.id)).toBe(false);
  });

  it('hands each stage only its declared context: an observe that reaches past it fails the session', async () => {
    // Declares observe's context but reads a member outside it, as code cast past the types would.
    HANDLERS.observe = stageHandler(OBSERVE_CONTEXT, (rt, job, token, signal) => {
      void (rt as unknown as Runtime).repoLock;
      return observe.run(rt, job, token, signal);
    });
    try {
      current = await startRig();
    } finally {
      HANDLERS.observe = observe;
    }
    const { rt, remote } = current;
    const session = await startSession(rt, { repo: remote, durationMs: 120_000 });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 30_000 });

    expect(ended).toMatchObject({ state: 'ended', endReason: 'failed' });
    expect(ended.endMessage).toMatch(
      /^observe failed: observe job \S+ reached the runtime's repoLock, which its context/,
    );
    expect(await rt.tasks.list(session.id)).toEqual([]);
    // Not retryable: one attempt, then the session ends.
    const errors = (await rt.events.read(session.id)).filter((event) => event.type === 'error');
    expect(errors.map((event) => event.data?.attempts)).toEqual([1]);
  });
});
