import type { DecodedItem } from './decoded-item.ts';
import { inputErrorItem } from './decoded-item.ts';
import { tooManyRecordsMessage } from './input-limits.ts';

/**
 * Stops an input after `maxRecords` record-level items (records, counted runs, errors…), with one error
 * that says so: a decompression bomb of millions of tiny records then costs a bounded time.
 */
export function* limitRecords(
  items: Iterable<DecodedItem>,
  maxRecords: number,
  file: string,
): Generator<DecodedItem> {
  let room = maxRecords;
  for (const item of items) {
    const n = item.kind === 'skipped' ? item.count : 1;
    if (n <= room) {
      room -= n;
      yield item;
      continue;
    }
    if (room > 0 && item.kind === 'skipped') yield { kind: 'skipped', count: room };
    yield inputErrorItem('shape', tooManyRecordsMessage(maxRecords), { file });
    return;
  }
}
