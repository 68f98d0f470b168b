import { describe, expect, it } from 'vitest';
import { createLogSink } from '../../functions/adapters/sinks/log-sink.ts';
import { hostileFinding, secretsIn } from './finding-fixtures.ts';

describe('log sink', () => {
  it('writes one structured JSON line per alertable finding', async () => {
    const lines: string[] = [];
    const sink = createLogSink({ minSeverity: 'medium', log: (l) => lines.push(l) });

    await sink.send([
      hostileFinding(),
      hostileFinding({ id: 'f-2', rule: 'mfa-missing', severity: 'critical' }),
      hostileFinding({ id: 'f-3', severity: 'low' }),
      hostileFinding({ id: 'f-4', suppressed: true }),
    ]);

    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0] ?? '{}');
    expect(first).toMatchObject({ type: 'rolewatch.finding', rule: 'untrusted-principal', severity: 'high' });
    expect(first.finding.id).toBe('f-untrusted-principal-cf589cd4');
    expect(first.finding.session.name).toBe('<!channel> *pwn*');
    expect(JSON.parse(lines[1] ?? '{}').finding.id).toBe('f-2');
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  });

  it('logs no session token or credentials object', async () => {
    const lines: string[] = [];
    await createLogSink({ minSeverity: 'low', log: (l) => lines.push(l) }).send([hostileFinding()]);
    expect(lines).toHaveLength(1);
    expect(secretsIn(lines.join('\n'))).toEqual([]);
  });
});
