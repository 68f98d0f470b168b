/**
 * A rule threw while judging an event. Rules are total functions over normalized events, so this is a
 * bug in the rule, never bad input; it carries the rule id and event id to reproduce it. The message
 * names only ids: no record content, so no token can leak through it.
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  readonly ruleId: string;
  readonly eventId: string | undefined;

  constructor(ruleId: string, eventId: string | undefined, cause: unknown) {
    super(`rule ${ruleId} threw while judging event ${eventId ?? '(no eventID)'}`, { cause });
    this.ruleId = ruleId;
    this.eventId = eventId;
  }
}
