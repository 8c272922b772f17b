/** Short commit sha, as `git log --oneline` shows it. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** `12345` → `12,345`, independent of the host's locale. */
export function formatCount(value: number): string {
  const sign = value < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Dollars with cents; sub-cent amounts keep four decimals so they do not read as free. */
export function formatUsd(usd: number): string {
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** `part / whole` as a percentage rounded to one decimal; undefined when there is no whole to compare with. */
export function percentOf(part: number, whole: number | undefined): number | undefined {
  if (whole === undefined || whole <= 0) return undefined;
  return Math.round((part / whole) * 1000) / 10;
}

/** Milliseconds between two ISO instants; 0 when either does not parse. */
export function elapsedMs(from: string, to: string): number {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? ms : 0;
}

/** Text from a record on one line, for table cells and list items. */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
