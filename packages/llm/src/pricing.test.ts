import { describe, expect, it } from 'vitest';
import { costOf, priceOf } from './pricing';

describe('price table', () => {
  it('prices dated model ids by their family, the longest prefix winning', () => {
    expect(priceOf('anthropic:claude-haiku-4-5-20251001')).toEqual({
      input: 1,
      output: 5,
      cachedInput: 0.1,
      cacheWrite: 1.25,
    });
    expect(priceOf('openai:gpt-4.1-mini-2025-04-14')?.input).toBe(0.4);
    expect(priceOf('openai:gpt-4.1-2025-04-14')?.input).toBe(2);
  });

  it('costs input, output and cached input at their own rates', () => {
    const usd = costOf('anthropic:claude-sonnet-4-6', { input: 1_000_000, output: 100_000, cached: 2_000_000 });
    expect(usd).toBeCloseTo(3 + 1.5 + 0.6, 10);
  });

  it('costs cache writes at the cache-write rate where there is one, and at the input rate elsewhere', () => {
    const usage = { input: 1_000_000, output: 0, cached: 0, cacheWrites: 400_000 };
    expect(costOf('anthropic:claude-sonnet-4-6', usage)).toBeCloseTo(0.6 * 3 + 0.4 * 3.75, 10);
    expect(costOf('openai:gpt-4.1', usage)).toBeCloseTo(2, 10);
  });

  it('costs nothing for self-hosted or unknown models, and honours an override table', () => {
    expect(costOf('openai-compatible:llama3@http://127.0.0.1:11434/v1', { input: 10, output: 10, cached: 0 })).toBe(0);
    expect(costOf('google:unknown-model', { input: 10, output: 10, cached: 0 })).toBe(0);
    const table = { 'google:unknown': { input: 1, output: 2, cachedInput: 0 } };
    expect(costOf('google:unknown-model', { input: 1_000_000, output: 0, cached: 0 }, table)).toBe(1);
  });
});
