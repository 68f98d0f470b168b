// Credential-shaped strings, built at run time so that no credential-shaped literal is committed
// (secret scanners rightly flag those). Random, so a test cannot pass by matching a fixed value.
import { randomBytes } from 'node:crypto';

const BASE64 = /[^A-Za-z0-9+/]/g;

const base64Chars = (n: number): string => {
  let s = '';
  while (s.length < n) s += randomBytes(n).toString('base64').replace(BASE64, '');
  return s.slice(0, n);
};

const upperDigits = (n: number): string =>
  [...randomBytes(n)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('');

/** An STS session token of the current shape (`IQoJb3JpZ2lu…`, several hundred base64 characters). */
export const sessionToken = (): string => `${['IQoJ', 'b3Jp', 'Z2lu'].join('')}${base64Chars(380)}`;

/** A session token of the older shape (`FwoGZXIvYXdz…`). */
export const olderSessionToken = (): string => `${['Fwo', 'GZXIv', 'YXdz'].join('')}${base64Chars(300)}`;

/** A temporary (`ASIA…`) or long-term (`AKIA…`) access key id. */
export const accessKeyId = (kind: 'AKIA' | 'ASIA' = 'ASIA'): string => `${kind}${upperDigits(16)}`;

/** A secret access key: 40 base64 characters with upper and lower case and a digit. */
export const secretAccessKey = (): string => {
  const s = base64Chars(37);
  return `${s}aZ9`;
};
