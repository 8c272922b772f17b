import { describe, expect, it } from 'vitest';
import { assertRepoPath } from './repo-path';

describe('assertRepoPath', () => {
  it('accepts repo-relative POSIX paths', () => {
    for (const path of ['a.yaml', 'apps/media/deployment.yaml', '.sops.yaml', 'dir with space/x.yaml', 'a..b/c']) {
      expect(assertRepoPath(path)).toBe(path);
    }
  });

  it('refuses paths that escape, are absolute, or enter .git', () => {
    for (const path of [
      '',
      '../x',
      'a/../../x',
      '/etc/x',
      'C:/x',
      'a\\b',
      '.git',
      '.git/config',
      'sub/.Git/x',
      'a//b',
      './a',
      'a\nb',
    ]) {
      expect(() => assertRepoPath(path), JSON.stringify(path)).toThrow(
        expect.objectContaining({ code: 'path_refused' }),
      );
    }
  });
});
