const SUFFIX: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** `500m` → 0.5, `16Gi` → bytes, `4` → 4. */
export function parseQuantity(text: string | number | undefined): number {
  if (text === undefined) return 0;
  if (typeof text === 'number') return text;
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(text.trim());
  if (!match) return 0;
  return Number(match[1]) * (SUFFIX[match[2] ?? ''] ?? 1);
}
