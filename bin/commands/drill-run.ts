/** What `dr drill` does (bin/commands/drill.ts registers it): loaded when a drill runs, with the AWS SDK. */
import { randomUUID } from 'node:crypto';
import { CatalogError, catalogPath, loadCatalog, parseDuration, projectFile } from '../../lib/catalog';
import { InputError, loadCloudAssembly } from '../../lib/checker';
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
  appendEvidence,
  choosePosture,
  describeExperimentPlan,
  experimentEvidence,
  experimentPlan,
  postureLine,
  readPosture,
  runExperiment,
  runText,
  synthesizedExperiments,
  appendDrillLog,
  drillLogPath,
  experimentLogRow,
} from '../../lib/audit';
import { planCatalog } from '../../lib/catalog-plan';
import type { Io } from '../io';
import type { DrillFlags } from './drill';

/** Runs `dr drill`: exits 0 within the RTO, 1 over it, or 2 with one message when it could not run. */
export async function drillCommand(asset: string, flags: DrillFlags, io: Io): Promise<void> {
  try {
    io.exit(await drill(asset, flags, io));
  } catch (e) {
    if (!(e instanceof Error) || e instanceof CatalogError) throw e;
    // A user mistake, or AWS refusing or unreachable: either way the drill could not run.
    const input = e instanceof AuditInputError || e instanceof EvidenceFileError || e instanceof AwsAccessError;
    io.err(`dr drill: ${input ? e.message : `could not run: ${errorText(e)}`}`);
    io.exit(2);
  }
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
  if (flags.mode !== undefined || flags.zone !== undefined)
    return experimentDrill(assetId, flags, io, pollSeconds, timeoutSeconds);
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

/** The synthesized templates, or a message that says how to get them. */
function templatesIn(dir: string, account: string) {
  try {
    return synthesizedExperiments(loadCloudAssembly(dir), account);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new AuditInputError(
      `${e.message.split('\n')[0]}: run \`npm run synth\` (it writes cdk.out) or pass --cdk-out`,
    );
  }
}

/** `--mode`: the entry's experiment of that mode, its plan offline, and with --yes its run and its evidence. */
async function experimentDrill(
  entry: string,
  flags: DrillFlags,
  io: Io,
  pollSeconds: number,
  timeoutSeconds: number,
): Promise<number> {
  const catalogFile = catalogPath(flags.targets);
  const catalog = loadCatalog(catalogFile);
  if (flags.mode === undefined) throw new AuditInputError('--zone applies to --mode az: add --mode az');
  // What only a restore takes is refused, not ignored.
  const restoreOnly = [
    flags.keep ? '--keep' : '',
    flags.region !== undefined ? '--region' : '',
    flags.iamRole !== undefined ? '--iam-role' : '',
    flags.metadata.length > 0 ? '--metadata' : '',
    flags.recoveryPoint !== 'latest' ? '--recovery-point' : '',
  ].filter(Boolean);
  if (restoreOnly.length > 0)
    throw new AuditInputError(`${restoreOnly.join(', ')} applies to restores, not to --mode ${flags.mode}`);
  const cdkOut = flags.cdkOut ?? projectFile('cdk.out');
  const naming = namingFor(catalog, flags.account);
  const choice = choosePosture(flags.posture, catalogFile);
  const posture = readPosture(choice.file);
  const plan = experimentPlan(
    catalog,
    templatesIn(cdkOut, naming.account),
    { file: choice.file, posture },
    { entry, mode: flags.mode, ...(flags.zone !== undefined ? { zone: flags.zone } : {}) },
    cdkOut,
  );
  const evidenceFile = flags.evidence ?? evidencePath(catalog);
  const lines = describeExperimentPlan(plan, {
    pollSeconds,
    timeoutSeconds,
    evidenceFile,
    postureLine: postureLine(choice, posture),
  });
  for (const line of lines) io.out(line);
  if (!flags.yes) {
    io.out('dry run: nothing was read or started. Run again with --yes to start the experiment.');
    return 2;
  }
  // A malformed evidence file stops the drill before the experiment starts, not after.
  readEvidence(evidenceFile);
  const clients = sdkClients();
  const identity = await preflight(clients.sts, [plan.region]);
  io.out(identityLine(identity));
  accountFor(identity, chosenAccount(flags.account));
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const runId = `dr-drill-${randomUUID()}`;
  let run;
  try {
    run = await runExperiment(
      {
        fis: clients.fis(plan.region),
        rds: clients.rds(plan.region),
        cloudwatch: clients.cloudwatch(plan.region),
        now: () => new Date(),
        // A wait that Ctrl-C ends at once, leaving no timer behind.
        sleep: (ms) =>
          new Promise((resolve) => {
            const timer = setTimeout(resolve, ms);
            controller.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
          }),
        progress: (line) => io.out(`  ${line}`),
        signal: controller.signal,
      },
      plan,
      { intervalMs: pollSeconds * 1000, timeoutSeconds, runId },
    );
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const m = run.measurement;
  // Named as dr audit --evidence names the same run (audit.ts), so reading it back adds no second record.
  const runName = runText(run.experiment, run.templateId, `dr drill ${runId}${plan.zone ? `, zone ${plan.zone}` : ''}`);
  const result =
    m.outcome === 'not-measured'
      ? `not measured (${run.experiment.state.status}): ${m.why}; ${runName}`
      : `${m.outcome === 'pass' ? 'within RTO' : 'OVER RTO'}: ${m.measured}; ${runName}`;
  let recorded = true;
  try {
    appendDrillLog(
      drillLogPath(catalog),
      experimentLogRow(
        {
          entry: plan.entry,
          mode: plan.zone ? `${plan.mode} (${plan.zone})` : plan.mode,
          region: plan.region,
          rtoSeconds: plan.rtoSeconds,
          ...(m.outcome === 'not-measured' ? {} : { seconds: m.seconds }),
          result,
        },
        new Date(),
      ),
    );
    if (m.outcome !== 'not-measured')
      appendEvidence(evidenceFile, [experimentEvidence(plan.entry, plan.mode, plan.region, m, runName)]);
  } catch (e) {
    // The experiment ran and was measured: say so even if the log or the evidence could not be written.
    io.err(`dr drill: could not record the experiment: ${(e as Error).message}`);
    recorded = false;
  }
  if (m.outcome === 'not-measured') {
    io.out(`${plan.entry}: ${plan.mode} experiment ${run.experiment.state.status}: not measured: ${m.why}`);
    return 2;
  }
  io.out(verdict(plan.entry, plan.mode, m, plan.rtoSeconds));
  // An unrecorded pass is not a clean success; a FAIL stays a FAIL.
  return m.outcome === 'fail' ? 1 : recorded ? 0 : 2;
}

function verdict(
  entry: string,
  mode: string,
  m: { outcome: 'pass' | 'fail'; seconds: number; measured: string },
  rtoSeconds: number,
): string {
  const v = m.outcome === 'pass' ? 'within RTO' : 'over RTO (FAIL)';
  return `${entry}: ${mode} experiment measured ${m.seconds} s against an RTO of ${rtoSeconds} s: ${v} — ${m.measured}`;
}
