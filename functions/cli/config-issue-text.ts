import type { ConfigIssue } from '../core/model/trust-config.ts';
import { terminalSafe } from '../core/render/terminal-safe.ts';
import { scrubSecrets } from '../core/text/scrub-secrets.ts';
import { formatConfigIssue } from '../core/trust/describe-trust-config.ts';

/**
 * A trust-file error or warning as the text of one stderr line: `file:line:column key: message`, with
 * anything credential-shaped the message quotes from the file (a token pasted into a suppression's
 * `owner` or `reason`, a webhook URL in a pattern) scrubbed, then made terminal-safe. Every verb prints
 * trust-file issues through this, so CI logs hold no secret a careless edit put into the file.
 */
export const configIssueText = (issue: ConfigIssue): string =>
  terminalSafe(scrubSecrets(formatConfigIssue(issue)));
