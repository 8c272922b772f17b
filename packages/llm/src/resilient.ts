import type { ChatModel, ChatRequest, ChatResponse } from './chat-model';
import { ModelCallAborted, ModelCallError } from './errors';
import { backoffMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

/**
 * Wraps an adapter so 429s, 5xx, timeouts and connection failures are retried with backoff, honouring the
 * provider's `retry-after`. The caller's abort ends it at once and is never retried.
 */
export function resilient(model: ChatModel, overrides: Partial<RetryPolicy> = {}): ChatModel {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  return {
    provider: model.provider,
    modelId: model.modelId,
    spec: model.spec,
    async generate(request: ChatRequest): Promise<ChatResponse> {
      const caller = request.signal;
      for (let attempt = 1; ; attempt++) {
        if (caller?.aborted) throw new ModelCallAborted(model.spec, caller.reason);
        const timeout = AbortSignal.timeout(policy.timeoutMs);
        const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
        let failure: ModelCallError;
        try {
          return await model.generate({ ...request, signal });
        } catch (error) {
          if (caller?.aborted) throw new ModelCallAborted(model.spec, caller.reason);
          failure = timeout.aborted
            ? new ModelCallError(`${model.spec} did not answer within ${policy.timeoutMs} ms`, {
                model: model.spec,
                retryable: true,
                cause: error,
              })
            : asModelCallError(model.spec, error);
        }
        const tooLong = failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs;
        if (!failure.retryable || attempt >= policy.maxAttempts || tooLong) throw failure;
        try {
          await policy.sleep(backoffMs(policy, attempt, failure.retryAfterMs), caller);
        } catch {
          throw new ModelCallAborted(model.spec, caller?.reason);
        }
      }
    },
  };
}

function asModelCallError(spec: string, error: unknown): ModelCallError {
  if (error instanceof ModelCallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError(`${spec} call failed: ${message}`, { model: spec, retryable: false, cause: error });
}
