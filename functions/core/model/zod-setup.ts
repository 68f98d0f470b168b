import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/*
 * rolewatch's schemas use zod/mini: the same checks and issues as classic zod, without a method object
 * per schema — classic zod was half of every bundle and ~35 ms of every start (CLI and Lambda cold
 * start). Two settings, made once by every module that builds a schema (it imports this file first):
 * - English messages: zod/mini loads no locale by itself ("Invalid input" for every issue).
 * - jitless: zod compiles each object schema into a function on its first parse (`new Function`); each
 *   schema here parses one file or one environment per process, so compiling costs more than it saves.
 */
z.config({ ...en(), jitless: true });
