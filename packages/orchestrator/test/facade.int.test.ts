import type { TriadEvent } from '@triad/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApprovalNews, triadOver } from '../src';
import { startRig, type TestRig, within } from './harness';

describe('the facade over a real session (real Redis, real git)', () => {
  let current: TestRig | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it('tells a watcher of each approval asked for and decided, and tails the event log as it grows', async () => {
    current = await startRig();
    const triad = triadOver(current.rt);
    const news: ApprovalNews[] = [];
    let heard: (value: ApprovalNews) => void = () => {};
    const watch = triad.approvals.watch((item) => {
      news.push(item);
      heard(item);
    });
    await watch.ready;
    const next = (type: ApprovalNews['type']) =>
      new Promise<ApprovalNews>((resolve) => {
        const seen = news.find((item) => item.type === type);
        if (seen) resolve(seen);
        else heard = (item) => item.type === type && resolve(item);
      });
    try {
      const session = await triad.sessions.start({ repo: current.remote, durationMs: 60_000, autoApprove: 'low' });
      const tail = triad.events.tail(session.id);
      try {
        const first = await tail.next('0-0', 5_000);
        expect(first[0]).toMatchObject({ type: 'session.started', sessionId: session.id });

        const requested = await within(next('approval.requested'), 30_000, 'approval.requested');
        expect(requested.sessionId).toBe(session.id);
        const task = await triad.tasks.get(requested.taskId);
        const change = await triad.tasks.change(task);
        expect(change.proposal?.taskId).toBe(task.id);
        expect(change.review?.revision).toBe(task.revision);
        expect(change.assessment?.level).toBe(task.risk);
        const findings = await triad.tasks.findings(task);
        expect(findings.map((finding) => finding.id).sort()).toEqual([...task.findingIds].sort());

        await triad.approvals.decide({ taskId: task.id, approve: false, by: 'alice', comment: 'not now' });
        expect(await within(next('approval.decided'), 10_000, 'approval.decided')).toMatchObject({
          taskId: task.id,
          sessionId: session.id,
        });
        // Blocking reads from the last event seen, until the decision is in (bounded: each read waits 1 s at most).
        let cursor = first.at(-1)?.id ?? '0-0';
        let decided: TriadEvent | undefined;
        for (let read = 0; read < 10 && !decided; read++) {
          const events = await tail.next(cursor, 1_000);
          decided = events.find((event) => event.type === 'approval.decided' && event.taskId === task.id);
          cursor = events.at(-1)?.id ?? cursor;
        }
        expect(decided?.message).toContain('alice rejected');

        // Waiting for the end (what `triad session start --wait` shows): every event from the first, then the ended session.
        await triad.sessions.stop(session.id, 'alice');
        const seen: string[] = [];
        const ended = await triad.sessions.waitForEnd(session.id, {
          onEvent: (event) => seen.push(event.type),
          timeoutMs: 30_000,
        });
        expect(ended.state).toBe('ended');
        expect(seen[0]).toBe('session.started');
        expect(seen).toContain('approval.decided');
        expect(seen.at(-1)).toBe('session.ended');
      } finally {
        tail.close();
      }
    } finally {
      watch.close();
    }
  });
});
