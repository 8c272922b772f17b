import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders headings, tables and code', () => {
    const out = renderMarkdown('# Report\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n`kubectl`').value;
    expect(out).toContain('<h1>Report</h1>');
    expect(out).toContain('<td>1</td>');
    expect(out).toContain('<code>kubectl</code>');
  });

  it('strips scripts, event handlers and javascript: links', () => {
    const out = renderMarkdown(
      '<script>alert(1)</script><img src=x onerror="alert(2)">\n\n[x](javascript:alert(3)) <a href="https://ok.example" onclick="y()">ok</a>',
    ).value;
    expect(out).not.toMatch(/<script|onerror|onclick|javascript:/i);
    expect(out).toContain('<a href="https://ok.example" rel="noopener noreferrer">ok</a>');
  });
});
