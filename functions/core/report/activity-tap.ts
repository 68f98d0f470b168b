import type { Tap } from '../pipeline/tap.ts';
import { ACTIVITY_LIMITS, type Activity, addCall, addRecord, emptyActivity } from './activity.ts';
import { callFacts, crossAccountCopy } from './call-facts.ts';
import { mergeActivity } from './merge-activity.ts';
import { recordKey } from './record-key.ts';

/**
 * The audit report's activity: every judged credential event counted by role, actor, (actor, role)
 * pair, account pair, event name, hour and denied-call spot. A cross-account call logged in both
 * accounts is counted once, from the caller's copy when both are read (see {@link Activity.copies}).
 */
export const activityTap: Tap<Activity> = {
  id: 'report-activity',
  create: emptyActivity,
  onEvent(acc, event) {
    const copy = crossAccountCopy(event);
    const id = event.sharedEventId;
    const key = event.eventId === undefined ? undefined : recordKey(event.eventId);
    if (copy === undefined || id === undefined) {
      addRecord(acc, key, callFacts(event));
      return;
    }
    const { callerIds, pendingOwners } = acc.copies;
    if (copy === 'owner') {
      if (callerIds.has(id) || pendingOwners.has(id)) acc.copies.duplicates++;
      else if (pendingOwners.size < ACTIVITY_LIMITS.copies) pendingOwners.set(id, callFacts(event));
      else {
        acc.copies.unpaired++;
        addCall(acc, callFacts(event));
      }
      return;
    }
    if (!addRecord(acc, key, callFacts(event))) return;
    if (pendingOwners.delete(id)) acc.copies.duplicates++;
    if (callerIds.size < ACTIVITY_LIMITS.copies) callerIds.add(id);
  },
  merge: mergeActivity,
};
