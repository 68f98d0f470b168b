export const USAGE = `rolewatch — judge AWS STS credential-issuing calls in CloudTrail against the trust you expect

Usage:
  rolewatch scan [options] SOURCE...
  rolewatch report [options] [--previous FILE] --out DIR SOURCE...
  rolewatch validate [CONFIG]
  rolewatch rules [--format table|markdown|json] [RULE]
  rolewatch trust import [--from FILE]... [--region R] [--role-arn ARN]...
  rolewatch trust diff --config FILE [--from FILE]... [--region R] [--role-arn ARN]...
                       [--format table|json|sarif]
  rolewatch trust learn [--merge FILE] [--since T] [--until T] [--region R] SOURCE...
  rolewatch explain [--config FILE] [--format table|json] RECORD
  rolewatch state FILE [--pairs ACTOR] [--prune] [--format table|json]
  rolewatch --help | --version

scan      Reads CloudTrail records from each SOURCE and prints findings. A SOURCE is a file, a folder
          (read recursively: .json, .jsonl, .ndjson, .gz and files without an extension; gzip is
          detected by content), - for standard input, or s3://BUCKET/PREFIX, lookup://REGION[,REGION],
          logs://LOG_GROUP, athena://DATABASE.TABLE?workgroup=W.
            -c, --config FILE    trust file (default: ./rolewatch.yaml if present, else no roles)
            -f, --format F       table (default), json, jsonl (one finding per line), sarif (SARIF 2.1.0)
            --fail-on SEV        exit 1 when an unsuppressed finding is at or above SEV
                                 (info, low, medium, high, critical)
            --strict             exit 1 when an input could not be read, or nothing was read
            --since T, --until T the period to judge: ISO 8601 (2026-11-01, 2026-11-01T08:00:00Z)
                                 or back from now (90m, 24h, 7d); remote sources default to 24h
            --region R           AWS region for remote sources (default: the SDK's own)
            --rule ID            print only this rule's findings (repeat, or comma-separate)
            --min-severity SEV   print only findings at or above SEV (the summary counts all)
            --no-group           table: one entry per finding, not per rule, role and actor
            --state FILE         state for the stateful rules, kept between runs (created when absent;
                                 locked while a scan runs): first-seen-pair runs only with it
            --learn              with --state: record (actor, role) pairs, report no first-seen-pair
            --lock-wait S        seconds to wait for another run holding the state file (default 120)
            -w, --workers N      worker threads across files (default: one per core, at most 4 per core)
            --max-errors N       input errors listed in the output (default 1000; all are counted)
            --no-progress        no progress line (drawn on stderr only when it is a terminal)
report    Writes an audit report of the SOURCEs (read as scan reads them) to DIR: report.html (one
          self-contained page), report.md, report.json and findings.csv (one row per finding).
            -o, --out DIR        where the four files go (created if needed)
            --previous FILE      a previous report.json: adds what changed since then
            -c, --config, --since, --until, --region, -w, --workers, --max-errors, --no-progress:
                                 as for scan
validate  Checks a trust file (default ./rolewatch.yaml): prints every error with file, line and key,
          or a summary of what it trusts.
rules     Lists the rule catalogue, or one rule in full.
trust     import: prints a trust-file draft (YAML that validate accepts) from IAM role trust
          policies; what a trust file cannot state becomes a comment and a warning on stderr.
          diff: compares a trust file with what IAM lets in; exit 1 when IAM lets in more than declared.
            --from FILE        saved JSON of aws iam list-roles, get-account-authorization-details or
                               get-role (repeatable); without it, IAM itself is read (ListRoles)
            --role-arn ARN     read the roles of that role's account by assuming it (repeatable)
            --region R         region for IAM and STS (default: AWS_REGION, else AWS_DEFAULT_REGION,
                               else us-east-1)
            --config FILE      (diff) the trust file to compare
            --format F         (diff) table (default), json, sarif
          learn: prints a trust-file draft from the calls the SOURCEs show (any SOURCE scan reads):
          per role the callers that assumed it, the longest session, the conditions every call met,
          with counts and last-seen times as comments; denied calls teach nothing.
            --merge FILE       (learn) print only what the trail adds to FILE, as a diff for patch
            --since, --until, --region, -w, --workers, --max-errors, --no-progress: as for scan
explain   For one record (a file holding it, or - for standard input): the trust entry that applied,
          the later entries it shadows for the role, and every rule's verdict with its reason
          (match with evidence, no match, not applicable).
            -c, --config FILE    trust file (default: ./rolewatch.yaml)
            -f, --format F       table (default) or json
state     Inspects a state file: items per kind (pair, burst, session, alert), expired ones, oldest and
          newest, size. --pairs ACTOR lists an actor's pairs (an ARN, account id, service name or part of
          an actor key); --prune drops expired items and rewrites the file.

Exit codes: 0 done; 1 findings at or above --fail-on (with --strict also: input errors, nothing read);
2 usage or configuration error (a SOURCE that does not exist too), or output that cannot be written
(--out, a full disk, standard output closed by its reader); 3 internal error (a bug: report it).
`;
