import type { ChatModel, ChatRequest } from './chat-model';
import { ModelCallAborted } from './errors';

/** Called when the primary model failed and the fallback answers instead; apps log it, tests count it. */
export type FallbackListener = (primary: string, fallback: string, error: unknown) => void;

/**
 * Answers with `fallback` when `primary` fails for good (its retries spent, a 4xx, a garbled answer), never when the
 * caller aborted. The response names the model that answered, so usage is priced at the right rate.
 */
export function withFallback(primary: ChatModel, fallback: ChatModel, onFallback?: FallbackListener): ChatModel {
  return {
    provider: primary.provider,
    modelId: primary.modelId,
    spec: primary.spec,
    async generate(request: ChatRequest) {
      try {
        return await primary.generate(request);
      } catch (error) {
        if (error instanceof ModelCallAborted || request.signal?.aborted) throw error;
        onFallback?.(primary.spec, fallback.spec, error);
        return fallback.generate(request);
      }
    },
  };
}
