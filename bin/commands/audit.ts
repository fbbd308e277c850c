/** `dr audit`: the live account against the posture. Exit 1 on a breach, else 2 if an asset could not be audited, else 0. */
import type { Command } from 'commander';
import type { Io } from '../io';

export interface AuditFlags {
  region?: string;
  targets?: string;
  posture?: string;
  json?: boolean;
  since: string;
  evidence?: string | boolean;
  account?: string;
  cdkOut?: string;
}

export function register(program: Command, io: Io): void {
  program
    .command('audit')
    .description(
      'compare the live AWS Backup state of every asset with what the posture says its configuration achieves',
    )
    .option('--region <region>', 'audit one of the catalog Regions only (default: both)')
    .option('--targets <file>', 'catalog file (default: $DR_TARGETS, else dr-targets.yaml)')
    .option(
      '--posture <file>',
      "posture to compare with (default: the current synth's dist/dr-posture.json, else the committed docs/dr-posture.json)",
    )
    .option('--json', 'print the audit as JSON')
    .option('--since <duration>', 'window for failed, expired and aborted jobs', '7d')
    .option(
      '--evidence [file]',
      "record measured restores, fault-injection experiments and Region switch executions in the evidence file (default: the catalog's)",
    )
    .option(
      '--cdk-out <dir>',
      'with --evidence: the synthesized templates whose experiments and Region switch plan are read (default: cdk.out)',
    )
    .option(
      '--account <id>',
      "account the resources live in (default: $CDK_DEFAULT_ACCOUNT, else the credentials'; must be the credentials')",
    )
    // The AWS SDK loads when an audit runs, not for every `dr` command (it is most of `dr`'s start-up).
    .action(async (flags: AuditFlags) => (await import('./audit-run')).auditCommand(flags, io));
}
