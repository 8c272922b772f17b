import { ModelCallError } from './errors';
import { retryAfterMs } from './retry-after';

/** What an adapter knows about a failed provider call. */
export interface FailureFacts {
  status?: number;
  headers?: Headers;
  /** The SDK gave up on the connection or its own timeout. */
  connection?: boolean;
}

/** One-line error for a failed provider call: status, the provider's message, and what to do. */
export function callFailure(spec: string, facts: FailureFacts, cause: unknown): ModelCallError {
  const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  const hint =
    facts.status === 401 || facts.status === 403
      ? ': check the API key for this provider'
      : facts.status === 404
        ? ': check the model name'
        : '';
  const what = facts.status !== undefined ? `HTTP ${facts.status}` : facts.connection ? 'no connection' : 'failed';
  return new ModelCallError(`${spec} call ${what}: ${detail}${hint}`, {
    model: spec,
    status: facts.status,
    retryAfterMs: retryAfterMs(facts.headers),
    // A 200 whose body the SDK could not read, or a dropped connection, may well work the next time.
    retryable: facts.status === undefined ? true : undefined,
    cause,
  });
}
