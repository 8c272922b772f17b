import { describe, expect, it } from 'vitest';
import { highlightYaml } from './yaml-highlight';

describe('highlightYaml', () => {
  it('marks keys, scalars by type and trailing comments', () => {
    expect(highlightYaml('  privileged: true # was needed for /dev/dri').value).toBe(
      '  <span class="y-key">privileged</span>: <span class="y-bool">true</span><span class="y-comment"> # was needed for /dev/dri</span>',
    );
    expect(highlightYaml('    - name: "jellyfin"').value).toBe(
      '    <span class="y-dash">- </span><span class="y-key">name</span>: <span class="y-string">&quot;jellyfin&quot;</span>',
    );
    expect(highlightYaml('  replicas: 3').value).toContain('<span class="y-number">3</span>');
    expect(highlightYaml('  gpu.intel.com/i915: 1').value).toContain('<span class="y-key">gpu.intel.com/i915</span>');
  });

  it('keeps list items, comments and URLs in values whole, and escapes what it prints', () => {
    expect(highlightYaml('  - ALL').value).toBe('  <span class="y-dash">-</span> <span class="y-plain">ALL</span>');
    expect(highlightYaml('# <b>note</b>').value).toBe('<span class="y-comment"># &lt;b&gt;note&lt;/b&gt;</span>');
    expect(highlightYaml('  url: https://example.org/x').value).toContain(
      '<span class="y-plain">https://example.org/x</span>',
    );
  });
});
