import { describe, expect, it } from 'vitest';
import { skippedText } from './observe';

describe("observe's line about what it could not read", () => {
  it('names files one would expect to be text, with why, and counts pictures, fonts and archives', () => {
    const text = skippedText([
      { path: 'docs/logo.png', kind: 'binary' },
      { path: 'apps/dash/icons/a.JPG', kind: 'binary' },
      { path: 'fonts/x.woff2', kind: 'binary' },
      { path: 'apps/legacy/values.yaml', kind: 'binary' },
      { path: 'apps/dump.json', kind: 'too-large' },
      { path: 'vendor/lib', kind: 'submodule' },
    ]);
    expect(text).toBe(
      '; skipped apps/legacy/values.yaml (binary or not UTF-8), apps/dump.json (over 1 MiB), vendor/lib (a submodule)' +
        '; 3 binary files (pictures, fonts, archives) not read',
    );
  });

  it('says nothing when everything was read, and names at most ten', () => {
    expect(skippedText([])).toBe('');
    const many = Array.from({ length: 12 }, (_, i) => ({ path: `apps/${i}.yaml`, kind: 'symlink' as const }));
    expect(skippedText(many)).toMatch(/apps\/9\.yaml \(a symbolic link\) and 2 more$/);
    expect(skippedText([{ path: 'a.png', kind: 'binary' }])).toBe(
      '; 1 binary file (pictures, fonts, archives) not read',
    );
  });
});
