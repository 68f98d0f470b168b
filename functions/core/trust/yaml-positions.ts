import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/** `['roles', 1, 'sourceCidrs', 0]` → `roles[1].sourceCidrs[0]`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s === '' ? String(seg) : `.${String(seg)}`;
  }
  return s;
}

function keyOf(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/**
 * The node at `path` and, for a map entry, its key node. Stops at the deepest node that exists, so a
 * missing key is reported at the object that lacks it.
 */
export function locate(
  doc: Document,
  path: readonly PropertyKey[],
): { node: Node | undefined; keyNode: Node | undefined; found: boolean } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const seg of path) {
    const current = resolve(doc, node);
    let next: unknown;
    let nextKey: Node | undefined;
    if (isMap(current)) {
      const pair = current.items.find((p) => keyOf(p.key) === String(seg));
      next = pair?.value;
      nextKey = isScalar(pair?.key) ? pair.key : undefined;
      // A key written without a value (`arn:`) still has a position worth pointing at.
      if (pair !== undefined && next === null) next = nextKey;
    } else if (isSeq(current) && typeof seg === 'number') {
      next = current.items[seg];
    }
    if (next === undefined || next === null) {
      return { node: current as Node | undefined, keyNode, found: false };
    }
    node = next;
    keyNode = nextKey;
  }
  return { node: resolve(doc, node) as Node | undefined, keyNode, found: true };
}

/** The key path of the deepest node that covers `offset` (used for YAML syntax errors). */
export function pathAtOffset(doc: Document, offset: number): (string | number)[] {
  const path: (string | number)[] = [];
  let node: unknown = doc.contents;
  const covers = (n: unknown): boolean => {
    const range = (n as Node | null | undefined)?.range;
    return range !== undefined && range !== null && offset >= range[0] && offset <= range[2];
  };
  for (let depth = 0; depth < 64; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (covers(p.key) || covers(p.value)));
      const key = pair === undefined ? undefined : keyOf(pair.key);
      if (pair === undefined || key === undefined) break;
      path.push(key);
      if (covers(pair.key)) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(covers);
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else {
      break;
    }
  }
  return path;
}
