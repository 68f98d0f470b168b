/** Whether a byte (or UTF-16 code unit) is JSON whitespace (RFC 8259): space, line feed, carriage return, tab. */
export const isJsonWhitespace = (c: number | undefined): boolean =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
