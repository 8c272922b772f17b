import { TriadError } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { withJobTimeout } from './job-timeout';
import { defaultStageTimeouts } from './pipeline';

describe('withJobTimeout', () => {
  it('fails the attempt at the limit with a named reason, and aborts the work’s signal, even if the work ignores it', async () => {
    let seen: AbortSignal | undefined;
    const never = (signal: AbortSignal) => {
      seen = signal;
      return new Promise<string>(() => {});
    };
    const error = await withJobTimeout('draft', 'draft-t1-r1', 20, never).catch((e: unknown) => e);
    expect(TriadError.is(error, 'job_timeout')).toBe(true);
    expect((error as TriadError).message).toMatch(/^draft job draft-t1-r1 ran past its .* limit and was stopped$/);
    expect((error as TriadError).retryable).toBe(false);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
  });

  it('lets work that finishes in time through, and retries only the stages that must finish', async () => {
    await expect(withJobTimeout('plan', 'p', 10_000, async () => 'planned')).resolves.toBe('planned');
    const apply = await withJobTimeout('apply', 'a', 10, () => new Promise(() => {})).catch((e: unknown) => e);
    expect((apply as TriadError).retryable).toBe(true);
  });

  it('gives verify its Flux window on top of its own limit', () => {
    expect(defaultStageTimeouts(60_000).verify).toBeGreaterThan(60_000);
  });
});
