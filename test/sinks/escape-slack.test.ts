import { describe, expect, it } from 'vitest';
import { escapeSlack } from '../../functions/adapters/sinks/escape-slack.ts';

describe('escapeSlack', () => {
  it('turns &, < and > into entities so <!channel> and links become inert text', () => {
    expect(escapeSlack('<!channel> a & b <https://evil.example|click>')).toBe(
      '&lt;!channel&gt; a &amp; b &lt;https://evil.example|click&gt;',
    );
  });

  it('neutralises bold, italic, strike and code markers', () => {
    const out = escapeSlack('*pwn* _it_ ~x~ `code`');
    expect(out).not.toMatch(/[*_~`]/);
    expect(out).toBe('＊pwn＊ ＿it＿ ～x～ ｀code｀');
  });

  it('breaks @channel, @here and @everyone mentions in any case', () => {
    const out = escapeSlack('hi @channel @HERE @everyone');
    expect(out).not.toMatch(/@(channel|here|everyone)/i);
    expect(out).toBe('hi @\u2060channel @\u2060HERE @\u2060everyone');
  });

  it('flattens line breaks so a value cannot start a quote or forge a line', () => {
    expect(escapeSlack('a\n> fake\r\nline\u2028x')).toBe('a &gt; fake  line x');
  });

  it('leaves an ordinary role ARN readable', () => {
    expect(escapeSlack('arn:aws:iam::111122223333:role/Deploy')).toBe(
      'arn:aws:iam::111122223333:role/Deploy',
    );
  });
});
