import { describe, expect, it } from 'vitest';
import { relativeLink } from './decisions';

describe('relativeLink', () => {
  it('links an ADR from the report folder, each segment encoded', () => {
    expect(relativeLink('docs/sessions', 'docs/adr/0001-use-sops.md')).toBe('../adr/0001-use-sops.md');
    expect(relativeLink('reports', 'docs/adr/0002-a (b).md')).toBe('../docs/adr/0002-a%20%28b%29.md');
    expect(relativeLink('docs', 'docs/adr/0003-[x].md')).toBe('adr/0003-%5Bx%5D.md');
  });
});
