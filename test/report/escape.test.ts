import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../functions/core/report/escape-html.ts';
import { escapeMarkdown } from '../../functions/core/report/render-markdown.ts';

describe('escapeHtml (the one escape of the HTML report)', () => {
  it('turns markup into text in element content and in double- or single-quoted attributes', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`" onmouseover="x' '`)).toBe('&quot; onmouseover=&quot;x&#39; &#39;');
    expect(escapeHtml('a & b &amp;')).toBe('a &amp; b &amp;amp;');
  });

  it('makes invisible and direction-changing characters visible', () => {
    expect(escapeHtml('admin\u202Efdp.exe')).toBe('admin\\u{202e}fdp.exe');
    expect(escapeHtml('zero\u200Bwidth\u0000nul')).toBe('zero\\u{200b}width\\u{0}nul');
    expect(escapeHtml('tab\tand\nnewline stay')).toBe('tab\tand\nnewline stay');
  });
});

describe('escapeMarkdown', () => {
  it('keeps record content from making links, images, columns or HTML', () => {
    expect(escapeMarkdown('[click](javascript:alert(1))')).toBe('\\[click\\]\\(javascript:alert\\(1\\)\\)');
    expect(escapeMarkdown('![x](http://attacker.example/p.png)')).toBe(
      '!\\[x\\]\\(http://attacker.example/p.png\\)',
    );
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(escapeMarkdown('line\nbreak')).toBe('line break');
    expect(escapeMarkdown('**bold** _it_ `code`')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\`');
  });
});
