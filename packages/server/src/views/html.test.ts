import { describe, expect, it } from 'vitest';
import { html, trusted } from './html';

describe('html', () => {
  it('escapes interpolated text, attributes included', () => {
    const name = `<script>alert("x")</script>' onload='x`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x</p>',
    );
  });

  it('keeps nested templates and trusted markup, flattens arrays, drops false/null/undefined', () => {
    const items = ['a', '<b>'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}${false}${null}${undefined}${trusted('<hr>')}</ul>`.value).toBe(
      '<ul><li>a</li><li>&lt;b&gt;</li><hr></ul>',
    );
  });
});
