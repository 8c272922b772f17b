/**
 * Results computed from a text, kept while the text is the same, up to a budget of source characters (least recently
 * used first out). Off (a 0 budget) until a long-running process turns it on with `setParseCacheLimit`: a one-shot
 * scan would only pay to keep what it never reads again. What is kept is frozen by `freeze`, so a caller that tried to
 * change a shared result fails loudly instead of leaking into the next one.
 */
export class TextCache<T> {
  private readonly entries = new Map<string, { source: string; value: T }>();
  private bytes = 0;
  limit = 0;

  constructor(private readonly freeze: (value: T) => void = deepFreeze) {}

  /** The value kept for `key` if it was computed from this very `source`. */
  get(key: string, source: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.source !== source) return undefined;
    this.entries.delete(key); // most recently used last
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` (frozen) for `key` while its source is `source`, when the budget allows; returns it. */
  put(key: string, source: string, value: T): T {
    if (source.length > this.limit) return value;
    this.drop(key);
    this.freeze(value);
    this.entries.set(key, { source, value });
    this.bytes += source.length;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.limit) break;
      this.drop(oldest);
    }
    return value;
  }

  setLimit(characters: number): void {
    this.limit = Math.max(0, characters);
    if (this.limit === 0) {
      this.entries.clear();
      this.bytes = 0;
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.source.length;
  }
}

export function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
