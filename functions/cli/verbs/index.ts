import { explain } from './explain.ts';
import { reportVerb } from './report.ts';
import { rules } from './rules.ts';
import { scanVerb } from './scan.ts';
import { stateVerb } from './state.ts';
import { trust } from './trust.ts';
import { validate } from './validate.ts';
import type { Verb } from './verb.ts';

/** Every verb of `rolewatch <verb>`; a new verb is one file in this folder plus a line here. */
export const VERBS: readonly Verb[] = [scanVerb, reportVerb, validate, rules, trust, explain, stateVerb];
