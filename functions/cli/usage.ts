export const USAGE = `rolewatch — judge AWS STS credential-issuing calls in CloudTrail against the trust you expect

Usage:
  rolewatch scan [--config FILE] [--format table|json|jsonl|sarif] [--fail-on SEVERITY]
                 [--workers N] [--strict] [--state FILE] [--max-errors N] [--no-progress] PATH...
  rolewatch validate CONFIG
  rolewatch rules [--format table|json]
  rolewatch --help | --version

scan      Reads CloudTrail records from each PATH (a file, or a folder read recursively for
          .json, .jsonl, .ndjson and .gz files; gzip is also detected by content) and prints findings.
            --config FILE      trust file (default: ./rolewatch.yaml if present, else no roles)
            --format F         table (default), json, jsonl (one finding per line), sarif (SARIF 2.1.0)
            --fail-on SEV      exit 1 when an unsuppressed finding is at or above SEV
                               (info, low, medium, high, critical)
            --workers N        worker threads across files (default: one per core)
            --strict           exit 1 when any input could not be read
            --max-errors N     input errors listed in the output (default 1000; all are counted)
            --state FILE       state for the stateful rules (accepted; those rules are not yet built)
            --no-progress      no progress line (drawn on stderr only when it is a terminal)
validate  Checks a trust file: prints every error with file, line and key, or a summary of what it trusts.
rules     Lists the rule catalogue.

Exit codes: 0 done; 1 findings at or above --fail-on (or input errors with --strict); 2 usage or config error.
`;
