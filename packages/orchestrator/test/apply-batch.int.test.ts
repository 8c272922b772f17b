import { type RunGit, runGit } from '@triad/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, waitForSessionEnd } from '../src';
import { remoteCommits, startRig, type TestRig, waitForEvent } from './harness';

describe('landing approved tasks without a cluster', () => {
  let current: TestRig | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  /**
   * Runs the homelab session while the repository lock is held by someone else until all three auto-approved tasks
   * wait to land, so that they are ready together; returns the pushes Triad made and what landed.
   */
  async function landTogether(applyBatch: number) {
    let pushes = 0;
    const counting: RunGit = (command) => {
      if (command.args.includes('push')) pushes++;
      return runGit(command);
    };
    current = await startRig({ runtime: { runGit: counting } });
    const { rt, remote } = current;
    rt.config.applyBatch = applyBatch;
    const session = await startSession(rt, { repo: remote, durationMs: 120_000, approvalTimeoutMs: 1_000 });
    expect(await rt.repoLock.acquire(session.repo.url, 'a-person-pushing')).toBe(true);
    let applying = 0;
    await waitForEvent(rt, session.id, (event) => event.data?.to === 'applying' && ++applying === 3);
    await rt.repoLock.release(session.repo.url, 'a-person-pushing');
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });
    const tasks = (await rt.tasks.list(session.id)).filter((task) => task.state === 'applied');
    const events = await rt.events.read(session.id);
    return { ended, tasks, pushes, events, commits: await remoteCommits(remote) };
  }

  it('pushes the tasks that are ready together once, still one trailered commit per task, in order', async () => {
    const { ended, tasks, pushes, events, commits } = await landTogether(20);

    expect(ended.endReason).toBe('completed');
    expect(tasks).toHaveLength(3);
    expect(pushes).toBe(2); // the three tasks, then the session report
    for (const task of tasks) {
      const carrying = commits.filter((commit) => commit.trailers['Triad-Task'] === task.id);
      expect(carrying, task.id).toHaveLength(1);
      expect(carrying[0]?.sha).toBe(task.commit);
    }
    const pushed = events.filter((event) => event.type === 'commit.pushed');
    expect(pushed.map((event) => event.data?.batch)).toEqual([3, 3, 3]);
    expect(pushed[0]?.message).toContain('(one push of 3 tasks)');
    // One commit on top of the other: each task's commit is the parent of the next one's.
    const order = pushed.map((event) => event.data?.commit as string);
    const shas = commits.map((commit) => commit.sha);
    expect(shas.indexOf(order[0]!)).toBe(shas.indexOf(order[1]!) + 1);
    expect(shas.indexOf(order[1]!)).toBe(shas.indexOf(order[2]!) + 1);
  }, 90_000);

  it('pushes each task by itself with applyBatch 1', async () => {
    const { tasks, pushes } = await landTogether(1);

    expect(tasks).toHaveLength(3);
    expect(pushes).toBe(4);
  }, 90_000);
});
