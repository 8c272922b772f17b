import { timerDelay } from '@triad/core';
/** How a model call is retried when the provider is rate-limited, failing or slow. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff delay when the provider names none; doubles per attempt. */
  baseDelayMs: number;
  /** Cap of the computed backoff. */
  maxDelayMs: number;
  /** A `retry-after` longer than this is not waited out: the call fails (and a fallback model may answer). */
  maxRetryAfterMs: number;
  /** One attempt's time limit; a timed-out attempt is retried. */
  timeoutMs: number;
  /** Waits between attempts; tests pass one that records the delays. Must reject when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, timerDelay(ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  timeoutMs: 180_000,
  sleep: abortableSleep,
};

/** The wait before attempt `attempt + 1`: the provider's `retry-after` when given, else exponential backoff with jitter. */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfter: number | undefined): number {
  if (retryAfter !== undefined) return retryAfter;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * (0.75 + Math.random() * 0.25));
}
