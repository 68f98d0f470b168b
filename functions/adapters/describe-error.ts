/**
 * A short, single-line description of an error from the AWS SDK, Node's fs or zlib: its name or code and
 * HTTP status, then its message — `always`, or only as a `fallback` when nothing else identifies it (for
 * errors whose message may quote data that should not reach a log).
 */
export function describeError(e: unknown, message: 'always' | 'fallback'): string {
  if (typeof e !== 'object' || e === null) return String(e);
  const x = e as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const parts: string[] = [];
  if (message === 'always') {
    if (typeof x.code === 'string') parts.push(x.code);
    else if (typeof x.name === 'string' && x.name !== 'Error') parts.push(x.name);
  } else {
    if (typeof x.name === 'string' && x.name !== 'Error') parts.push(x.name);
    if (typeof x.code === 'string' && x.code !== x.name) parts.push(x.code);
  }
  if (typeof x.$metadata?.httpStatusCode === 'number') parts.push(`HTTP ${x.$metadata.httpStatusCode}`);
  if (typeof x.message === 'string' && x.message !== '') {
    if (message === 'always') {
      // Node's fs errors already start with their code ("ENOENT: no such file…").
      if (parts.length > 0 && x.message.startsWith(`${parts[0]}:`)) parts.shift();
      parts.push(x.message);
    } else if (parts.length === 0) parts.push(x.message);
  }
  if (parts.length === 0) return 'unknown error';
  return parts.join(message === 'always' ? ': ' : ', ');
}
