/** What `dr audit` does (bin/commands/audit.ts registers it): loaded when an audit runs, with the AWS SDK. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { catalogPath, projectFile } from '../../lib/catalog';
import {
  InputError,
  loadCloudAssembly,
  loadManifests,
  regionSwitchRoutes,
  type StackArtifact,
} from '../../lib/checker';
import {
  exitCodeOf,
  errorText,
  runAudit,
  sdkClients,
  AuditInputError,
  appendEvidence,
  EvidenceFileError,
  evidenceOf,
  evidencePath,
  notEvidenceFor,
  readEvidence,
  type EvidenceRecord,
  auditJson,
  auditTable,
  accountFor,
  AwsAccessError,
  choosePosture,
  chosenAccount,
  forAccount,
  identityLine,
  parseSince,
  postureLine,
  preflight,
  regionsFor,
  setupAudit,
  auditExperiments,
  auditRegionSwitch,
  synthesizedExperiments,
  type SwitchAuditInput,
} from '../../lib/audit';
import type { Io } from '../io';
import type { AuditFlags } from './audit';

/** Runs `dr audit`: exits with the audit's code, or 2 with one message for bad input or no access. */
export async function auditCommand(flags: AuditFlags, io: Io): Promise<void> {
  try {
    io.exit(await audit(flags, io));
  } catch (e) {
    if (!(e instanceof AuditInputError || e instanceof EvidenceFileError || e instanceof AwsAccessError)) throw e;
    io.err(`dr audit: ${e.message}`);
    io.exit(2);
  }
}

async function audit(flags: AuditFlags, io: Io): Promise<number> {
  const now = new Date();
  const since = new Date(now.getTime() - parseSince(flags.since) * 1000);
  const catalogFile = catalogPath(flags.targets);
  const choice = choosePosture(flags.posture, catalogFile);
  const chosen = chosenAccount(flags.account);
  const offline = setupAudit(catalogFile, choice.file, flags.account);
  const regions = regionsFor(offline.catalog, flags.region);
  const evidenceFile = flags.evidence
    ? typeof flags.evidence === 'string'
      ? flags.evidence
      : evidencePath(offline.catalog)
    : undefined;
  // A malformed evidence file is found before the account is read, not after.
  if (evidenceFile) readEvidence(evidenceFile);
  const stacks = evidenceFile ? synthesizedStacks(flags.cdkOut, io) : [];
  const experiments = synthesizedExperiments(stacks, 'unknown');
  io.err(`dr audit: ${postureLine(choice, offline.posture)}`);
  // Who and where, once: no credentials or no network is one message here, not one per read.
  const clients = sdkClients();
  const identity = await preflight(clients.sts, regions);
  const account = accountFor(identity, chosen);
  io.err(`dr audit: ${identityLine(identity)}`);
  const setup = forAccount(offline, account);
  // The registry replication is written in the primary Region: checked when that Region is audited.
  const registry = setup.registry && regions.includes(setup.registry.region) ? setup.registry : undefined;
  const report = await runAudit(setup.targets, setup.notInAwsBackup, clients, {
    regions,
    since,
    now,
    ...(registry ? { registry } : {}),
  });
  for (const line of flags.json ? [auditJson(report)] : auditTable(report)) io.out(line);
  const code = exitCodeOf(report);
  let experimentsUnread = false;
  if (evidenceFile) {
    const records: EvidenceRecord[] = [];
    for (const a of report.assets) {
      const target = setup.targets.find((t) => t.asset === a.asset)!;
      const not = notEvidenceFor(target.kind);
      for (const r of a.restores) {
        const e = not ? `restore job ${r.id}: ${not}` : evidenceOf(a.asset, setup.catalog.environment.drRegion, r);
        if (typeof e === 'string') io.err(`dr audit: not evidence: ${a.asset}: ${e}`);
        else {
          records.push(e);
          io.err(`dr audit: evidence: ${e.asset} · ${e.mode}: ${e.durationSeconds} s on ${e.date} (${e.run})`);
        }
      }
    }
    if (experiments.length > 0) {
      try {
        const found = await auditExperiments(
          { fis: clients.fis, rds: clients.rds, cloudwatch: clients.cloudwatch },
          experiments,
          setup.posture,
          since,
          { ...setup.catalog.naming, account },
        );
        for (const note of found.notes) io.err(`dr audit: not evidence: ${note}`);
        for (const e of found.records) {
          records.push(e);
          io.err(`dr audit: evidence: ${e.asset} · ${e.mode}: ${e.durationSeconds} s on ${e.date} (${e.run})`);
        }
      } catch (e) {
        // The experiments could not be read: the restores still are recorded, and the audit is not a clean pass.
        io.err(`dr audit: could not read the fault-injection experiments: ${errorText(e)}`);
        experimentsUnread = true;
      }
    }
    const switchInput = regionSwitchInput(stacks, offline.catalog.environment, since, flags.cdkOut);
    if (switchInput.plans.length > 0) {
      try {
        const found = await auditRegionSwitch(clients.regionSwitch, switchInput);
        for (const note of found.notes) io.err(`dr audit: not evidence: ${note}`);
        for (const e of found.records) {
          records.push(e);
          io.err(`dr audit: evidence: ${e.asset} · ${e.mode}: ${e.durationSeconds} s on ${e.date} (${e.run})`);
        }
      } catch (e) {
        // As with the experiments: what was read is still recorded, and the audit is not a clean pass.
        io.err(`dr audit: could not read the Region switch executions: ${errorText(e)}`);
        experimentsUnread = true;
      }
    }
    try {
      const added = appendEvidence(evidenceFile, records);
      io.err(`dr audit: ${added} new evidence record(s) in ${evidenceFile}`);
    } catch (e) {
      // The audit itself stands: a breach still exits 1.
      io.err(`dr audit: could not write the evidence file ${evidenceFile}: ${(e as Error).message}`);
      return code === 1 ? 1 : 2;
    }
  }
  return experimentsUnread && code === 0 ? 2 : code;
}

