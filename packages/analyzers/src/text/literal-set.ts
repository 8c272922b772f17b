/**
 * A fixed set of literal strings (credential values, placeholders) located in one pass over a text with an
 * Aho–Corasick automaton: the work is linear in the text plus the total length of the strings, however many strings
 * there are. Replacing each of N values with its own `split`/`replaceAll` pass reads the text N times, which made a
 * Deployment with 12,600 literal credentials take minutes to mask.
 */
export class LiteralSet {
  /** The strings, deduplicated, in the order given; a match names one by its index here. */
  readonly values: readonly string[];
  /** Goto function: `state * 65536 + UTF-16 code unit` → next state. One map, not one per state, to keep it small. */
  private readonly goto = new Map<number, number>();
  private readonly fail: number[] = [0];
  /** The longest value that ends at each state (its own, or one reached through failure links), or -1. */
  private readonly longest: number[] = [-1];
  /** Automaton lookups made by the last `matches` call: at most twice the text's length (what the tests check). */
  lastSteps = 0;

  constructor(values: Iterable<string>) {
    this.values = [...new Set(values)].filter((value) => value.length > 0);
    const own: number[] = [-1];
    this.values.forEach((value, index) => {
      let state = 0;
      for (let i = 0; i < value.length; i++) {
        const key = state * 65536 + value.charCodeAt(i);
        let next = this.goto.get(key);
        if (next === undefined) {
          next = own.length;
          own.push(-1);
          this.goto.set(key, next);
        }
        state = next;
      }
      own[state] = index;
    });
    this.linkFailures(own);
  }

  /** Breadth-first: a state's failure link is the longest proper suffix of its path that is also a path. */
  private linkFailures(own: number[]): void {
    const children: Array<Array<[number, number]>> = own.map(() => []);
    for (const [key, child] of this.goto) children[Math.floor(key / 65536)]!.push([key % 65536, child]);
    this.fail.length = own.length;
    this.longest.length = own.length;
    this.fail.fill(0);
    this.longest[0] = -1;
    const queue: number[] = [0];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [code, child] of children[state]!) {
        if (state !== 0) {
          let f = this.fail[state]!;
          while (f !== 0 && !this.goto.has(f * 65536 + code)) f = this.fail[f]!;
          this.fail[child] = this.goto.get(f * 65536 + code) ?? 0;
        }
        // A state's own value is longer than any value ending at its failure state.
        this.longest[child] = own[child]! >= 0 ? own[child]! : this.longest[this.fail[child]!]!;
        queue.push(child);
      }
    }
  }

  /**
   * Every stretch of `text` covered by some value, as non-overlapping matches in text order: at each place the
   * longest value starting there wins. Where two values overlap, both are reported (the second one clipped to start
   * after the first), so that a caller that replaces matches leaves no character of either in clear.
   */
  matches(text: string): Array<{ start: number; end: number; index: number }> {
    // The longest value ending at each position covers every shorter one ending there.
    const found: Array<{ start: number; end: number; index: number }> = [];
    let state = 0;
    let steps = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = this.goto.get(state * 65536 + code);
      steps++;
      while (next === undefined && state !== 0) {
        state = this.fail[state]!;
        next = this.goto.get(state * 65536 + code);
        steps++;
      }
      state = next ?? 0;
      const index = this.longest[state]!;
      if (index >= 0) found.push({ start: i + 1 - this.values[index]!.length, end: i + 1, index });
    }
    this.lastSteps = steps;
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: typeof found = [];
    let covered = 0;
    for (const match of found) {
      if (match.end <= covered) continue;
      out.push({ ...match, start: Math.max(match.start, covered) });
      covered = match.end;
    }
    return out;
  }

  /** `text` with every match replaced by `replacement(value, index)`; see `matches` for overlaps. */
  replace(text: string, replacement: (value: string, index: number) => string): string {
    const matches = this.matches(text);
    if (matches.length === 0) return text;
    const parts: string[] = [];
    let at = 0;
    for (const { start, end, index } of matches) {
      parts.push(text.slice(at, start), replacement(this.values[index]!, index));
      at = end;
    }
    parts.push(text.slice(at));
    return parts.join('');
  }
}
