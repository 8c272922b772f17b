import { describe, expect, it } from 'vitest';
import { type ManifestDoc, matchDocs, parseYaml } from './yaml-file';

const doc = (name: string, apiVersion = 'v1', kind = 'ConfigMap'): ManifestDoc => ({
  apiVersion,
  kind,
  namespace: 'apps',
  name,
  value: { name },
});

describe('matchDocs', () => {
  it('pairs by apiVersion and identity first, then by identity alone; the rest are removed or added, in order', () => {
    const before = [doc('a'), doc('b', 'apps/v1beta1', 'Deployment'), doc('c'), doc('a')];
    const after = [doc('b', 'apps/v1', 'Deployment'), doc('a'), doc('d'), doc('a'), doc('a')];
    const { pairs, removed, added } = matchDocs(before, after);
    expect(pairs.map(([b, a]) => [before.indexOf(b), after.indexOf(a)])).toEqual([
      [0, 1],
      [3, 3],
      [1, 0],
    ]);
    expect(removed).toEqual([before[2]]);
    expect(added).toEqual([after[2], after[4]]);
  });

  it('pairs a file of 20,000 documents in reverse order, each with its own', () => {
    const before = Array.from({ length: 20_000 }, (_, i) => doc(`c${i}`));
    const after = [...before].reverse().map((d) => ({ ...d }));
    const { pairs, removed, added } = matchDocs(before, after);
    expect(pairs).toHaveLength(20_000);
    expect(pairs.every(([b, a]) => b.name === a.name)).toBe(true);
    expect([removed, added]).toEqual([[], []]);
  });
});

describe('parseYaml', () => {
  const configMap = (i: number, pad = '') =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: "${pad}"\n`;

  it('answers a text it parsed before with the same frozen result while hundreds of others came between', () => {
    const first = parseYaml(configMap(0));
    for (let i = 1; i <= 500; i++) parseYaml(configMap(i));
    expect(parseYaml(configMap(0))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('forgets the oldest texts once those it keeps pass their character budget', () => {
    const first = parseYaml(configMap(0, 'first'));
    const big = 'x'.repeat(1000 * 1000);
    for (let i = 1; i <= 9; i++) parseYaml(configMap(i, big));
    const again = parseYaml(configMap(0, 'first'));
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });
});
