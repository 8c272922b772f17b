import { TriadError } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { adrFileName, adrSlug } from './adr-file-name';
import { detectAdrDir, nextAdrNumber } from './adr-folder';
import { readAdrStatus, setAdrStatus } from './adr-status';
import { renderAdr } from './render-adr';

const draft = {
  title: 'Use GPU device plugin for Jellyfin',
  context: 'Jellyfin runs privileged only to reach /dev/dri.',
  decision: 'Request `gpu.intel.com/i915` from the device plugin instead of running privileged.',
  consequences: 'The device plugin must run on the GPU node.',
  alternatives: ['Keep privileged: true', 'Mount /dev/dri as a hostPath'],
};

describe('adrFileName', () => {
  it('pads the number to four digits and slugs the title', () => {
    expect(adrFileName(7, 'Use GPU device plugin for Jellyfin')).toBe('0007-use-gpu-device-plugin-for-jellyfin.md');
    expect(adrFileName(12345, 'x')).toBe('12345-x.md');
  });

  it('drops accents and punctuation, and never yields an empty slug', () => {
    expect(adrSlug('  Déplacer les données — vers NFS!  ')).toBe('deplacer-les-donnees-vers-nfs');
    expect(adrSlug('!!!')).toBe('decision');
    expect(adrSlug(`${'a'.repeat(50)} ${'b'.repeat(40)}`)).toBe('a'.repeat(50));
    expect(adrSlug(`Use the device plugin instead of privileged mode for ${'x'.repeat(40)}`)).toBe(
      'use-the-device-plugin-instead-of-privileged-mode',
    );
  });

  it('refuses numbers an ADR cannot have', () => {
    expect(() => adrFileName(0, 'x')).toThrow(TriadError);
    expect(() => adrFileName(1.5, 'x')).toThrow(/positive integer/);
  });
});

describe('nextAdrNumber', () => {
  it('continues after the highest number, gaps and all', () => {
    const paths = ['docs/adr/0001-a.md', 'docs/adr/0002-b.md', 'docs/adr/0007-c.md'];
    expect(nextAdrNumber(paths, 'docs/adr')).toBe(8);
  });

  it('ignores files that are not ADRs, nested folders and other folders', () => {
    const paths = [
      'docs/adr/README.md',
      'docs/adr/template.md',
      'docs/adr/0003-c.md',
      'docs/adr/0004-notes.txt',
      'docs/adr/archive/0040-old.md',
      'docs/adrs/0099-elsewhere.md',
      'docs/adr-0050.md',
    ];
    expect(nextAdrNumber(paths, 'docs/adr')).toBe(4);
    expect(nextAdrNumber(paths, './docs/adr/')).toBe(4);
  });

  it('starts at 1 in an empty or missing folder', () => {
    expect(nextAdrNumber([], 'docs/adr')).toBe(1);
    expect(nextAdrNumber(['docs/adr/README.md'], 'docs/adr')).toBe(1);
  });
});

describe('detectAdrDir', () => {
  it('finds an existing docs/decisions folder', () => {
    const paths = ['clusters/home/flux.yaml', 'docs/decisions/0001-use-flux.md', 'docs/decisions/README.md'];
    expect(detectAdrDir(paths)).toBe('docs/decisions');
  });

  it('prefers a folder holding ADRs over one that merely exists', () => {
    expect(detectAdrDir(['docs/adr/README.md', 'adr/0001-x.md'])).toBe('adr');
    expect(detectAdrDir(['doc/adr/README.md'])).toBe('doc/adr');
  });

  it('falls back when the repo has no ADR folder', () => {
    expect(detectAdrDir(['README.md', 'docs/sessions/s1.md', 'adrian/0001-x.md'])).toBe('docs/adr');
    expect(detectAdrDir([], 'decisions')).toBe('decisions');
  });
});

describe('renderAdr', () => {
  const markdown = renderAdr({
    number: 7,
    draft,
    status: 'Accepted',
    date: '2025-06-02T10:11:12.000Z',
    links: { taskId: 's2-t4', sessionId: 's2', commits: ['a'.repeat(40)] },
  });

  it('writes the MADR sections in order', () => {
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# 0007. Use GPU device plugin for Jellyfin',
      '## Context and Problem Statement',
      '## Decision Outcome',
      '### Consequences',
      '## Considered Options',
      '## Links',
    ]);
    expect(markdown).toContain('- Status: Accepted\n- Date: 2025-06-02\n');
  });

  it('lists the options and the links', () => {
    expect(markdown).toContain(
      '- Use GPU device plugin for Jellyfin (chosen)\n- Keep privileged: true\n- Mount /dev/dri as a hostPath',
    );
    expect(markdown).toContain(`- Task: \`s2-t4\`\n- Session: \`s2\`\n- Commit: \`${'a'.repeat(40)}\``);
  });
});

describe('setAdrStatus', () => {
  const accepted = renderAdr({
    number: 1,
    draft,
    status: 'Accepted',
    date: '2025-06-02',
    links: { taskId: 't', sessionId: 's' },
  });

  it('round-trips: Accepted → Superseded → Accepted gives the same text', () => {
    const superseded = setAdrStatus(accepted, 'Superseded');
    expect(readAdrStatus(superseded)).toBe('Superseded');
    expect(superseded).toContain('- Status: Superseded\n');
    expect(superseded.replace('Superseded', 'Accepted')).toBe(accepted);
    expect(setAdrStatus(superseded, 'Accepted')).toBe(accepted);
  });

  it('leaves a Status line in the body alone', () => {
    const body = `${accepted}\nStatus: Rejected in another system\n`;
    expect(setAdrStatus(body, 'Rejected').endsWith('Status: Rejected in another system\n')).toBe(true);
    expect(readAdrStatus(setAdrStatus(body, 'Rejected'))).toBe('Rejected');
  });

  it('handles MADR front matter and ADRs without a status', () => {
    const front = '---\nstatus: accepted\ndate: 2025-01-01\n---\n# Use Flux\n\n## Context\n';
    expect(readAdrStatus(front)).toBe('Accepted');
    expect(setAdrStatus(front, 'Superseded')).toBe(
      '---\nstatus: Superseded\ndate: 2025-01-01\n---\n# Use Flux\n\n## Context\n',
    );
    expect(setAdrStatus('# 0002. Use Flux\n\n## Context\n', 'Proposed')).toBe(
      '# 0002. Use Flux\n\n- Status: Proposed\n\n## Context\n',
    );
  });
});
