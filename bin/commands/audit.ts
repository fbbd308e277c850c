/** `dr audit`: the live account against the posture. Exit 1 on a breach, else 2 if an asset could not be audited, else 0. */
import type { Command } from 'commander';
import { catalogPath } from '../../lib/catalog';
import {
  exitCodeOf,
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
} from '../../lib/audit';
import type { Io } from '../io';

interface AuditFlags {
  region?: string;
  targets?: string;
  posture?: string;
  json?: boolean;
  since: string;
  evidence?: string | boolean;
  account?: string;
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
    .option('--evidence [file]', "record measured restores in the evidence file (default: the catalog's)")
    .option(
      '--account <id>',
      "account the resources live in (default: $CDK_DEFAULT_ACCOUNT, else the credentials'; must be the credentials')",
    )
    .action(async (flags: AuditFlags) => {
      try {
        io.exit(await audit(flags, io));
      } catch (e) {
        if (!(e instanceof AuditInputError || e instanceof EvidenceFileError || e instanceof AwsAccessError)) throw e;
        io.err(`dr audit: ${e.message}`);
        io.exit(2);
      }
    });
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
    try {
      const added = appendEvidence(evidenceFile, records);
      io.err(`dr audit: ${added} new evidence record(s) in ${evidenceFile}`);
    } catch (e) {
      // The audit itself stands: a breach still exits 1.
      io.err(`dr audit: could not write the evidence file ${evidenceFile}: ${(e as Error).message}`);
      return code === 1 ? 1 : 2;
    }
  }
  return code;
}
