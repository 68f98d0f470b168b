import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy. */
export interface ProxiedRequest {
  readonly method: string;
  /** The object key (path-style URL without the bucket), decoded; '' for bucket operations. */
  readonly key: string;
  /** The query parameters (`prefix`, `delimiter`, `list-type`…). */
  readonly query: URLSearchParams;
}

/** What to do with a request instead of (or before) forwarding it. */
export type ProxyRule = (
  req: ProxiedRequest,
) =>
  | { readonly respond: { readonly status: number; readonly code: string; readonly message: string } }
  | { readonly before: () => Promise<void> }
  | undefined;

export interface S3Proxy {
  readonly endpoint: string;
  readonly requests: ProxiedRequest[];
  /** Rules are tried in order for every request; the first that answers wins. */
  readonly rules: ProxyRule[];
  readonly stop: () => Promise<void>;
}

/**
 * A loopback proxy in front of s3rver that records every request and can answer one with an S3 error
 * (s3rver cannot be told to return `503 SlowDown`) or do something first (delete the object a GET is
 * about to read). Requests are forwarded unchanged, Host header included, so signatures still verify.
 */
export async function startS3Proxy(target: string): Promise<S3Proxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const rules: ProxyRule[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const path = decodeURIComponent(url.pathname).replace(/^\/[^/]+\/?/, '');
    const seen: ProxiedRequest = { method: req.method ?? 'GET', key: path, query: url.searchParams };
    requests.push(seen);
    const forward = (): void => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(out);
    };
    for (const rule of rules) {
      const action = rule(seen);
      if (action === undefined) continue;
      if ('respond' in action) {
        req.resume();
        const { status, code, message } = action.respond;
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
            '<RequestId>proxy</RequestId><HostId>proxy</HostId></Error>',
        );
        return;
      }
      action.before().then(forward, () => {
        res.writeHead(500);
        res.end();
      });
      return;
    }
    forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    rules,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
