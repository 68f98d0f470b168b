/** The finding fields of CONTRACT §4, in contract order: the tests' oracle for every output format. */
export const CONTRACT_FINDING_KEYS = [
  'id',
  'rule',
  'severity',
  'title',
  'eventId',
  'sharedEventId',
  'eventTime',
  'eventName',
  'awsRegion',
  'recipientAccountId',
  'role',
  'actor',
  'sourceIp',
  'userAgent',
  'session',
  'evidence',
  'remediation',
  'suppressed',
] as const;

/** Additions the contract allows (it may grow, never shrink), documented on the Finding type. */
export const ADDED_FINDING_KEYS = ['suppression', 'location', 'groupKey'] as const;
