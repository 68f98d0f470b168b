import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import type { SourceItem } from '../../functions/core/pipeline/source-item.ts';
import { listInputFilesSync, readInputFileSync } from '../../functions/io/read-inputs.ts';
import { collect, realRecords } from '../decode/support.ts';

const { assumeRole, leaveOrganization, assumeRoleRetry, failedAssumeRole } = realRecords();
let root: string;

async function list(paths: readonly string[]): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for (const item of listInputFilesSync(paths)) out.push(item);
  return out;
}

const rel = (items: readonly SourceItem[]) =>
  items.map((i) => {
    if ('file' in i) return i.file.slice(root.length + 1);
    if ('ignored' in i) return `ignored:${i.ignored.slice(root.length + 1)}`;
    if ('error' in i) return `error:${i.error.location.file?.slice(root.length + 1)}`;
    return 'input';
  });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rolewatch-inputs-'));
  const at = (p: string) => join(root, p);
  mkdirSync(at('trail/AWSLogs/307578594326/CloudTrail/euiso-south-3r/2024/08/02'), { recursive: true });
  mkdirSync(at('trail/notes'), { recursive: true });
  mkdirSync(at('trail/x.json'));
  writeFileSync(at('trail/b-record.json'), JSON.stringify(assumeRole));
  writeFileSync(at('trail/a-export.JSONL'), `${JSON.stringify(failedAssumeRole)}\n`);
  writeFileSync(at('trail/c.ndjson'), `${JSON.stringify(leaveOrganization)}\n`);
  writeFileSync(at('trail/readme.txt'), 'not an input');
  writeFileSync(at('trail/.DS_Store'), 'not an input');
  mkdirSync(at('trail/.git/objects/4b'), { recursive: true });
  writeFileSync(at('trail/.git/objects/4b/825dc642cb6eb9a060e54bf8d69288fbee4904'), 'x\x9c\x03');
  writeFileSync(
    at('trail/delivery-stream-1-2026-11-01-10-15-00-0a1b2c3d'),
    `${JSON.stringify(assumeRole)}\n`,
  );
  writeFileSync(at('trail/notes/todo.md'), '# not an input');
  writeFileSync(at('trail/x.json/inside.json'), JSON.stringify(assumeRoleRetry));
  writeFileSync(
    at(
      'trail/AWSLogs/307578594326/CloudTrail/euiso-south-3r/2024/08/02/307578594326_CloudTrail_0830Z.json.gz',
    ),
    gzipSync(JSON.stringify({ Records: [assumeRole, leaveOrganization] })),
  );
  writeFileSync(
    at(
      'trail/AWSLogs/307578594326/CloudTrail/euiso-south-3r/2024/08/02/307578594326_CloudTrail_0825Z.json.gz',
    ),
    gzipSync(JSON.stringify({ Records: [] })),
  );
  symlinkSync(at('trail/does-not-exist.json'), at('trail/broken-link.json'));
  symlinkSync(at('trail/notes'), at('trail/linked-folder.json'));
  symlinkSync(at('trail/b-record.json'), at('trail/linked-record.json'));
  writeFileSync(at('loose.log'), JSON.stringify(assumeRole));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('listInputFilesSync', () => {
  it('walks a folder recursively in sorted order, reading .json .jsonl .ndjson .gz and extensionless files', async () => {
    const items = await list([join(root, 'trail')]);

    expect(rel(items)).toEqual([
      'trail/AWSLogs/307578594326/CloudTrail/euiso-south-3r/2024/08/02/307578594326_CloudTrail_0825Z.json.gz',
      'trail/AWSLogs/307578594326/CloudTrail/euiso-south-3r/2024/08/02/307578594326_CloudTrail_0830Z.json.gz',
      'trail/a-export.JSONL',
      'trail/b-record.json',
      'error:trail/broken-link.json',
      'trail/c.ndjson',
      'trail/delivery-stream-1-2026-11-01-10-15-00-0a1b2c3d',
      'trail/linked-record.json',
      'ignored:trail/notes/todo.md',
      'ignored:trail/readme.txt',
      'trail/x.json/inside.json',
    ]);
  });

  it('reads only regular files: a FIFO or a device, even behind a link, is an input error naming it', async () => {
    const dir = join(root, 'specials');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, 'b.json')]);
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify(assumeRole));

    const items = await list([dir, '/dev/null']);

    expect(rel(items.slice(0, 3))).toEqual([
      'error:specials/b.json',
      'specials/c.json',
      'error:specials/zero.json',
    ]);
    const messages = items.flatMap((i) => ('error' in i ? [i.error.message] : []));
    expect(messages).toEqual([
      expect.stringMatching(/b\.json is a FIFO \(named pipe\), not a regular file/),
      expect.stringMatching(/zero\.json is a character device, not a regular file/),
      expect.stringMatching(/\/dev\/null is a character device/),
    ]);
    rmSync(dir, { recursive: true });
  });

  it('reports a broken link as a read error and goes on', async () => {
    const items = await list([join(root, 'trail')]);

    const errors = items.flatMap((i) => ('error' in i ? [i.error] : []));
    expect(errors).toEqual([
      {
        kind: 'read',
        message: expect.stringContaining('broken symbolic link'),
        location: { file: join(root, 'trail/broken-link.json') },
      },
    ]);
  });

  it('always lists a path given as a file, whatever its name, hidden ones too', async () => {
    const items = await list([join(root, 'loose.log'), join(root, 'trail/.DS_Store')]);

    expect(items).toEqual([{ file: join(root, 'loose.log') }, { file: join(root, 'trail/.DS_Store') }]);
  });

  it('reports a missing path as a read error and lists the other paths', async () => {
    const items = await list([join(root, 'missing'), join(root, 'trail/c.ndjson')]);

    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: expect.stringMatching(/^cannot read .*missing: no such file/),
          location: { file: join(root, 'missing') },
        },
      },
      { file: join(root, 'trail/c.ndjson') },
    ]);
  });

  it('walks a folder named twice only once', async () => {
    const items = await list([join(root, 'trail/x.json'), join(root, 'trail/x.json')]);

    expect(rel(items)).toEqual(['trail/x.json/inside.json']);
  });
});

