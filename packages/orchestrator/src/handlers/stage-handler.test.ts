import { TriadError } from '@triad/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Runtime } from '../runtime';
import { contextView, stageHandler } from './stage-handler';

/** Enough of a runtime to read members through a view; nothing here talks to Redis. */
const runtime = { clock: () => new Date(0), verifyWindowMs: 1000, logger: { info() {} } } as unknown as Runtime;

describe('a handler context', () => {
  it('gives a handler the members its context names, as the runtime has them', () => {
    const view = contextView(runtime, ['clock', 'verifyWindowMs'], 'verify job v1');
    expect(view.clock()).toEqual(new Date(0));
    expect(view.verifyWindowMs).toBe(1000);
  });

  it('refuses any other member of the runtime, for good: the job fails instead of retrying into it again', () => {
    const view = contextView(runtime, ['clock'], 'observe job o1') as unknown as Runtime;
    let thrown: unknown;
    try {
      view.logger.info({});
    } catch (error) {
      thrown = error;
    }
    expect(TriadError.is(thrown, 'context_violation')).toBe(true);
    expect(thrown).toMatchObject({ retryable: false });
    expect((thrown as Error).message).toBe(
      "observe job o1 reached the runtime's logger, which its context does not declare (clock)",
    );
  });

  it('reads what the runtime does not have as the runtime would, so a view can be awaited and inspected', async () => {
    const view = contextView(runtime, ['clock'], 'plan job p1');
    expect(await Promise.resolve(view)).toBe(view);
    expect(String(Object.prototype.toString.call(view))).toBe('[object Object]');
  });

  it('types a handler with its context only: another member does not compile', () => {
    const handler = stageHandler(['sessions', 'clock'], async (rt) => {
      // @ts-expect-error records is not in this handler's context
      void rt.records;
      return rt.clock().toISOString();
    });
    expectTypeOf(handler.run).parameter(0).toEqualTypeOf<Pick<Runtime, 'sessions' | 'clock'>>();
    expect(handler.context).toEqual(['sessions', 'clock']);
  });
});
