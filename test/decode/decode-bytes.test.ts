import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeText } from '../../functions/core/decode/decode-bytes.ts';
import { collect, eventIds, leaksSecret, realRecords, secretsOf, utf8 } from './support.ts';

const { assumeRole, leaveOrganization, assumeRoleRetry, failedAssumeRole } = realRecords();
const logFile = JSON.stringify({ Records: [assumeRole, leaveOrganization, assumeRoleRetry] });
const jsonLines = [assumeRole, failedAssumeRole, assumeRoleRetry].map((r) => JSON.stringify(r));
const ALL_IDS = [assumeRole.eventID, leaveOrganization.eventID, assumeRoleRetry.eventID];

describe('decodeBytes: compression and encodings', () => {
  it('decompresses gzip recognised by its magic bytes, whatever the file name', () => {
    const out = collect(decodeBytes(gzipSync(logFile), 'trail.json'));

    expect(out.errors).toEqual([]);
    expect(eventIds(out)).toEqual(ALL_IDS);
    expect(out.records[2]!.location).toEqual({ file: 'trail.json', path: 'Records[2]' });
  });

  it('decodes gzipped JSON Lines with line numbers', () => {
    const out = collect(decodeBytes(gzipSync(jsonLines.join('\n')), 'records.jsonl.gz'));

    expect(out.records.map((r) => r.location)).toEqual([
      { file: 'records.jsonl.gz', line: 1 },
      { file: 'records.jsonl.gz', line: 2 },
      { file: 'records.jsonl.gz', line: 3 },
    ]);
  });

  it('reads a file named .gz that holds plain JSON without any error', () => {
    const out = collect(decodeBytes(utf8(logFile), 'trail.json.gz'));

    expect(out.errors).toEqual([]);
    expect(eventIds(out)).toEqual(ALL_IDS);
  });

  it('reports a .gz file that is neither gzip nor JSON as "not gzip data and not JSON"', () => {
    const out = collect(decodeBytes(utf8('this is a text note, not a trail\n'), 'trail.json.gz'));

    expect(out.records).toEqual([]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.kind).toBe('gzip');
    expect(out.errors[0]!.message).toMatch(/^not gzip data and not JSON/);
  });

  it('reports binary data in a .gz file as "not gzip data and not JSON"', () => {
    const out = collect(decodeBytes(new Uint8Array([0x00, 0xff, 0xfe, 0x80, 0x81, 0x0a, 0xc3]), 'x.json.gz'));

    expect(out.errors.map((e) => e.kind)).toEqual(['gzip']);
    expect(out.errors[0]!.message).toMatch(/^not gzip data and not JSON/);
  });

  it('reports truncated gzip as one gzip error naming the file', () => {
    const whole = gzipSync(logFile);

    const out = collect(decodeBytes(whole.subarray(0, Math.floor(whole.length / 2)), 'trail.json.gz'));

    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([
      { kind: 'gzip', message: expect.stringMatching(/truncated gzip/), location: { file: 'trail.json.gz' } },
    ]);
  });

  it('reports corrupt gzip as one gzip error', () => {
    const bytes = Buffer.from(gzipSync(logFile));
    bytes.fill(0x55, 12, 60);

    const out = collect(decodeBytes(bytes, 'trail.json.gz'));

    expect(out.records).toEqual([]);
    expect(out.errors.map((e) => e.kind)).toEqual(['gzip']);
    expect(out.errors[0]!.message).toMatch(/gzip/);
  });

  it('names a zip archive instead of calling it invalid JSON', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]);

    const out = collect(decodeBytes(zip, 'export.json'));

    expect(out.errors.map((e) => e.message)).toEqual([expect.stringContaining('zip archive')]);
  });

  it('skips a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(JSON.stringify(assumeRole))]);

    const out = collect(decodeBytes(bytes, 'record.json'));

    expect(out.errors).toEqual([]);
    expect(eventIds(out)).toEqual([assumeRole.eventID]);
  });

  it('reads UTF-16 text that starts with a byte order mark, as PowerShell writes it', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(JSON.stringify(assumeRole), 'utf16le'),
    ]);

    const out = collect(decodeBytes(bytes, 'record.json'));

    expect(eventIds(out)).toEqual([assumeRole.eventID]);
  });

  it('reports non-UTF-8 bytes as one error naming the line of the first bad byte', () => {
    const text = `${jsonLines[0]}\n${jsonLines[1]}\n`;
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d, 0x0a])]);

    const out = collect(decodeBytes(bytes, 'records.jsonl'));

    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([
      {
        kind: 'json',
        message: expect.stringMatching(/^not UTF-8 text: invalid byte 0xe9 at line 3/),
        location: { file: 'records.jsonl', line: 3 },
      },
    ]);
  });
});

