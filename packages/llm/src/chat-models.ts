import { TriadError } from '@triad/core';
import { createAnthropic } from './anthropic/anthropic-model';
import type { ChatModel } from './chat-model';
import { type FallbackListener, withFallback } from './fallback';
import { createGoogle } from './google/google-model';
import type { ModelRef, Provider } from './model-spec';
import { parseRoleModelSpec } from './model-spec';
import { createOpenAi } from './openai/openai-model';
import { resilient } from './resilient';
import type { RetryPolicy } from './retry-policy';

/** Keys and base URLs of each provider, as the app read them from its environment. */
export interface ProviderSettings {
  anthropic?: { apiKey?: string; baseURL?: string };
  google?: { apiKey?: string; baseURL?: string };
  openai?: { apiKey?: string; baseURL?: string };
  /** Replaces the global fetch for every provider (proxies, tests). */
  fetch?: typeof globalThis.fetch;
}

/** The environment variable a person sets for each provider's key: named in the error when it is missing. */
export const KEY_VARIABLES: Record<Exclude<Provider, 'openai-compatible'>, string> = {
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GEMINI_API_KEY (or GOOGLE_API_KEY)',
  openai: 'OPENAI_API_KEY',
};

export interface ChatModelOptions {
  /** What the role is called in errors (`Lead`). */
  label?: string;
  retry?: Partial<RetryPolicy>;
  onFallback?: FallbackListener;
}

/**
 * The model (with retries, and its fallback) a role's setting names. A provider whose key is missing fails here,
 * at once, with the variable to set: a role is never silently run by something else.
 */
export function createRoleModel(spec: string, settings: ProviderSettings, options: ChatModelOptions = {}): ChatModel {
  const parsed = parseRoleModelSpec(spec);
  const build = (ref: ModelRef) =>
    resilient(createModel(ref, settings, options.label ?? 'a role', spec), options.retry);
  const primary = build(parsed.primary);
  return parsed.fallback ? withFallback(primary, build(parsed.fallback), options.onFallback) : primary;
}

function createModel(ref: ModelRef, settings: ProviderSettings, label: string, spec: string): ChatModel {
  const fetch = settings.fetch ? { fetch: settings.fetch } : {};
  if (ref.provider === 'openai-compatible') {
    return createOpenAi({
      apiKey: settings.openai?.apiKey,
      baseURL: ref.baseURL,
      flavour: 'openai-compatible',
      ...fetch,
    })(ref.model);
  }
  const provider = settings[ref.provider];
  if (!provider?.apiKey) {
    throw new TriadError(
      `${label} is set to "${spec}" but ${KEY_VARIABLES[ref.provider]} is not set: export it, or set the role to builtin`,
      { code: 'model_key_missing', domain: 'config', details: { provider: ref.provider } },
    );
  }
  const options = { apiKey: provider.apiKey, ...(provider.baseURL ? { baseURL: provider.baseURL } : {}), ...fetch };
  if (ref.provider === 'anthropic') return createAnthropic(options)(ref.model);
  if (ref.provider === 'google') return createGoogle(options)(ref.model);
  return createOpenAi({ ...options, flavour: 'openai' })(ref.model);
}
