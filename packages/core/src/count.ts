/** `1 file`, `2 files`: a count with its noun, plural by `s` unless `plural` says otherwise. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
