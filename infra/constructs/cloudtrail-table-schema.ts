/**
 * The CloudTrail table's columns as the Glue catalog stores them: lower-case names, Hive type strings.
 * AWS's documented CloudTrail table, plus the fields rolewatch reads that it lacks
 * (`useridentity.identityprovider`, `sessioncontext.sourceidentity`, …): a field the table does not
 * declare never reaches a query's results, and a rule would then miss it.
 */

const struct = (fields: Record<string, string>): string =>
  `struct<${Object.entries(fields)
    .map(([name, type]) => `${name}:${type}`)
    .join(',')}>`;

const SESSION_ISSUER = struct({
  type: 'string',
  principalid: 'string',
  arn: 'string',
  accountid: 'string',
  username: 'string',
});

const USER_IDENTITY = struct({
  type: 'string',
  principalid: 'string',
  arn: 'string',
  accountid: 'string',
  invokedby: 'string',
  accesskeyid: 'string',
  username: 'string',
  identityprovider: 'string',
  credentialid: 'string',
  onbehalfof: struct({ userid: 'string', identitystorearn: 'string' }),
  inscopeof: struct({ issuertype: 'string', credentialsissuedto: 'string' }),
  sessioncontext: struct({
    attributes: struct({ mfaauthenticated: 'string', creationdate: 'string' }),
    sessionissuer: SESSION_ISSUER,
    ec2roledelivery: 'string',
    sourceidentity: 'string',
    assumedroot: 'string',
    webidfederationdata: struct({ federatedprovider: 'string', attributes: 'map<string,string>' }),
  }),
});

export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

/** Columns in the order CloudTrail writes the fields. */
export const CLOUDTRAIL_TABLE_COLUMNS: readonly TableColumn[] = [
  { name: 'eventversion', type: 'string' },
  { name: 'useridentity', type: USER_IDENTITY },
  { name: 'eventtime', type: 'string' },
  { name: 'eventsource', type: 'string' },
  { name: 'eventname', type: 'string' },
  { name: 'awsregion', type: 'string' },
  { name: 'sourceipaddress', type: 'string' },
  { name: 'useragent', type: 'string' },
  { name: 'errorcode', type: 'string' },
  { name: 'errormessage', type: 'string' },
  // Objects of any shape: the JSON SerDe hands them over as JSON text.
  { name: 'requestparameters', type: 'string' },
  { name: 'responseelements', type: 'string' },
  { name: 'additionaleventdata', type: 'string' },
  { name: 'requestid', type: 'string' },
  { name: 'eventid', type: 'string' },
  { name: 'readonly', type: 'string' },
  { name: 'resources', type: `array<${struct({ arn: 'string', accountid: 'string', type: 'string' })}>` },
  { name: 'eventtype', type: 'string' },
  { name: 'apiversion', type: 'string' },
  { name: 'managementevent', type: 'string' },
  { name: 'recipientaccountid', type: 'string' },
  { name: 'serviceeventdetails', type: 'string' },
  { name: 'sharedeventid', type: 'string' },
  { name: 'vpcendpointid', type: 'string' },
  { name: 'vpcendpointaccountid', type: 'string' },
  { name: 'eventcategory', type: 'string' },
  {
    name: 'addendum',
    type: struct({
      reason: 'string',
      updatedfields: 'string',
      originalrequestid: 'string',
      originaleventid: 'string',
    }),
  },
  { name: 'sessioncredentialfromconsole', type: 'string' },
  { name: 'edgedevicedetails', type: 'string' },
  {
    name: 'tlsdetails',
    type: struct({ tlsversion: 'string', ciphersuite: 'string', clientprovidedhostheader: 'string' }),
  },
];

/** Partition projection keys: the parts of a log object's key the `WHERE` can prune on. */
export const CLOUDTRAIL_PARTITION_KEYS: readonly TableColumn[] = [
  { name: 'account', type: 'string' },
  { name: 'region', type: 'string' },
  { name: 'day', type: 'string' },
];

export const CLOUDTRAIL_SERDE = 'org.apache.hive.hcatalog.data.JsonSerDe';
export const CLOUDTRAIL_INPUT_FORMAT = 'com.amazon.emr.cloudtrail.CloudTrailInputFormat';
export const CLOUDTRAIL_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';
