import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_EVENT_NAMES } from '../../functions/core/model/credential-event.ts';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { CORPUS_DIR, loadCorpus, sessionTokensIn } from './load-records.ts';

const isCredentialCall = (r: unknown): boolean => {
  const o = r as Record<string, unknown>;
  return (
    o.eventSource === 'sts.amazonaws.com' &&
    (CREDENTIAL_EVENT_NAMES as readonly unknown[]).includes(o.eventName)
  );
};

// The corpus is shared, read-only data next to the repository; without it there is nothing to check.
describe.runIf(existsSync(CORPUS_DIR))('normalizeRecord on the public CloudTrail corpus', () => {
  const corpus = loadCorpus();

  it('turns every STS credential record into an event and skips every other record', () => {
    let events = 0;
    let skipped = 0;
    for (const { file, index, record } of corpus) {
      const outcome = normalizeRecord(record, { file, path: `[${index}]` });
      expect(outcome.kind, `${file}[${index}]`).toBe(isCredentialCall(record) ? 'event' : 'skipped');
      if (outcome.kind === 'event') events++;
      if (outcome.kind === 'skipped') skipped++;
    }
    // MANIFEST.md: 225 records; 20 credential calls (13 + 4 denied AssumeRole, 2 + 1 denied GetSessionToken).
    expect(corpus).toHaveLength(225);
    expect(events).toBe(20);
    expect(skipped).toBe(205);
  });

  it('reads the denied Stratus AssumeRole calls as failures whose role comes from the error message', () => {
    const denied = corpus
      .filter((c) => c.file.startsWith('aws.') && isCredentialCall(c.record))
      .map((c) => normalizeRecord(c.record, { file: c.file }))
      .flatMap((o) => (o.kind === 'event' && !o.event.success ? [o.event] : []));
    expect(denied).toHaveLength(4);
    for (const e of denied) {
      expect(e.errorCode).toBe('AccessDenied');
      expect(e.role?.from).toBe('errorMessage');
      expect(e.role?.arn).toMatch(/^arn:aws:iam::\d{12}:role\/stratus-red-team-/);
    }
  });

  it('computes 900 second grants from the locale-formatted expirations of the Stratus captures', () => {
    const granted = corpus
      .filter((c) => c.file.startsWith('aws.') && isCredentialCall(c.record))
      .map((c) => normalizeRecord(c.record, { file: c.file }))
      .flatMap((o) => (o.kind === 'event' && o.event.success ? [o.event.session] : []));
    expect(granted).toHaveLength(6);
    for (const s of granted) {
      expect(s).toMatchObject({
        requestedSeconds: 900,
        grantedSeconds: 900,
        requestedSecondsDefaulted: false,
      });
    }
  });

  it('dates the Logstash export by @timestamp and marks EC2 as a service caller', () => {
    const otrf = corpus
      .filter((c) => c.file.startsWith('otrf-') && isCredentialCall(c.record))
      .map((c) => normalizeRecord(c.record, { file: c.file }))
      .flatMap((o) => (o.kind === 'event' ? [o.event] : []));
    expect(otrf).toHaveLength(5);
    for (const e of otrf) {
      expect(e.eventTime).toMatch(/^2020-09-14T00:(48|50):\d\dZ$/);
      expect(e.actor).toMatchObject({ type: 'AWSService', invokedBy: 'ec2.amazonaws.com' });
      expect(e.sourceIpIsService).toBe(true);
      expect(e.gaps).toEqual([]);
    }
  });

  it('flags the zero-padded source address of the anonymised capture as a gap', () => {
    const events = corpus
      .filter((c) => c.file === 'aws.discovery.ec2-download-user-data.json' && isCredentialCall(c.record))
      .map((c) => normalizeRecord(c.record, { file: c.file }))
      .flatMap((o) => (o.kind === 'event' ? [o.event] : []));
    expect(events).toHaveLength(4);
    for (const e of events) {
      expect(e.sourceIp).toBe('255.18.064.253');
      expect(e.gaps).toContain('sourceIPAddress');
    }
  });

  it('never carries a session token or secret of the corpus into a normalised event', () => {
    const tokens = sessionTokensIn(corpus.map((c) => c.record));
    expect(tokens.length).toBeGreaterThan(10);
    for (const { file, index, record } of corpus) {
      const outcome = normalizeRecord(record, { file, path: `[${index}]` });
      if (outcome.kind !== 'event') continue;
      const text = JSON.stringify(outcome);
      expect(text).not.toContain('sessionToken');
      expect(text).not.toContain('secretAccessKey');
      for (const t of tokens) expect(text.includes(t)).toBe(false);
    }
  });
});
