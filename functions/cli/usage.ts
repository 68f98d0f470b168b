export const USAGE = `rolewatch — judge AWS STS credential-issuing calls in CloudTrail against the trust you expect

Usage:
  rolewatch scan [--config FILE] [--format table|json|jsonl|sarif] [--fail-on SEVERITY]
                 [--workers N] [--strict] [--state FILE] [--max-errors N] [--no-progress] PATH...
  rolewatch validate CONFIG
  rolewatch rules [--format table|json]
  rolewatch trust import [--from FILE]... [--region R] [--role-arn ARN]...
  rolewatch trust diff --config FILE [--from FILE]... [--region R] [--role-arn ARN]...
                       [--format table|json|sarif]
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
trust     import: prints a trust-file draft (YAML that validate accepts) from IAM role trust
          policies; what a trust file cannot state becomes a comment and a warning on stderr.
          diff: compares a trust file with what IAM lets in; exit 1 when IAM lets in more than declared.
            --from FILE        saved JSON of aws iam list-roles or get-account-authorization-details
                               (repeatable); without it, IAM itself is read (ListRoles)
            --role-arn ARN     read the roles of that role's account by assuming it (repeatable)
            --region R         region for IAM and STS (default: AWS_REGION, else us-east-1)
            --config FILE      (diff) the trust file to compare
            --format F         (diff) table (default), json, sarif
          learn: a draft from observed activity (not built yet).

Exit codes: 0 done; 1 findings at or above --fail-on (or input errors with --strict); 2 usage or config error.
`;
