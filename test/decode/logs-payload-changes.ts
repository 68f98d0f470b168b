// Changes to a CloudWatch Logs subscription payload around its messages, for the selective-unwrapping
// tests: each says whether the payload stays plain (planned from its bytes by planLogsPayload) or must be
// parsed as a whole. Either way selective and full parsing must judge it alike.

export type Payload = { [k: string]: unknown; logEvents: unknown[] };

export interface PayloadChange {
  readonly name: string;
  /** Whether planLogsPayload still plans the payload after this change. */
  readonly plain: boolean;
  /** A change to the payload object (a decoded payload gets only these). */
  readonly object?: (p: Payload) => void;
  /** A change to the payload's JSON text. */
  readonly text?: (t: string) => string;
}

/** The first log event, to change; a scratch object when an earlier change took it away. */
const firstEvent = (p: Payload): Record<string, unknown> => {
  const first: unknown = p.logEvents?.[0];
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
};

export const PAYLOAD_CHANGES: readonly PayloadChange[] = [
  { name: 'messageType CONTROL_MESSAGE', plain: false, object: (p) => (p.messageType = 'CONTROL_MESSAGE') },
  { name: 'messageType absent', plain: true, object: (p) => delete p.messageType },
  { name: 'messageType a number', plain: false, object: (p) => (p.messageType = 1) },
  {
    name: 'messageType with an escape',
    plain: false,
    text: (t) => t.replace('"DATA_MESSAGE"', '"DATA\\u005fMESSAGE"'),
  },
  { name: 'policyLevel key', plain: true, object: (p) => (p.policyLevel = 'ACCOUNT_LEVEL_POLICY') },
  { name: 'Records key', plain: false, object: (p) => (p.Records = []) },
  {
    name: 'eventSource and eventName keys',
    plain: false,
    object: (p) => Object.assign(p, { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole' }),
  },
  { name: 'unknown key', plain: false, object: (p) => (p.note = 'x') },
  { name: 'escaped key', plain: false, text: (t) => t.replace('"owner"', '"own\\u0065r"') },
  { name: 'no logEvents', plain: false, object: (p) => delete (p as Partial<Payload>).logEvents },
  { name: 'duplicate logGroup', plain: false, text: (t) => t.replace('{', '{"logGroup":"other",') },
  {
    name: 'duplicate logEvents, the first not empty',
    plain: false,
    text: (t) => t.replace('{', '{"logEvents":[{"id":"0","timestamp":1,"message":"{}"}],'),
  },
  { name: 'extra log event key', plain: true, object: (p) => (firstEvent(p).ingestionTime = 1) },
  { name: 'escaped message key', plain: false, text: (t) => t.replace('"message"', '"mess\\u0061ge"') },
  {
    name: 'duplicate message',
    plain: false,
    text: (t) => t.replace('"message":', '"message":"{}","message":'),
  },
  { name: 'message a number', plain: false, object: (p) => (firstEvent(p).message = 5) },
  { name: 'no message', plain: false, object: (p) => delete firstEvent(p).message },
  {
    name: 'log event not an object',
    plain: false,
    object: (p) => {
      if (Array.isArray(p.logEvents)) p.logEvents[0] = 'x';
    },
  },
  {
    name: '\\u escape in a message, same text',
    plain: true,
    text: (t) => t.replace('\\"eventName\\"', '\\"even\\u0074Name\\"'),
  },
  { name: '\\u0022 for a quote in a message', plain: true, text: (t) => t.replace('\\"', '\\u0022') },
  { name: 'escaped solidus in a message', plain: true, text: (t) => t.replace('/', '\\/') },
  {
    name: 'raw control character in a message',
    plain: false,
    text: (t) => t.replace('\\"eventName', '\u0001\\"eventName'),
  },
  {
    name: 'invalid escape in a message',
    plain: false,
    text: (t) => t.replace('\\"eventName\\"', '\\"event\\xName\\"'),
  },
  {
    name: 'message cut short by the end of the payload',
    plain: false,
    text: (t) => t.slice(0, t.lastIndexOf('\\"eventName')),
  },
  { name: 'whitespace around', plain: true, text: (t) => `\n \t${t}\r\n ` },
  { name: 'byte-order mark', plain: false, text: (t) => `\ufeff${t}` },
  { name: 'trailing value', plain: false, text: (t) => `${t} {}` },
  { name: 'truncated', plain: false, text: (t) => t.slice(0, -2) },
];

/** The payload after the object-level changes. */
export function changedPayload(base: Payload, changes: readonly PayloadChange[]): Payload {
  const p = structuredClone(base);
  for (const c of changes) c.object?.(p);
  return p;
}

/** The payload's text after all the changes, as `awslogs.data` carries it (before gzip). */
export function changedPayloadText(
  base: Payload,
  changes: readonly PayloadChange[],
  indent: number | undefined = undefined,
): string {
  let text = JSON.stringify(changedPayload(base, changes), null, indent);
  for (const c of changes) if (c.text !== undefined) text = c.text(text);
  return text;
}
