import type { TokenUsage } from './chat-model';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Input tokens read from the prompt cache. */
  cachedInput: number;
  /** Input tokens written to the prompt cache, where that costs more than input (Anthropic's 5-minute cache: 1.25×). */
  cacheWrite?: number;
}

/**
 * List prices of the models Triad's roles are meant for, by `<provider>:<model id prefix>` (dated ids such as
 * `claude-sonnet-4-5-20250929` match their family). Override or extend per deployment with `prices`.
 */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  'anthropic:claude-opus-4': { input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75 },
  'anthropic:claude-sonnet-4': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
  'anthropic:claude-3-7-sonnet': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
  'anthropic:claude-haiku-4': { input: 1, output: 5, cachedInput: 0.1, cacheWrite: 1.25 },
  'anthropic:claude-3-5-haiku': { input: 0.8, output: 4, cachedInput: 0.08, cacheWrite: 1 },
  'openai:gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
  'openai:gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
  'openai:gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'openai:gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'openai:o3': { input: 2, output: 8, cachedInput: 0.5 },
  'openai:o3-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
  'openai:o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
  'google:gemini-2.5-pro': { input: 1.25, output: 10, cachedInput: 0.31 },
  'google:gemini-2.5-flash': { input: 0.3, output: 2.5, cachedInput: 0.075 },
  'google:gemini-2.0-flash': { input: 0.1, output: 0.4, cachedInput: 0.025 },
};

/** The price of a model: the longest matching prefix in `table`; self-hosted (`openai-compatible`) models are free. */
export function priceOf(
  spec: string,
  table: Readonly<Record<string, ModelPrice>> = PRICE_TABLE,
): ModelPrice | undefined {
  if (spec.startsWith('openai-compatible:')) return { input: 0, output: 0, cachedInput: 0 };
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (spec.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/** What one call cost in USD; 0 for a model with no known price (the usage is still recorded). */
export function costOf(spec: string, usage: TokenUsage, table?: Readonly<Record<string, ModelPrice>>): number {
  const price = priceOf(spec, table);
  if (!price) return 0;
  const writes = Math.min(usage.cacheWrites ?? 0, usage.input);
  const input = (usage.input - writes) * price.input + writes * (price.cacheWrite ?? price.input);
  return (input + usage.output * price.output + usage.cached * price.cachedInput) / 1_000_000;
}
