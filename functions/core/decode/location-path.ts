import type { SourceLocation } from '../model/location.ts';

/** Appends a JSON path segment: `[3]`, or a property name joined with a dot. */
export function joinPath(path: string | undefined, segment: string): string {
  if (path === undefined || path === '') return segment;
  return segment.startsWith('[') ? `${path}${segment}` : `${path}.${segment}`;
}

/** The location of a value nested at `segment` inside the value at `base`. */
export function childLocation(base: SourceLocation, segment: string): SourceLocation {
  const path = joinPath(base.path, segment);
  return base.line === undefined
    ? withFile(base.file, { path })
    : withFile(base.file, { line: base.line, path });
}

/** Adds `file` only when known (exactOptionalPropertyTypes forbids `file: undefined`). */
export function withFile<T extends object>(file: string | undefined, rest: T): T & { file?: string } {
  return file === undefined ? rest : { file, ...rest };
}
