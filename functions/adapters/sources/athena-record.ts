/**
 * Athena result rows back into CloudTrail records.
 *
 * The Glue catalog keeps column and struct field names in lower case (`useridentity.sessioncontext.
 * attributes.mfaauthenticated`), while CloudTrail, and so the normalizer, spell them in camelCase
 * (`userIdentity.sessionContext.attributes.mfaAuthenticated`). The table below names every field of the
 * CloudTrail record format that a table may declare, per place in the record, so that each is restored
 * exactly; names it does not know are kept as they come. Maps (`webIdFederationData.attributes`) keep
 * their keys verbatim: they are claims, not field names.
 */

/** How one field is spelled in CloudTrail, and how its children are. */
interface FieldSpec {
  readonly name: string;
  /** Fields of a struct (or of each element of an array of structs). */
  readonly fields?: Readonly<Record<string, FieldSpec>>;
  /** A map: keys are data, kept verbatim. */
  readonly verbatim?: true;
}

const f = (name: string, fields?: Record<string, FieldSpec>): FieldSpec =>
  fields === undefined ? { name } : { name, fields };
const same = (...names: string[]): Record<string, FieldSpec> =>
  Object.fromEntries(names.map((n) => [n.toLowerCase(), { name: n }]));

const SESSION_ISSUER = same('type', 'principalId', 'arn', 'accountId', 'userName');

const USER_IDENTITY: Record<string, FieldSpec> = {
  ...same('type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'invokedBy', 'credentialId'),
  identityprovider: f('identityProvider'),
  onbehalfof: f('onBehalfOf', same('userId', 'identityStoreArn')),
  inscopeof: f('inScopeOf', same('issuerType', 'credentialsIssuedTo', 'issuerAccountId', 'issuerArn')),
  sessioncontext: f('sessionContext', {
    attributes: f('attributes', same('creationDate', 'mfaAuthenticated')),
    sessionissuer: f('sessionIssuer', SESSION_ISSUER),
    webidfederationdata: f('webIdFederationData', {
      federatedprovider: f('federatedProvider'),
      attributes: { name: 'attributes', verbatim: true },
    }),
    ...same('sourceIdentity', 'ec2RoleDelivery', 'ec2IssuedInVPC', 'assumedRoot'),
  }),
};

/** Top-level columns of a CloudTrail table, by their catalog (lower-case) name. */
export const CLOUDTRAIL_FIELDS: Readonly<Record<string, FieldSpec>> = {
  ...same(
    'eventVersion',
    'eventTime',
    'eventSource',
    'eventName',
    'awsRegion',
    'userAgent',
    'errorCode',
    'errorMessage',
    'requestParameters',
    'responseElements',
    'additionalEventData',
    'readOnly',
    'eventType',
    'apiVersion',
    'managementEvent',
    'recipientAccountId',
    'serviceEventDetails',
    'vpcEndpointId',
    'vpcEndpointAccountId',
    'eventCategory',
    'sessionCredentialFromConsole',
    'edgeDeviceDetails',
    'insightDetails',
  ),
  // Spelled with capitals inside the word: a lower-case → camelCase rule would get these wrong.
  sourceipaddress: f('sourceIPAddress'),
  requestid: f('requestID'),
  eventid: f('eventID'),
  sharedeventid: f('sharedEventID'),
  useridentity: f('userIdentity', USER_IDENTITY),
  // CloudTrail writes `ARN` in upper case in resources.
  resources: f('resources', { arn: f('ARN'), accountid: f('accountId'), type: f('type') }),
  tlsdetails: f('tlsDetails', same('tlsVersion', 'cipherSuite', 'clientProvidedHostHeader')),
  addendum: f('addendum', same('reason', 'updatedFields', 'originalRequestID', 'originalEventID')),
};

/**
 * Columns the CloudTrail table declares as `string` although CloudTrail writes a JSON object there:
 * the JSON SerDe hands over the object's text, which is parsed back.
 */
const JSON_TEXT_COLUMNS = new Set([
  'requestparameters',
  'responseelements',
  'additionaleventdata',
  'serviceeventdetails',
  'edgedevicedetails',
  'insightdetails',
]);

/** Columns CloudTrail writes as `null` when empty (a denied AssumeRole has `requestParameters: null`). */
const KEEP_NULL = new Set(['requestparameters', 'responseelements']);

/** One result column: its catalog name and whether its values are JSON text (complex types cast AS JSON). */
export interface ResultColumn {
  readonly name: string;
  readonly json: boolean;
}

/**
 * Rebuilds one CloudTrail record from a result row (`undefined` is SQL NULL). Struct fields that are
 * null were not in the record (the table declares more fields than one record carries) and are left out.
 */
export function recordFromRow(
  columns: readonly ResultColumn[],
  values: readonly (string | undefined)[],
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const key = column.name.toLowerCase();
    const spec = CLOUDTRAIL_FIELDS[key];
    const name = spec?.name ?? column.name;
    const raw = values[i];
    if (raw === undefined) {
      if (KEEP_NULL.has(key)) record[name] = null;
      continue;
    }
    if (column.json) {
      const parsed = parseJson(raw);
      record[name] = parsed.ok ? restore(parsed.value, spec) : raw;
    } else if (JSON_TEXT_COLUMNS.has(key) && /^\s*[[{]/.test(raw)) {
      const parsed = parseJson(raw);
      record[name] = parsed.ok ? parsed.value : raw;
    } else {
      record[name] = raw;
    }
  }
  return record;
}

/** Restores CloudTrail's spelling below one field, and drops null struct fields. */
function restore(value: unknown, spec: FieldSpec | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => restore(v, spec));
  if (typeof value !== 'object' || value === null) return value;
  if (spec?.verbatim === true) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (child === null) continue;
    const childSpec = spec?.fields?.[key.toLowerCase()];
    out[childSpec?.name ?? key] = restore(child, childSpec);
  }
  return out;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Whether a catalog type is complex (`struct<…>`, `array<…>`, `map<…>`): selected `CAST(… AS JSON)`. */
export const isComplexType = (type: string): boolean => /^\s*(?:struct|array|map|row)\s*[<(]/i.test(type);
