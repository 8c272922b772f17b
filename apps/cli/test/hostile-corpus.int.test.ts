import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../../bench/hostile/corpus';
import { type ItemOutcome, runItem } from '../../../bench/hostile/run-item';

/** What each hostile repository must come to, at the small size (bench/hostile/run.ts runs the full sizes). */
const EXPECTED: Record<string, (outcome: ItemOutcome) => void> = {
  'redos-sops-path-regex': (o) => {
    expect(o.checks['repo-regex-refused']).toBe(1);
    expect(o.checks['plaintext-secret']).toBe(1);
  },
  'redos-patch-target': (o) => expect(o.draft).toBe('none'),
  'alias-bomb': (o) => expect(o.checks['yaml-parse-error']).toBe(1),
  'deep-nesting': (o) => expect(o.findings).toBeGreaterThanOrEqual(0),
  'invalid-utf8': (o) => expect(o.checks['file-skipped']).toBe(1),
  symlinks: (o) => expect(o.checks['file-skipped']).toBe(2),
  'huge-manifest': (o) => expect(o.checks['file-skipped']).toBe(1),
  'env-credentials': (o) => {
    expect(o.checks['hardcoded-credential']).toBe(600);
    expect(o.draft).toMatch(/^(passed|refused: too-many-lines)$/);
  },
  'annotation-injection': (o) => expect(o.checks['privileged-container']).toBe(1),
};

describe('hostile repositories (small sizes): scan and draft stay alive and bounded', () => {
  it.each(HOSTILE.map((item) => [item.name, item] as const))(
    '%s',
    async (name, item) => {
      const outcome = await runItem(item, 'small');
      EXPECTED[name]?.(outcome);
      expect(outcome.scanMs + outcome.draftMs).toBeLessThan(60_000);
    },
    120_000,
  );

  it('covers every item', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(HOSTILE.map((i) => i.name).sort());
  });
});