describe('decodeText: one JSON value or JSON Lines', () => {
  it('yields one error "empty file" for an empty or whitespace-only file', () => {
    expect(collect(decodeBytes(new Uint8Array(0), 'empty.json')).errors).toEqual([
      { kind: 'json', message: 'empty file', location: { file: 'empty.json' } },
    ]);
    expect(collect(decodeText(' \n\t\r\n', 'blank.jsonl')).errors.map((e) => e.message)).toEqual([
      'empty file',
    ]);
  });

  it('yields a bare record read from one JSON value', () => {
    const out = collect(decodeText(JSON.stringify(assumeRole, null, 2), 'record.json'));

    expect(out.records).toEqual([{ record: assumeRole, location: { file: 'record.json' } }]);
  });

  it('yields every line of JSON Lines as a record with its 1-based line number, ignoring blank lines', () => {
    const text = `${jsonLines[0]}\n\n   \n${jsonLines[1]}\r\n${jsonLines[2]}\n`;

    const out = collect(decodeText(text, 'records.jsonl'));

    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.location.line)).toEqual([1, 4, 5]);
    expect(out.records[1]!.record).toEqual(failedAssumeRole);
  });

  it('reports each bad JSON Lines line as its own error with its line number, keeping good lines', () => {
    const text = [
      jsonLines[0],
      '{"eventVersion":"1.08","eventSource":"sts.amaz',
      jsonLines[1],
      'nonsense',
      jsonLines[2],
    ].join('\n');

    const out = collect(decodeText(text, 'records.jsonl'));

    expect(eventIds(out)).toEqual([assumeRole.eventID, failedAssumeRole.eventID, assumeRoleRetry.eventID]);
    expect(out.errors.map((e) => [e.kind, e.location])).toEqual([
      ['json', { file: 'records.jsonl', line: 2 }],
      ['json', { file: 'records.jsonl', line: 4 }],
    ]);
  });

  it('keeps the good lines when the first line of a JSON Lines file is broken', () => {
    const text = [jsonLines[0]!.slice(40), jsonLines[1], jsonLines[2]].join('\n');

    const out = collect(decodeText(text, 'records.jsonl'));

    expect(eventIds(out)).toEqual([failedAssumeRole.eventID, assumeRoleRetry.eventID]);
    expect(out.errors.map((e) => e.location.line)).toEqual([1]);
  });

  it('reads the lines after a broken one as it reads them after a good one (CRLF, blanks, two values on a line)', () => {
    // After a broken line the next one is scanned before it is parsed (a failed JSON.parse is costly);
    // what is read must not depend on that.
    const after = [
      `${jsonLines[1]}\r`,
      `${jsonLines[2]}   `,
      `${jsonLines[0]} ${jsonLines[1]}`,
      '[1,',
      jsonLines[2],
    ];
    const good = collect(decodeText([jsonLines[0], ...after].join('\n'), 'records.jsonl'));
    const broken = collect(decodeText(['{"eventSource":', ...after].join('\n'), 'records.jsonl'));

    expect(good.records).toHaveLength(6);
    expect(broken.records).toEqual(good.records.slice(1));
    expect(broken.errors.map((e) => e.location.line)).toEqual([1, 5]);
    expect(broken.errors[1]).toEqual(good.errors[0]);
  });

  it('reports a JSON Lines line cut short before the next line as an error on that line', () => {
    const text = [jsonLines[0], jsonLines[1]!.slice(0, 300), jsonLines[2]].join('\n');

    const out = collect(decodeText(text, 'records.jsonl'));

    expect(eventIds(out)).toEqual([assumeRole.eventID, assumeRoleRetry.eventID]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.location).toEqual({ file: 'records.jsonl', line: 2 });
  });

  it('reports truncated compact JSON as one error that names the line', () => {
    const out = collect(decodeText(logFile.slice(0, 5000), 'trail.json'));

    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([
      {
        kind: 'json',
        message: expect.stringMatching(/^truncated JSON at line 1, column \d+/),
        location: { file: 'trail.json', line: 1 },
      },
    ]);
  });

  it('reports truncated pretty-printed JSON as one error that names the line where the text ends', () => {
    const pretty = JSON.stringify([assumeRole, leaveOrganization], null, 3);
    const cut = pretty.slice(0, pretty.indexOf('"eventName": "LeaveOrganization"'));
    const lastLine = cut.split('\n').length;

    const out = collect(decodeText(cut, 'stratus.json'));

    expect(out.records).toEqual([]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.location).toEqual({ file: 'stratus.json', line: lastLine });
    expect(out.errors[0]!.message).toMatch(new RegExp(`^truncated JSON at line ${lastLine}\\b`));
  });

  it('reports invalid JSON with its line and column', () => {
    const text =
      '{\n  "Records": [\n    {"eventSource": "sts.amazonaws.com", "eventName": AssumeRole}\n  ]\n}\n';

    const out = collect(decodeText(text, 'hand-written.json'));

    expect(out.errors).toEqual([
      {
        kind: 'json',
        message: expect.stringMatching(/^invalid JSON at line 3, column 55: /),
        location: { file: 'hand-written.json', line: 3 },
      },
    ]);
  });

  it('reports text that is not JSON at all as a single error, not one per line', () => {
    const csv = 'eventTime,eventName,roleArn\n2024-08-02T08:30:00Z,AssumeRole,arn:aws:iam::1:role/x\n1,2,3\n';

    const out = collect(decodeText(csv, 'export.json'));

    expect(out.records).toEqual([]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.location.line).toBe(1);
  });

  it('reads records pretty-printed one after another, as jq prints them', () => {
    const text = `${JSON.stringify(assumeRole, null, 2)}\n${JSON.stringify(leaveOrganization, null, 2)}\n`;

    const out = collect(decodeText(text, 'jq-output.json'));

    expect(out.errors).toEqual([]);
    expect(eventIds(out)).toEqual([assumeRole.eventID, leaveOrganization.eventID]);
    expect(out.records[1]!.location.line).toBe(JSON.stringify(assumeRole, null, 2).split('\n').length + 1);
  });

  it('reads JSON values concatenated without separators, as Firehose writes CloudWatch Logs payloads', () => {
    const payload = (r: Record<string, unknown>) =>
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        logGroup: 'g',
        logStream: 's',
        logEvents: [{ id: '1', timestamp: 1, message: JSON.stringify(r) }],
      });

    const out = collect(decodeText(payload(assumeRole) + payload(assumeRoleRetry), 'firehose-object'));

    expect(out.errors).toEqual([]);
    expect(eventIds(out)).toEqual([assumeRole.eventID, assumeRoleRetry.eventID]);
  });
});

