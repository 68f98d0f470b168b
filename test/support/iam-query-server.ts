import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for IAM and STS speaking their real wire protocol (AWS query protocol): form-encoded
 * POST bodies (`Action=ListRoles&Version=2010-05-08&Marker=…`) and XML responses in the services'
 * documented shapes, including `<IsTruncated>`/`<Marker>` pagination and `<ErrorResponse>` errors. The
 * real SDK clients serialise, sign, paginate and retry against it.
 */

/** A role as the IAM API returns it (the policy URL-encoded, as IAM sends it). */
export interface ServedRole {
  readonly Path: string;
  readonly RoleName: string;
  readonly RoleId: string;
  readonly Arn: string;
  readonly CreateDate: string;
  readonly AssumeRolePolicyDocument: string;
  readonly MaxSessionDuration?: number;
}

export interface ServedRequest {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  /** The access key id the request was signed with (from the SigV4 Authorization header). */
  readonly accessKeyId: string | undefined;
  /** The region of the signature's credential scope. */
  readonly signingRegion: string | undefined;
  /** What the server answered: `ok` or an error code. */
  readonly answer: string;
}

export interface IamQueryServerOptions {
  /** Roles by the access key id whose account they belong to. */
  readonly rolesByAccessKey: Readonly<Record<string, readonly ServedRole[]>>;
  /** Roles STS lets the default caller assume: role ARN → access key id of the session it returns. */
  readonly assumable?: Readonly<Record<string, string>>;
  /** At most this many roles per ListRoles page (IAM may return fewer than MaxItems). Default 2. */
  readonly pageSize?: number;
  /** Answer this many of the first ListRoles requests with a `Throttling` error. Default 0. */
  readonly throttleFirst?: number;
}

export interface IamQueryServer {
  readonly url: string;
  readonly requests: ServedRequest[];
  close(): Promise<void>;
}

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const xml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

function roleXml(r: ServedRole): string {
  return [
    '      <member>',
    `        <Path>${xml(r.Path)}</Path>`,
    `        <Arn>${xml(r.Arn)}</Arn>`,
    `        <RoleName>${xml(r.RoleName)}</RoleName>`,
    `        <AssumeRolePolicyDocument>${xml(r.AssumeRolePolicyDocument)}</AssumeRolePolicyDocument>`,
    `        <CreateDate>${xml(r.CreateDate)}</CreateDate>`,
    `        <RoleId>${xml(r.RoleId)}</RoleId>`,
    ...(r.MaxSessionDuration === undefined
      ? []
      : [`        <MaxSessionDuration>${r.MaxSessionDuration}</MaxSessionDuration>`]),
    '      </member>',
  ].join('\n');
}

function errorXml(ns: string, code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="${ns}">\n  <Error>\n    <Type>Sender</Type>\n    <Code>${xml(code)}</Code>\n` +
    `    <Message>${xml(message)}</Message>\n  </Error>\n  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`
  );
}

const metadata = (): string =>
  `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>`;

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startIamQueryServer(options: IamQueryServerOptions): Promise<IamQueryServer> {
  const requests: ServedRequest[] = [];
  const pageSize = options.pageSize ?? 2;
  let throttleLeft = options.throttleFirst ?? 0;
  let sessions = 0;

  function send(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
    res.end(text);
  }

  function listRoles(
    params: Record<string, string>,
    accessKeyId: string | undefined,
    res: ServerResponse,
  ): string {
    if (throttleLeft > 0) {
      throttleLeft--;
      send(res, 400, errorXml(IAM_NS, 'Throttling', 'Rate exceeded'));
      return 'Throttling';
    }
    const roles = accessKeyId === undefined ? undefined : options.rolesByAccessKey[accessKeyId];
    if (roles === undefined) {
      send(
        res,
        403,
        errorXml(IAM_NS, 'InvalidClientTokenId', 'The security token included in the request is invalid.'),
      );
      return 'InvalidClientTokenId';
    }
    const start =
      params.Marker === undefined ? 0 : Number(Buffer.from(params.Marker, 'base64url').toString('utf8'));
    const size = Math.min(pageSize, Number(params.MaxItems ?? '100'));
    const page = roles.slice(start, start + size);
    const next =
      start + size < roles.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
    send(
      res,
      200,
      `<ListRolesResponse xmlns="${IAM_NS}">\n  <ListRolesResult>\n    <IsTruncated>${next !== undefined}</IsTruncated>\n` +
        (next === undefined ? '' : `    <Marker>${next}</Marker>\n`) +
        `    <Roles>\n${page.map(roleXml).join('\n')}\n    </Roles>\n  </ListRolesResult>\n${metadata()}\n</ListRolesResponse>\n`,
    );
    return 'ok';
  }

  function assumeRole(params: Record<string, string>, res: ServerResponse): string {
    const roleArn = params.RoleArn ?? '';
    const keyId = options.assumable?.[roleArn];
    if (keyId === undefined) {
      send(
        res,
        403,
        errorXml(
          STS_NS,
          'AccessDenied',
          `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        ),
      );
      return 'AccessDenied';
    }
    sessions++;
    const name = params.RoleSessionName ?? '';
    const account = /:iam::([0-9]{12}):/.exec(roleArn)?.[1] ?? '';
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    send(
      res,
      200,
      `<AssumeRoleResponse xmlns="${STS_NS}">\n  <AssumeRoleResult>\n    <AssumedRoleUser>\n` +
        `      <Arn>arn:aws:sts::${account}:assumed-role/${xml(roleName)}/${xml(name)}</Arn>\n` +
        `      <AssumedRoleId>AROAEXAMPLELISTER${sessions}:${xml(name)}</AssumedRoleId>\n    </AssumedRoleUser>\n` +
        `    <Credentials>\n      <AccessKeyId>${keyId}</AccessKeyId>\n` +
        `      <SecretAccessKey>loopback-secret-${sessions}</SecretAccessKey>\n` +
        `      <SessionToken>loopback-session-${sessions}</SessionToken>\n` +
        `      <Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration>\n    </Credentials>\n` +
        `  </AssumeRoleResult>\n${metadata()}\n</AssumeRoleResponse>\n`,
    );
    return 'ok';
  }

  const server: Server = createServer((req, res) => {
    void body(req).then((text) => {
      const params = Object.fromEntries(new URLSearchParams(text));
      const scope = /Credential=([^/]+)\/[0-9]{8}\/([^/]+)\//.exec(req.headers.authorization ?? '');
      const accessKeyId = scope?.[1];
      const action = params.Action ?? '';
      let answer: string;
      if (req.method !== 'POST') {
        send(res, 405, errorXml(IAM_NS, 'InvalidAction', 'query protocol requests are POSTs'));
        answer = 'InvalidAction';
      } else if (action === 'ListRoles' && params.Version === '2010-05-08')
        answer = listRoles(params, accessKeyId, res);
      else if (action === 'AssumeRole' && params.Version === '2011-06-15') answer = assumeRole(params, res);
      else {
        send(res, 400, errorXml(IAM_NS, 'InvalidAction', `Could not find operation ${action}`));
        answer = 'InvalidAction';
      }
      requests.push({ action, params, accessKeyId, signingRegion: scope?.[2], answer });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
