import { existsSync } from 'node:fs';
import { loadTrustFile } from '../../adapters/config/load-trust-file.ts';
import { terminalSafe, terminalSafeLines } from '../../core/render/terminal-safe.ts';
import { scrubSecrets } from '../../core/text/scrub-secrets.ts';
import { describeTrustConfig } from '../../core/trust/describe-trust-config.ts';
import { configIssueText } from '../config-issue-text.ts';
import { parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';
import type { Verb } from './verb.ts';

/** The trust file `scan` reads when `--config` is not given, and `validate` when no CONFIG is. */
const DEFAULT_TRUST_FILE = 'rolewatch.yaml';

export const validate: Verb = {
  name: 'validate',
  async run(args, io) {
    // `--config FILE` as every other verb names the trust file, or the file as the argument.
    const { positionals, values } = parseOptions(args, { config: { type: 'string', short: 'c' } });
    const named = [...(values.config === undefined ? [] : [values.config]), ...positionals];
    if (named.length > 1) throw new UsageError('validate takes one trust file');
    const file = named[0] ?? DEFAULT_TRUST_FILE;
    if (named[0] === undefined && !existsSync(file)) {
      throw new UsageError(
        `no trust file named and no ./${DEFAULT_TRUST_FILE} in this folder: rolewatch validate FILE`,
      );
    }
    const loaded = await loadTrustFile({ kind: 'file', path: file }, { now: io.now() });
    const shown = terminalSafe(file);
    if (!loaded.ok) {
      for (const issue of loaded.error) io.stderr(`${configIssueText(issue)}\n`);
      io.stderr(`${shown}: ${loaded.error.length} error(s)\n`);
      return 2;
    }
    for (const w of loaded.value.warnings) io.stderr(`warning: ${configIssueText(w)}\n`);
    io.stdout(`${terminalSafeLines(scrubSecrets(describeTrustConfig(loaded.value.config)))}\n`);
    io.stdout(
      `${shown}: valid${loaded.value.warnings.length ? ` (${loaded.value.warnings.length} warning(s))` : ''}\n`,
    );
    return 0;
  },
};
