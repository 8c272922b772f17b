import { analyzeRepo } from '@triad/analyzers';
import { TERMINAL_STATES } from '@triad/core';
import { afterEach, describe, expect, it } from 'vitest';
import { decideApproval, startSession, waitForSessionEnd } from '../src';
import { remoteCommits, rig, type TestRig, waitForEvent } from './harness';

const REFERENCE_CHECKS = ['flux-sops-without-decryption', 'privileged-container'];

describe('a session with the built-in agents (real Redis, real git)', () => {
  let current: TestRig | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it('fixes the two reference problems of examples/homelab with one trailered commit each', async () => {
    current = await rig();
    const { rt, remote } = current;
    const session = await startSession(rt, { repo: remote, durationMs: 120_000 });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });

    expect(ended).toMatchObject({ state: 'ended', endReason: 'completed' });
    const tasks = await rt.tasks.list(session.id);
    const fixed = tasks.filter((task) => task.state === 'applied');
    expect(fixed).toHaveLength(2);
    expect(tasks.every((task) => TERMINAL_STATES.includes(task.state))).toBe(true);

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

    // The problems are gone from the remote's newest revision, and the report was committed after the fixes.
    const after = await rt.repos.latest({ url: remote, branch: 'main' });
    const remaining = analyzeRepo(after.files).filter((finding) => REFERENCE_CHECKS.includes(finding.check));
    expect(remaining).toEqual([]);
    expect(commits[0]?.trailers['Triad-Task']).toBe(`${session.id}-report`);
    expect(ended.report?.path).toMatch(new RegExp(`^docs/sessions/.*${session.id}\\.md$`));
    expect(after.files.get(ended.report?.path ?? '')).toContain(`# Triad session ${session.id}`);
  });

  it('waits for a person above the auto-approve level: approve lands with Approved-by, reject lands nothing', async () => {
    current = await rig();
    const { rt, remote } = current;
    const session = await startSession(rt, { repo: remote, durationMs: 120_000, autoApprove: 'low' });
    // Both reference fixes are above `low`: wait until both wait for a person.
    let requested = 0;
    await waitForEvent(rt, session.id, (event) => event.type === 'approval.requested' && ++requested === 2);
    const [first, second] = (await rt.approvals.pending()).filter((a) => a.sessionId === session.id);
    await decideApproval(rt, { taskId: first!.taskId, approve: true, by: 'alice', comment: 'ok for the homelab' });
    await decideApproval(rt, { taskId: second!.taskId, approve: false, by: 'alice', comment: 'not tonight' });
    await expect(decideApproval(rt, { taskId: first!.taskId, approve: false, by: 'bob' })).rejects.toMatchObject({
      code: 'approval_not_pending',
    });

    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });
    expect(ended.endReason).toBe('completed');
    const approved = await rt.tasks.get(first!.taskId);
    const rejected = await rt.tasks.get(second!.taskId);
    expect(approved).toMatchObject({ state: 'applied', approvedBy: 'alice' });
    expect(rejected.state).toBe('rejected');
    const commits = await remoteCommits(remote);
    expect(commits.find((c) => c.trailers['Triad-Task'] === approved.id)?.trailers['Approved-by']).toBe('alice');
    expect(commits.some((c) => c.trailers['Triad-Task'] === rejected.id)).toBe(false);
  });
});
