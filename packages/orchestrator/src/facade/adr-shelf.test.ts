import { describe, expect, it } from 'vitest';
import { adrsIn } from './adr-shelf';

describe('adrsIn', () => {
  it('lists numbered Markdown files of the detected ADR folder with title and status, by number', () => {
    const files = new Map([
      ['docs/adr/0002-gpu-plugin.md', '# Use the GPU device plugin\n\n- Status: Accepted\n'],
      ['docs/adr/0001-sops.md', '# Decrypt with SOPS\n\nStatus: proposed\n\n## Context\n'],
      ['docs/adr/README.md', '# ADRs'],
      ['docs/adr/drafts/0003-x.md', '# nested'],
      ['apps/jellyfin.yaml', 'kind: Deployment'],
    ]);
    expect(adrsIn(files, 'docs/adr')).toEqual({
      dir: 'docs/adr',
      adrs: [
        { number: 1, title: 'Decrypt with SOPS', status: 'Proposed', path: 'docs/adr/0001-sops.md' },
        { number: 2, title: 'Use the GPU device plugin', status: 'Accepted', path: 'docs/adr/0002-gpu-plugin.md' },
      ],
    });
  });

  it('gives the title without the number a heading repeats, as the CLI and the UI both show it', () => {
    const files = new Map([['docs/adr/0004-flux.md', '# 4. Reconcile with Flux\n\nStatus: Accepted\n']]);
    expect(adrsIn(files, 'docs/adr').adrs[0]?.title).toBe('Reconcile with Flux');
  });

  it('finds ADRs in another conventional folder, and an empty list where there are none', () => {
    expect(adrsIn(new Map([['adr/0007-x.md', '# X']]), 'docs/adr')).toMatchObject({
      dir: 'adr',
      adrs: [{ number: 7 }],
    });
    expect(adrsIn(new Map([['README.md', '# hi']]), 'docs/adr')).toEqual({ dir: 'docs/adr', adrs: [] });
  });
});
