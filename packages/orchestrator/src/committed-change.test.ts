import { describe, expect, it } from 'vitest';
import { committedChange } from './committed-change';

const adr = (path: string, number: string) => ({ path, before: null, after: `# ${number}. Use SOPS\n\nWhy.\n` });
const deploy = { path: 'apps/a.yaml', before: 'a: 1\n', after: 'a: 2\n' };

describe('committedChange', () => {
  it('is undefined when what landed is what was approved', () => {
    expect(
      committedChange(
        [deploy, adr('docs/adr/0003-use-sops.md', '0003')],
        [deploy, adr('docs/adr/0003-use-sops.md', '0003')],
      ),
    ).toBeUndefined();
  });

  it('says an ADR was renumbered, and why, with the committed diff', () => {
    const approved = [deploy, adr('docs/adr/0003-use-sops.md', '0003')];
    const landed = [deploy, adr('docs/adr/0004-use-sops.md', '0004')];
    const change = committedChange(approved, landed);
    expect(change?.changes).toEqual([
      'docs/adr/0003-use-sops.md was committed as docs/adr/0004-use-sops.md: another change took its number before this one landed',
    ]);
    expect(change?.diff).toContain('+++ b/docs/adr/0004-use-sops.md');
    expect(change?.diff).toContain('+# 0004. Use SOPS');
    expect(change?.diff).not.toContain('0003');
  });

  it('says an ADR was left out when a change that landed first recorded the same decision', () => {
    const approved = [deploy, adr('docs/adr/0003-use-sops.md', '0003')];
    const change = committedChange(approved, [deploy]);
    expect(change?.changes).toEqual([
      'docs/adr/0003-use-sops.md was left out: an earlier change of the session already recorded the same decision under that title',
    ]);
    expect(change?.diff).toContain('+++ b/apps/a.yaml');
    expect(change?.diff).not.toContain('adr');
  });
});
