/**
 * `dr drill ASSET`: restore the asset's latest recovery point into a new database, bucket or volume, time it against the RTO, log it,
 * record it as evidence, delete what it restored. Without --yes it only prints the plan. Exit 0 within RTO, 1 over,
 * 2 if it could not run.
 */
import type { Command } from 'commander';
import { CatalogError, catalogPath, loadCatalog, parseDuration } from '../../lib/catalog';
import {
  errorText,
  sdkClients,
  describePlan,
  drillSubject,
  requireDrMetadata,
  userMetadata,
  drillExitCode,
  drillVerdict,
  recordDrill,
  executeDrill,
  prepareDrill,
  type DrillDeps,
  AuditInputError,
  EvidenceFileError,
  evidencePath,
  notEvidenceFor,
  readEvidence,
  namingFor,
  accountFor,
  AwsAccessError,
  chosenAccount,
  describeOfflinePlan,
  identityLine,
  preflight,
} from '../../lib/audit';
import { planCatalog } from '../../lib/catalog-plan';
import type { Io } from '../io';

interface DrillFlags {
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
}

export function register(program: Command, io: Io): void {
  program
    .command('drill')
    .description("restore an asset's recovery point (RDS, S3 or EBS) into a new resource and time it against the RTO")
    .argument('<asset>', 'catalog asset id')
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
    .action(async (asset: string, flags: DrillFlags) => {
      try {
        io.exit(await drill(asset, flags, io));
      } catch (e) {
        if (!(e instanceof Error) || e instanceof CatalogError) throw e;
        // A user mistake, or AWS refusing or unreachable: either way the drill could not run.
        const input = e instanceof AuditInputError || e instanceof EvidenceFileError || e instanceof AwsAccessError;
        io.err(`dr drill: ${input ? e.message : `could not run: ${errorText(e)}`}`);
        io.exit(2);
      }
    });
}

function seconds(flag: string, value: string): number {
  const s = parseDuration(value);
  if (s === undefined || s === 0)
    throw new AuditInputError(`--${flag} expects a duration such as 30s or 2h, got "${value}"`);
  return s;
}

async function drill(assetId: string, flags: DrillFlags, io: Io): Promise<number> {
  const pollSeconds = seconds('poll', flags.poll);
  const timeoutSeconds = seconds('timeout', flags.timeout);
  const catalog = loadCatalog(catalogPath(flags.targets));
  const plan = planCatalog(catalog);
  const chosen = chosenAccount(flags.account);
  const request = {
    asset: assetId,
    recoveryPoint: flags.recoveryPoint,
    region: flags.region ?? catalog.environment.primaryRegion,
    keep: flags.keep === true,
    ...(flags.iamRole ? { iamRoleArn: flags.iamRole } : {}),
  };
  const offlineNaming = namingFor(catalog, flags.account);
  const offline = drillSubject(plan, offlineNaming, request);
  const metadata = userMetadata(offline.source.type, flags.metadata);
  // What the DR Region lacks is known without reading anything (a DR network the Recovery stack provisions names
  // the subnet and parameter groups itself).
  if (offline.region !== catalog.environment.primaryRegion && !offline.drNetwork)
    requireDrMetadata(offline.source.type, offline.region, metadata);
  if (!flags.yes) {
    // Offline: what --yes would read, restore, time and delete, from the catalog and the names alone.
    for (const line of describeOfflinePlan(offline, offlineNaming, { ...request, metadata }, new Date())) io.out(line);
    io.out('dry run: nothing was read or restored. Run again with --yes to look up the recovery point and restore it.');
    return 2;
  }
  const clients = sdkClients();
  // Who and where, once: no credentials or no network is one message, before anything is read.
  const identity = await preflight(clients.sts, [...new Set([offline.region, catalog.environment.primaryRegion])]);
  io.out(identityLine(identity));
  const naming = { ...offlineNaming, account: accountFor(identity, chosen) };
  const subject = drillSubject(plan, naming, request);
  const deps: DrillDeps = {
    backup: clients.backup(subject.region),
    rds: clients.rds(subject.region),
    s3: clients.s3(subject.region),
    ec2: clients.ec2(subject.region),
    sourceEc2: clients.ec2(catalog.environment.primaryRegion),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    progress: (line) => io.out(`  ${line}`),
  };
  const drillPlan = await prepareDrill(deps, naming, subject, { ...request, metadata });
  for (const line of describePlan(drillPlan)) io.out(line);
  // A malformed evidence file stops the drill before it restores anything, not after (if the drill can be evidence).
  if (!notEvidenceFor(drillPlan.asset.kind)) readEvidence(flags.evidence ?? evidencePath(catalog));
  const result = await executeDrill(deps, drillPlan, { intervalMs: pollSeconds * 1000, timeoutSeconds });
  if (result.cleanupNote) io.err(`dr drill: ${result.cleanupNote}`);
  let recorded = true;
  try {
    const r = recordDrill(catalog, drillPlan, result, deps.now(), flags.evidence);
    if ('notEvidence' in r.evidence) io.err(`dr drill: not evidence: ${r.evidence.notEvidence}`);
  } catch (e) {
    // The restore happened and was timed: say so even if the log or the evidence could not be written.
    io.err(`dr drill: could not record the drill: ${(e as Error).message}`);
    recorded = false;
  }
  io.out(drillVerdict(drillPlan, result));
  const code = drillExitCode(result);
  // An unrecorded drill is not a clean success (as in dr audit): over RTO still exits 1.
  return recorded || code === 1 ? code : 2;
}
