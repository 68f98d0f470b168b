// Merging the activities of two inputs (or worker batches): tables add up within their limits, and a
// record or cross-account call both sides counted is counted once.
import {
  ACTIVITY_LIMITS,
  type Activity,
  type ActivityTable,
  addCall,
  type CallCounts,
  earliest,
  latest,
  removeCall,
} from './activity.ts';
import { mergeHistograms } from './duration-histogram.ts';

function mergeCounts(a: CallCounts, b: CallCounts): void {
  a.calls += b.calls;
  a.denied += b.denied;
}

/** Merges the entries of `from` into `into`: existing keys add up, new keys take the room left. */
function mergeTable<K, V>(
  acc: Activity,
  table: ActivityTable,
  into: Map<K, V>,
  from: Map<K, V>,
  combine: (a: V, b: V) => void,
  callsOf: (v: V) => number,
): void {
  for (const [k, v] of from) {
    const mine = into.get(k);
    if (mine !== undefined) combine(mine, v);
    else if (into.size < ACTIVITY_LIMITS[table]) into.set(k, v);
    else acc.folded[table] += callsOf(v);
  }
}

/**
 * Both activities as one, in `a` (returned); `b` is not used afterwards. The copies of a cross-account
 * call met in different inputs pair up here.
 */
export function mergeActivity(a: Activity, b: Activity): Activity {
  a.calls += b.calls;
  a.untimed += b.untimed;
  a.firstMs = earliest(a.firstMs, b.firstMs);
  a.lastMs = latest(a.lastMs, b.lastMs);
  for (const k of Object.keys(a.folded) as ActivityTable[]) a.folded[k] += b.folded[k];
  const calls = (v: CallCounts) => v.calls;
  mergeTable(a, 'hours', a.hours, b.hours, mergeCounts, calls);
  mergeTable(
    a,
    'roles',
    a.roles,
    b.roles,
    (x, y) => {
      mergeCounts(x, y);
      mergeHistograms(x.durations, y.durations);
    },
    calls,
  );
  mergeTable(a, 'actors', a.actors, b.actors, mergeCounts, calls);
  mergeTable(
    a,
    'pairs',
    a.pairs,
    b.pairs,
    (x, y) => {
      mergeCounts(x, y);
      x.firstMs = earliest(x.firstMs, y.firstMs);
      x.lastMs = latest(x.lastMs, y.lastMs);
      x.firstGrantMs = earliest(x.firstGrantMs, y.firstGrantMs);
    },
    calls,
  );
  for (const [cell, n] of b.matrix) {
    const mine = a.matrix.get(cell);
    if (mine !== undefined) a.matrix.set(cell, mine + n);
    else if (a.matrix.size < ACTIVITY_LIMITS.matrix) a.matrix.set(cell, n);
    else a.folded.matrix += n;
  }
  mergeTable(a, 'eventNames', a.eventNames, b.eventNames, mergeCounts, calls);
  mergeTable(
    a,
    'denied',
    a.denied,
    b.denied,
    (x, y) => {
      x.calls += y.calls;
      x.firstMs = earliest(x.firstMs, y.firstMs);
      x.lastMs = latest(x.lastMs, y.lastMs);
    },
    (v) => v.calls,
  );
  mergeCopies(a, b);
  mergeRecords(a, b);
  return a;
}

/** A record both sides counted is counted once: `b`'s delivery comes out of the merged tables. */
function mergeRecords(a: Activity, b: Activity): void {
  const ra = a.records;
  const rb = b.records;
  ra.duplicates += rb.duplicates;
  ra.unchecked += rb.unchecked;
  for (const [key, facts] of rb.counted) {
    if (ra.counted.has(key)) {
      if (facts === 0) ra.unchecked++;
      else {
        removeCall(a, facts);
        ra.duplicates++;
      }
    } else if (ra.counted.size < ACTIVITY_LIMITS.recordIds) {
      ra.counted.set(key, ra.counted.size < ACTIVITY_LIMITS.recordFacts ? facts : 0);
    } else ra.unchecked++;
  }
}

function mergeCopies(a: Activity, b: Activity): void {
  const ca = a.copies;
  const cb = b.copies;
  ca.duplicates += cb.duplicates;
  ca.unpaired += cb.unpaired;
  for (const [id, owner] of cb.pendingOwners) {
    // An owner copy is counted only at the end, and only if its caller copy never came.
    if (ca.callerIds.has(id) || ca.pendingOwners.has(id)) ca.duplicates++;
    else if (ca.pendingOwners.size < ACTIVITY_LIMITS.copies) ca.pendingOwners.set(id, owner);
    else {
      ca.unpaired++;
      addCall(a, owner);
    }
  }
  for (const id of cb.callerIds) {
    if (ca.pendingOwners.delete(id)) ca.duplicates++;
    if (ca.callerIds.size < ACTIVITY_LIMITS.copies) ca.callerIds.add(id);
  }
}
