export { createAnthropic } from './anthropic/anthropic-model';
export * from './chat-model';
export { type ChatModelOptions, createRoleModel, KEY_VARIABLES, type ProviderSettings } from './chat-models';
export * from './errors';
export { type FallbackListener, withFallback } from './fallback';
export {
  type CallOptions,
  type CallRecord,
  complete,
  generateObject,
  type ObjectOptions,
  type ObjectRequest,
} from './generate';
export { createGoogle } from './google/google-model';
export { isStrictSchema, outputFormat, readOutput } from './json-output';
export { type ModelRef, type Provider, parseRoleModelSpec, type RoleModelSpec } from './model-spec';
export { createOpenAi, isReasoningModel, type OpenAiOptions } from './openai/openai-model';
export { costOf, type ModelPrice, PRICE_TABLE, priceOf } from './pricing';
export type { ProviderOptions } from './provider-options';
export { resilient } from './resilient';
export { retryAfterMs } from './retry-after';
export { abortableSleep, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
