/**
 * `dr drill ASSET`: restore the asset's latest recovery point into a new database, bucket or volume, time it against the RTO, log it,
 * record it as evidence, delete what it restored. `dr drill ENTRY --mode instance|az [--zone Z]`: run the entry's
 * fault-injection experiment of that mode and record what it measured. Without --yes both only print the plan.
 * Exit 0 within RTO, 1 over, 2 if it could not run.
 */
import type { Command } from 'commander';
import type { Io } from '../io';

export interface DrillFlags {
  recoveryPoint: string;
  yes?: boolean;
  keep?: boolean;
  region?: string;
  targets?: string;
  evidence?: string;
  account?: string;
  iamRole?: string;
  metadata: string[];
  poll: string;
  timeout: string;
  mode?: string;
  zone?: string;
  cdkOut?: string;
  posture?: string;
}

export function register(program: Command, io: Io): void {
  program
    .command('drill')
    .description(
      "restore an asset's recovery point (RDS, S3 or EBS) into a new resource and time it against the RTO; with --mode, run the entry's fault-injection experiment",
    )
    .argument('<asset>', 'catalog asset id (with --mode: an asset or service id)')
    .option('--mode <mode>', "run the entry's FIS experiment of this mode (instance or az) instead of a restore")
    .option('--zone <zone>', "with --mode az: the zone of the experiment (one of the primary Region's catalog zones)")
    .option('--cdk-out <dir>', 'with --mode: the synthesized cloud assembly holding the templates (default: cdk.out)')
    .option(
      '--posture <file>',
      "with --mode: the posture whose RTO is the pass criterion (default: the current synth's dist/dr-posture.json, else docs/)",
    )
    .option('--recovery-point <arn>', '`latest` or a recovery point ARN', 'latest')
    .option('--yes', 'run the restore (without it, only print what would be done)')
    .option('--keep', 'keep the restored resource instead of deleting it')
    .option('--region <region>', 'restore in this catalog Region (default: the primary)')
    .option('--targets <file>', 'catalog file (default: $DR_TARGETS, else dr-targets.yaml)')
    .option('--evidence <file>', "evidence file (default: the catalog's)")
    .option(
      '--account <id>',
      "account the resources live in (default: $CDK_DEFAULT_ACCOUNT, else the credentials'; must be the credentials')",
    )
    .option('--iam-role <arn>', 'role AWS Backup restores with (default: the restore-testing role)')
    .option(
      '--metadata <key=value>',
      'set a restore-metadata key (repeatable), e.g. a DR-Region DBSubnetGroupName; list values are JSON-array strings, e.g. VpcSecurityGroupIds=\'["sg-0abc"]\'',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--poll <duration>', 'time between progress checks', '30s')
    .option('--timeout <duration>', 'stop waiting for the restore after this long', '24h')
    // The AWS SDK loads when a drill runs, not for every `dr` command (it is most of `dr`'s start-up).
    .action(async (asset: string, flags: DrillFlags) => (await import('./drill-run')).drillCommand(asset, flags, io));
}
