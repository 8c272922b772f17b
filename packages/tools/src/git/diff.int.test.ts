import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileEdit } from '@triad/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffEdits } from './diff';
import { runGit } from './run-git';

const EDITS: FileEdit[] = [
  { path: 'apps/media/deployment.yaml', before: 'a: 1\nb: 2\nc: 3\n', after: 'a: 1\nb: 20\nc: 3\n' },
  { path: 'apps/media/new.yaml', before: null, after: 'kind: ConfigMap\n' },
  { path: 'apps/old.yaml', before: 'gone: true\n', after: null },
  { path: 'empty.txt', before: null, after: '' },
  { path: 'no-newline.txt', before: 'x', after: 'y' },
  { path: 'untouched.yaml', before: 'same\n', after: 'same\n' },
];

describe.sequential('diffEdits', () => {
  let repo: string;
  const git = (args: string[], input?: string) =>
    runGit({ args, cwd: repo, ...(input === undefined ? {} : { input }) }).then(({ stdout }) => stdout.toString());

  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'triad-diff-'));
    await git(['init', '--quiet']);
    for (const { path, before } of EDITS) {
      if (before === null) continue;
      await mkdir(dirname(join(repo, path)), { recursive: true });
      await writeFile(join(repo, path), before);
    }
  });

  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it('produces one git-style diff that git apply accepts and that yields every after', async () => {
    const patch = diffEdits(EDITS);

    expect(patch).toContain(
      'diff --git a/apps/media/new.yaml b/apps/media/new.yaml\nnew file mode 100644\n--- /dev/null\n',
    );
    expect(patch).toContain('--- a/apps/old.yaml\n+++ /dev/null\n');
    expect(patch).not.toContain('untouched.yaml');
    await git(['apply', '--check'], patch);
    await git(['apply'], patch);
    for (const { path, after } of EDITS) {
      const content = await readFile(join(repo, path), 'utf8').catch(() => null);
      expect(content, path).toBe(after);
    }
  });

  it('is empty when nothing changes', () => {
    expect(diffEdits([{ path: 'a.yaml', before: 'x\n', after: 'x\n' }])).toBe('');
  });
});
