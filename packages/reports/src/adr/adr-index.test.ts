import { describe, expect, it } from 'vitest';
import { findAdr, listAdrs } from './adr-index';
import { adrRecordedAt, renumberAdrEdit } from './renumber-adr';

const adr = (n: string, title: string, status = 'Accepted') =>
  `# ${n}. ${title}\n\n- Status: ${status}\n\n## Context\n`;

describe('listAdrs', () => {
  const files = new Map([
    ['docs/decisions/0002-use-sops.md', adr('0002', 'Use SOPS')],
    ['docs/decisions/0010-drop-privileged.md', adr('0010', 'Drop privileged mode', 'Rejected')],
    ['docs/decisions/README.md', '# Decisions'],
    ['docs/decisions/old/0001-nested.md', adr('0001', 'Nested')],
    ['apps/x.yaml', 'kind: ConfigMap'],
  ]);

  it('lists the detected folder by number, with title and status, ignoring other files', () => {
    expect(listAdrs(files)).toEqual([
      { number: 2, title: 'Use SOPS', status: 'Accepted', path: 'docs/decisions/0002-use-sops.md' },
      { number: 10, title: 'Drop privileged mode', status: 'Rejected', path: 'docs/decisions/0010-drop-privileged.md' },
    ]);
  });

  it('finds one by number with its text, or nothing', () => {
    expect(findAdr(files, 10)?.markdown).toContain('Drop privileged mode');
    expect(findAdr(files, 3)).toBeUndefined();
  });
});

describe('renumberAdrEdit', () => {
  const edit = { path: 'docs/adr/0003-use-device-plugin.md', before: null, after: adr('0003', 'Use device plugin') };

  it('keeps a number that is still free', () => {
    expect(renumberAdrEdit(edit, ['docs/adr/0001-a.md', 'docs/adr/0002-b.md'])).toBe(edit);
  });

  it('moves an ADR whose number was taken meanwhile to the next free one, title included', () => {
    const moved = renumberAdrEdit(edit, ['docs/adr/0002-b.md', 'docs/adr/0003-other.md']);
    expect(moved.path).toBe('docs/adr/0004-use-device-plugin.md');
    expect(moved.after).toMatch(/^# 0004\. Use device plugin$/m);
  });

  it('leaves edits of existing files alone', () => {
    const change = { path: 'docs/adr/0003-other.md', before: 'x', after: 'y' };
    expect(renumberAdrEdit(change, ['docs/adr/0003-other.md'])).toBe(change);
  });
});

describe('adrRecordedAt', () => {
  const edit = { path: 'docs/adr/0003-harden-containers.md', before: null, after: adr('0003', 'Harden containers') };

  it('names the ADR of the same title that landed meanwhile, under whatever number', () => {
    expect(adrRecordedAt(edit, ['docs/adr/0002-b.md', 'docs/adr/0004-harden-containers.md'])).toBe(
      'docs/adr/0004-harden-containers.md',
    );
    // Drafted on the same revision as the change that landed it, it has the very same path.
    expect(adrRecordedAt(edit, ['docs/adr/0003-harden-containers.md'])).toBe('docs/adr/0003-harden-containers.md');
  });

  it('is undefined for another title, another folder, an edit of an existing file and a non-ADR', () => {
    expect(adrRecordedAt(edit, ['docs/adr/0003-other.md', 'docs/adr/0004-harden-containers-too.md'])).toBeUndefined();
    expect(adrRecordedAt(edit, ['docs/decisions/0001-harden-containers.md'])).toBeUndefined();
    expect(adrRecordedAt({ ...edit, before: 'x' }, ['docs/adr/0001-harden-containers.md'])).toBeUndefined();
    const readme = { path: 'docs/adr/README.md', before: null, after: '# ADRs' };
    expect(adrRecordedAt(readme, ['docs/adr/README.md', 'docs/adr/0001-readme.md'])).toBeUndefined();
  });
});
