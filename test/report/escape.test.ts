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
      '!\\[x\\]\\(http\\://attacker.example/p.png\\)',
    );
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(escapeMarkdown('line\nbreak')).toBe('line break');
    expect(escapeMarkdown('**bold** _it_ `code`')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\`');
  });

  it('keeps bare URLs, www. names and e-mail addresses from becoming GFM autolinks', () => {
    // Checked with micromark's GFM extension: the escaped forms render as the same text, without a link.
    expect(escapeMarkdown('sign in at https://signin-aws.evil.example/login')).toBe(
      'sign in at https\\://signin-aws.evil.example/login',
    );
    expect(escapeMarkdown('or WWW.evil.example')).toBe('or WWW\\.evil.example');
    expect(escapeMarkdown('alice@acme.example')).toBe('alice\\@acme.example');
  });

  it('makes controls and direction-changing characters visible, so `cat report.md` cannot be steered', () => {
    expect(escapeMarkdown('ci\u202Eevil\u202C\u200Bzw\u001b[31mred\u000b\u000c\u0085')).toBe(
      'ci\\u{202e}evil\\u{202c}\\u{200b}zw\\u{1b}\\[31mred\\u{b}\\u{c}\\u{85}',
    );
  });
});
