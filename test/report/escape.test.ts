import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../functions/core/report/escape-html.ts';
import { escapeMarkdown } from '../../functions/core/report/render-markdown.ts';
import { makeVisible } from '../../functions/core/text/invisible-characters.ts';

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
    expect(escapeMarkdown('a\r\nb\rc\u2028d\u2029e')).toBe('a b c d e');
    expect(escapeMarkdown('**bold** _it_ `code`')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\`');
    expect(escapeMarkdown('~~struck~~')).toBe('\\~\\~struck\\~\\~');
  });

  it('keeps entities and backslashes a record carries as text, so they cannot rebuild markup', () => {
    // `&#x202E;` unescaped would render as a live RLO, `&lt;` as `<`; a record's own backslash would
    // escape the one added before `[`, leaving the bracket to open a link.
    expect(escapeMarkdown('ci&#x202E;exe &lt;b&gt;')).toBe('ci&amp;#x202E;exe &amp;lt;b&amp;gt;');
    expect(escapeMarkdown('\\[click\\](https://evil.example)')).toBe(
      '\\\\\\[click\\\\\\]\\(https\\://evil.example\\)',
    );
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

describe('the invisible characters the report formats show', () => {
  // Every format character (Unicode Cf), as the terminal table, the JSON outputs and the alerts treat
  // them: bidi isolates, the Arabic letter mark (a direction mark like U+200F), the BOM, the soft hyphen
  // and tag characters (invisible ASCII look-alikes) let one value pass for another in the report.
  const HIDDEN: readonly [string, string, string][] = [
    ['left-to-right isolate', '\u2066', '\\u{2066}'],
    ['right-to-left isolate', '\u2067', '\\u{2067}'],
    ['pop directional isolate', '\u2069', '\\u{2069}'],
    ['word joiner', '\u2060', '\\u{2060}'],
    ['BOM / zero-width no-break space', '\uFEFF', '\\u{feff}'],
    ['Arabic letter mark', '\u061C', '\\u{61c}'],
    ['soft hyphen', '\u00AD', '\\u{ad}'],
    ['Mongolian vowel separator', '\u180E', '\\u{180e}'],
    ['inhibit symmetric swapping', '\u206A', '\\u{206a}'],
    ['tag latin capital A', '\u{E0041}', '\\u{e0041}'],
  ];

  it.each(HIDDEN)('shows a %s as a \\u{…} escape in HTML, Markdown and CSV', (_name, c, shown) => {
    const name = `Prod${c}Admin`;
    expect(escapeHtml(name)).toBe(`Prod${shown}Admin`);
    expect(escapeMarkdown(name)).toBe(`Prod${shown}Admin`);
    expect(makeVisible(name)).toBe(`Prod${shown}Admin`);
  });

  it('keeps printable text, tab and newline as they are', () => {
    const text = 'ünïcödé ✓ 日本語 😀 tab\tnewline\n';
    expect(makeVisible(text)).toBe(text);
  });
});