describe('error messages never echo secrets or large chunks of input', () => {
  const secrets = [assumeRole, assumeRoleRetry].flatMap(secretsOf);

  it('has real session tokens in the test records to protect', () => {
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets[0]!.length).toBeGreaterThan(100);
  });

  it('shows no part of a session token when the input breaks inside it', () => {
    const token = secretsOf(assumeRole)[0]!;
    const at = logFile.indexOf(token) + 120;
    const corrupt = `${logFile.slice(0, at)}\u0001${logFile.slice(at + 1)}`;

    const out = collect(decodeText(corrupt, 'trail.json'));

    expect(out.errors).toHaveLength(1);
    expect(leaksSecret(out.errors[0]!.message, secrets)).toBe(false);
  });

  it('shows no part of a session token when the input breaks right after it', () => {
    const token = secretsOf(assumeRoleRetry)[0]!;
    const at = logFile.indexOf(token) + token.length + 1;
    const corrupt = `${logFile.slice(0, at)} garbage ${logFile.slice(at)}`;

    const out = collect(decodeText(corrupt, 'trail.json'));

    expect(out.errors).toHaveLength(1);
    expect(leaksSecret(out.errors[0]!.message, secrets)).toBe(false);
  });

  it('keeps every message short whatever the cut', () => {
    for (let cut = 1; cut < logFile.length; cut += 97) {
      const out = collect(decodeText(logFile.slice(0, cut), 'trail.json'));
      for (const error of out.errors) {
        expect(error.message.length).toBeLessThan(300);
        expect(leaksSecret(error.message, secrets)).toBe(false);
      }
    }
  });
});
