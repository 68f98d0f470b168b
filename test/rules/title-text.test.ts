import { describe, expect, it } from 'vitest';
import { clipAtWord, TITLE_VALUE_MAX } from '../../functions/core/rules/support/title-text.ts';
import { ACCOUNTS, assumeRoleRecord, iamUser } from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';

const ROLE = `arn:aws:iam::${ACCOUNTS.prod}:role/service-role/DataPipeline`;
const length = (s: string) => Array.from(s).length;

describe('clipAtWord: titles are cut between words, never inside an ARN or account id', () => {
  it('leaves text that fits alone', () => {
    expect(clipAtWord('alice assumed role Deploy.', 26)).toBe('alice assumed role Deploy.');
  });

  it('cuts before the word the limit falls in, marking the cut', () => {
    const clipped = clipAtWord('denied sts:AssumeRole on the role of a partner account', 30);

    expect(clipped).toBe('denied sts:AssumeRole on the …');
    expect(length(clipped)).toBeLessThanOrEqual(30);
  });

  it('never cuts an account id or an ARN: the cut moves before it', () => {
    expect(clipAtWord(`a caller from account ${ACCOUNTS.outsider} outside the zone`, 30)).toBe(
      'a caller from account …',
    );
    expect(clipAtWord(`denied sts:AssumeRole on ${ROLE} today`, 40)).toBe('denied sts:AssumeRole on …');
  });

  it('keeps an ARN whole past the limit when cutting before it would drop most of the text', () => {
    const text = `on ${ROLE} by someone`;

    expect(clipAtWord(text, 30)).toBe(`on ${ROLE} …`);
  });

  it('cuts inside a single word longer than half the room, since no boundary is near', () => {
    const clipped = clipAtWord(`session ${'x'.repeat(200)}`, 40);

    expect(clipped).toBe(`session ${'x'.repeat(31)}\u2026`);
    expect(length(clipped)).toBe(40);
  });
});

describe('titles built by the rules', () => {
  it("clip a long user name but keep the actor's kind and account", () => {
    const name = `etl-${'batch-'.repeat(40)}runner`;
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.outsider, name),
      roleArn: ROLE,
      durationSeconds: 21600,
    });

    const [finding] = judgeRule('session-too-long', 'version: 1\n', record);

    expect(finding?.title).toContain(
      `\u2026 (IAM user, ${ACCOUNTS.outsider}) assumed role service-role/DataPipeline`,
    );
    const actorPart = finding?.title.slice(0, finding.title.indexOf(' assumed role')) ?? '';
    expect(length(actorPart)).toBeLessThanOrEqual(TITLE_VALUE_MAX);
    expect(finding?.title).toMatch(/\.$/);
  });
});