describe('readInputFileSync', () => {
  it('reads the bytes of a file', async () => {
    const result = readInputFileSync(join(root, 'trail/b-record.json'));

    expect(result.ok).toBe(true);
    if (result.ok) expect(Buffer.from(result.value).toString('utf8')).toBe(JSON.stringify(assumeRole));
  });

  it('returns a read error for a folder', async () => {
    const result = readInputFileSync(join(root, 'trail/x.json'));

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'read',
        message: expect.stringContaining('is a folder, not a regular file'),
        location: { file: join(root, 'trail/x.json') },
      },
    });
  });

  it('returns a read error for a missing file', async () => {
    const result = readInputFileSync(join(root, 'nope.json'));

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('read');
  });
});

describe('listing, reading and decoding a tree', () => {
  it('finds every record of the tree and one error for the broken link', async () => {
    const ids: unknown[] = [];
    const errors: string[] = [];
    for (const item of listInputFilesSync([join(root, 'trail')])) {
      if ('error' in item) {
        errors.push(item.error.kind);
        continue;
      }
      if (!('file' in item)) continue;
      const bytes = readInputFileSync(item.file);
      if (!bytes.ok) {
        errors.push(bytes.error.kind);
        continue;
      }
      const out = collect(decodeBytes(bytes.value, item.file));
      ids.push(...out.records.map((r) => r.record.eventID));
      errors.push(...out.errors.map((e) => e.kind));
    }

    expect(ids).toEqual([
      assumeRole.eventID,
      leaveOrganization.eventID,
      failedAssumeRole.eventID,
      assumeRole.eventID,
      leaveOrganization.eventID,
      assumeRole.eventID,
      assumeRole.eventID,
      assumeRoleRetry.eventID,
    ]);
    expect(errors).toEqual(['read']);
  });
});
