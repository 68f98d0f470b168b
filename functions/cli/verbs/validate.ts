import { parseArgs } from 'node:util';
import { loadTrustFile } from '../../adapters/config/load-trust-file.ts';
import { terminalSafe, terminalSafeLines } from '../../core/render/terminal-safe.ts';
import { describeTrustConfig, formatConfigIssue } from '../../core/trust/describe-trust-config.ts';
import { UsageError } from '../usage-error.ts';
import type { Verb } from './verb.ts';

export const validate: Verb = {
  name: 'validate',
  async run(args, io) {
    const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('validate takes exactly one trust file');
    const loaded = await loadTrustFile({ kind: 'file', path: file }, { now: io.now() });
    if (!loaded.ok) {
      for (const issue of loaded.error) io.stderr(`${terminalSafe(formatConfigIssue(issue))}\n`);
      io.stderr(`${file}: ${loaded.error.length} error(s)\n`);
      return 2;
    }
    for (const w of loaded.value.warnings) io.stderr(`warning: ${terminalSafe(formatConfigIssue(w))}\n`);
    io.stdout(`${terminalSafeLines(describeTrustConfig(loaded.value.config))}\n`);
    io.stdout(
      `${file}: valid${loaded.value.warnings.length ? ` (${loaded.value.warnings.length} warning(s))` : ''}\n`,
    );
    return 0;
  },
};