/** The synthesized stacks, or none (said once) when there is no synth output to read experiments and plans from. */
function synthesizedStacks(flag: string | undefined, io: Io): StackArtifact[] {
  const dir = flag ?? projectFile('cdk.out');
  if (flag === undefined && !existsSync(dir)) {
    io.err(
      `dr audit: no ${dir} here: fault-injection experiments and Region switch executions are not read (npm run synth writes it, or pass --cdk-out)`,
    );
    return [];
  }
  try {
    return loadCloudAssembly(dir);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new AuditInputError(e.message);
  }
}

/**
 * The Region switch plan of the stacks and each entry's path through it. A pilot light's DR manifests (synth writes
 * them to `k8s-dr` beside `k8s`, in `dist/` beside `cdk.out`) say which Deployment the EKS step scales is which entry.
 */
function regionSwitchInput(
  stacks: readonly StackArtifact[],
  environment: { readonly primaryRegion: string; readonly drRegion: string },
  since: Date,
  cdkOut: string | undefined,
): SwitchAuditInput {
  const base = { primaryRegion: environment.primaryRegion, drRegion: environment.drRegion, since };
  if (!stacks.some((s) => Object.values(s.resources).some((r) => r.Type === 'AWS::ARCRegionSwitch::Plan')))
    return { ...base, plans: [], routes: new Map() };
  const drDir = join(dirname(resolve(cdkOut ?? projectFile('cdk.out'))), 'dist', 'k8s-dr');
  let manifests: ReturnType<typeof loadManifests>;
  try {
    manifests = existsSync(drDir) ? loadManifests(drDir) : [];
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new AuditInputError(e.message);
  }
  const { plans, specs } = regionSwitchRoutes({ stacks: [...stacks], manifests }, environment);
  return { ...base, plans, routes: specs };
}
