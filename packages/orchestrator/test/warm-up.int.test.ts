import { analyzeRepo } from '@triad/analyzers';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, startWorkers, type WorkerPool, waitForSessionEnd } from '../src';
import { startRig, type TestRig } from './harness';

describe('a worker that warms up at start', () => {
  let rig: TestRig | undefined;
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    await rig?.close();
    pool = undefined;
    rig = undefined;
  });

  it('runs the warm-up once, before its first observation', async () => {
    const calls: string[] = [];
    rig = await startRig({
      workers: false,
      runtime: {
        warmUp: () => calls.push('warm-up'),
        analyze: (files) => {
          calls.push('analyze');
          return analyzeRepo(files);
        },
      },
    });
    // The session is queued before any worker runs: the warm-up must still come before the job it waits for.
    const session = await startSession(rig.rt, { repo: rig.remote, durationMs: 60_000, maxCycles: 1, mode: 'dry-run' });
    pool = await startWorkers(rig.rt, { lockDurationMs: 5000, warmUp: true });
    await waitForSessionEnd(rig.rt, session.id, { timeoutMs: 60_000 });
    expect(calls[0]).toBe('warm-up');
    expect(calls.filter((call) => call === 'warm-up')).toHaveLength(1);
    expect(calls).toContain('analyze');
  });

  it('does not warm up unless asked', async () => {
    const calls: string[] = [];
    rig = await startRig({ workers: false, runtime: { warmUp: () => calls.push('warm-up') } });
    pool = await startWorkers(rig.rt, { lockDurationMs: 5000 });
    expect(calls).toEqual([]);
  });
});
