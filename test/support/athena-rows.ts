/**
 * What Athena returns for CloudTrail records, computed from the table's declared types: the test oracle
 * for rebuilding records from result rows. It follows the documented behaviour of the pieces:
 *
 * - the Glue catalog keeps column and struct field names in lower case;
 * - the JSON SerDe (`org.apache.hive.hcatalog.data.JsonSerDe`) matches JSON keys to them ignoring case,
 *   drops keys the table does not declare, reads a JSON object into a `string` column as its JSON text
 *   and a number or boolean as its text;
 * - `CAST(x AS JSON)` (Athena engine 3, Trino) writes a struct as an object with its declared field
 *   names (null for absent fields), an array as an array and a map as an object;
 * - `GetQueryResults` gives every value as a string (`VarCharValue`), and no value for SQL NULL.
 */

type HiveType =
  | { readonly kind: 'primitive' }
  | {
      readonly kind: 'struct';
      readonly fields: readonly { readonly name: string; readonly type: HiveType }[];
    }
  | { readonly kind: 'array'; readonly element: HiveType }
  | { readonly kind: 'map'; readonly value: HiveType };

/** Parses a Hive type string such as `struct<a:string,b:array<struct<c:string>>>`. */
export function parseHiveType(text: string): HiveType {
  let at = 0;
  const word = (): string => {
    const m = /^[A-Za-z0-9_]+/.exec(text.slice(at));
    if (m === null) throw new Error(`bad type at ${at}: ${text}`);
    at += m[0].length;
    return m[0];
  };
  const expect = (c: string): void => {
    if (text[at] !== c) throw new Error(`expected '${c}' at ${at}: ${text}`);
    at++;
  };
  const type = (): HiveType => {
    const name = word().toLowerCase();
    if (name === 'struct') {
      expect('<');
      const fields: { name: string; type: HiveType }[] = [];
      for (;;) {
        const field = word();
        expect(':');
        fields.push({ name: field, type: type() });
        if (text[at] === ',') at++;
        else break;
      }
      expect('>');
      return { kind: 'struct', fields };
    }
    if (name === 'array') {
      expect('<');
      const element = type();
      expect('>');
      return { kind: 'array', element };
    }
    if (name === 'map') {
      expect('<');
      type();
      expect(',');
      const value = type();
      expect('>');
      return { kind: 'map', value };
    }
    return { kind: 'primitive' };
  };
  const parsed = type();
  if (at !== text.length) throw new Error(`trailing text at ${at}: ${text}`);
  return parsed;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value as the SerDe reads it into a column or field of this type. */
function read(value: unknown, type: HiveType): unknown {
  if (value === undefined || value === null) return null;
  switch (type.kind) {
    case 'primitive':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'struct': {
      if (!isObject(value)) return null;
      const out: Record<string, unknown> = {};
      for (const field of type.fields) {
        const key = Object.keys(value).find((k) => k.toLowerCase() === field.name.toLowerCase());
        out[field.name] = key === undefined ? null : read(value[key], field.type);
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((v) => read(v, type.element)) : null;
    case 'map':
      return isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, read(v, type.value)]))
        : null;
  }
}

export interface DeclaredColumn {
  readonly name: string;
  readonly type: string;
}

/** One record as a result row of `SELECT col, CAST(complex AS JSON) …` over these columns. */
export function athenaRow(
  record: Record<string, unknown>,
  columns: readonly DeclaredColumn[],
): (string | undefined)[] {
  return columns.map((column) => {
    const type = parseHiveType(column.type);
    const key = Object.keys(record).find((k) => k.toLowerCase() === column.name.toLowerCase());
    const value = read(key === undefined ? undefined : record[key], type);
    if (value === null) return undefined;
    return type.kind === 'primitive' ? (value as string) : JSON.stringify(value);
  });
}

/**
 * The leaf paths of a record that the table declares (case-insensitively), spelled as in the record,
 * with their values as text: what a rebuilt record must hold, no more and no less. Map contents are
 * leaves below a declared map.
 */
export function declaredLeaves(
  record: Record<string, unknown>,
  columns: readonly DeclaredColumn[],
): Map<string, string> {
  const leaves = new Map<string, string>();
  const walk = (value: unknown, type: HiveType, path: string): void => {
    if (value === undefined || value === null) return;
    if (type.kind === 'primitive' || !(isObject(value) || Array.isArray(value))) {
      leaves.set(path, typeof value === 'string' ? value : JSON.stringify(value));
      return;
    }
    if (type.kind === 'array' && Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, type.element, `${path}[${i}]`);
    } else if (type.kind === 'map' && isObject(value))
      for (const [k, v] of Object.entries(value)) walk(v, type.value, `${path}.${k}`);
    else if (type.kind === 'struct' && isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        const field = type.fields.find((f) => f.name.toLowerCase() === k.toLowerCase());
        if (field !== undefined) walk(v, field.type, `${path}.${k}`);
      }
    }
  };
  for (const [k, v] of Object.entries(record)) {
    const column = columns.find((c) => c.name.toLowerCase() === k.toLowerCase());
    if (column !== undefined) walk(v, parseHiveType(column.type), k);
  }
  return leaves;
}
