import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../../bench/hostile/corpus';
import type { ItemOutcome } from '../../../bench/hostile/run-item';

const here = dirname(fileURLToPath(import.meta.url));
/** The whole small corpus takes a few seconds; past this, the child is killed and the item it was on has hung. */
const LIMIT_MS = 90_000;

/** What each hostile repository must come to, at the small size (bench/hostile/run.ts runs the full sizes). */
const EXPECTED: Record<string, (outcome: ItemOutcome) => void> = {
  'redos-sops-path-regex': (o) => {
    expect(o.checks['repo-regex-refused']).toBe(1);
    expect(o.checks['plaintext-secret']).toBe(1);
    // The plaintext-secret fixer matches path_regex too: it must come back with a reason, not spin on (a+)+$.
    expect(o.draft).toMatch(/^cannot: .*no creation rule of \.sops\.yaml matches/);
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
  // Read whole, with no parse error: the duplicate-key check is linear (yaml's own compares every pair of keys).
  'wide-map': (o) => expect(o.checks).toEqual({}),
  'many-documents': (o) => {
    expect(o.checks['hardcoded-credential']).toBe(1);
    expect(o.draft).toBe('passed');
  },
  'annotation-injection': (o) => expect(o.checks['privileged-container']).toBe(1),
};

interface CorpusRun {
  outcomes: Map<string, ItemOutcome>;
  /** Set when the child was killed at the limit, or died. */
  failure?: string;
}

/**
 * Runs the small corpus in a child process, as bench/hostile does, so an item that loops synchronously (as a
 * backtracking regex does) is killed at the limit and named, instead of freezing the test worker for good.
 */
function runCorpus(): Promise<CorpusRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, '../../../bench/hostile/item.ts'), 'all', 'small'],
    {
      cwd: join(here, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const outcomes = new Map<string, ItemOutcome>();
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, LIMIT_MS);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) {
        const outcome = JSON.parse(line) as ItemOutcome;
        outcomes.set(outcome.name, outcome);
      }
      const pending = HOSTILE.find((item) => !outcomes.has(item.name))?.name;
      if (killed) resolve({ outcomes, failure: `${pending} did not finish within ${LIMIT_MS} ms` });
      else if (code !== 0)
        resolve({ outcomes, failure: `died on ${pending} (${code ?? signal}): ${stderr.trim().split('\n').at(-1)}` });
      else resolve({ outcomes });
    });
  });
}

describe('hostile repositories (small sizes): scan and draft stay alive and bounded', () => {
  let run: CorpusRun;

  it(
    'runs the whole corpus in a bounded child process',
    async () => {
      run = await runCorpus();
      expect(run.failure).toBeUndefined();
      expect([...run.outcomes.keys()].sort()).toEqual(HOSTILE.map((i) => i.name).sort());
    },
    LIMIT_MS + 30_000,
  );

  it.each(HOSTILE.map((item) => [item.name] as const))('%s', (name) => {
    const outcome = run?.outcomes.get(name);
    expect(outcome, `${name} produced no outcome`).toBeDefined();
    EXPECTED[name]?.(outcome!);
  });

  it('covers every item', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(HOSTILE.map((i) => i.name).sort());
  });
});
