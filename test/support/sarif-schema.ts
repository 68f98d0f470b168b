// The SARIF 2.1.0 JSON schema (vendored under test/support/sarif/, see NOTICE.md there), compiled once per
// test process. The schema is draft-04, hence ajv-draft-04; ajv-formats checks `uri`, `uri-reference` and
// `date-time` as the schema asks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

type Validate = ((value: unknown) => boolean) & { errors?: unknown[] | null };

// Both packages are CommonJS with an `exports.default`: under NodeNext the default import is the module.
const Ajv = AjvDraft04.default;
const addFormats = addFormatsModule.default;

let validate: Validate | undefined;

/** The schema's verdict on a SARIF log, and its errors (empty when valid). */
export function sarifSchemaErrors(log: unknown): unknown[] {
  if (validate === undefined) {
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schema) as Validate;
  }
  return validate(log) ? [] : [...(validate.errors ?? [])];
}
