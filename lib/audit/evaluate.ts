/**
 * The comparison: what the account shows for one asset against what the model says its configuration achieves. Pure:
 * the clock is an argument. Missing data is never green: a section that could not be read makes the asset
 * `unaudited`, with the reason.
 */
import { humanDuration } from '../catalog';
import { PROVING_BOUNDS, type Mode, type VaultLockSpec } from '../model';
import {
  SEVERITIES,
  type AssetAudit,
  type AuditTarget,
  type Check,
  type Finding,
  type JobRecord,
  type Limit,
  type Observed,
  type Read,
  type RecoveryPoint,
  type Severity,
  type VaultState,
} from './types';

export interface EvaluateOptions {
  readonly now: Date;
  /** Regions audited (`--region`); checks in other Regions are left out. */
  readonly regions: readonly string[];
}

const BAD_JOB_STATES = ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'];

export function worstSeverity(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((w, s) => (SEVERITIES.indexOf(s) < SEVERITIES.indexOf(w) ? s : w), 'ok');
}

const ageOf = (now: Date, t: Date) => Math.max(0, Math.round((now.getTime() - t.getTime()) / 1000));
const human = (s: number) => (s === 0 ? '0s' : humanDuration(s));

function describeLimit(limit: Limit): string {
  const why = [limit.note, limit.facts.join(', ')].filter(Boolean).join('; ');
  if (limit.seconds !== null) return `${human(limit.seconds)} (${limit.bound} bound when every run succeeds; ${why})`;
  if (limit.atLeastSeconds !== undefined) {
    return `${human(limit.atLeastSeconds)} (the known part when every run succeeds; the rest is not published: ${why})`;
  }
  return 'no limit';
}

export function evaluate(target: AuditTarget, observed: Observed, options: EvaluateOptions): AssetAudit {
  const findings: Finding[] = [];
  const { now } = options;
  const add = (check: Check, severity: Severity, region: string, message: string, extra: Partial<Finding> = {}) =>
    findings.push({ asset: target.asset, check, severity, region, message, ...extra });
  const primary = target.primaryRegion;
  const dr = target.drRegion;

  for (const [mode, p] of Object.entries(target.posture) as [Mode, AuditTarget['posture'][Mode]][]) {
    if (p.acceptance && (p.rpo === 'accepted' || p.rto === 'accepted')) {
      const fields = [p.rpo === 'accepted' ? 'RPO' : '', p.rto === 'accepted' ? 'RTO' : '']
        .filter(Boolean)
        .join(' and ');
      add('posture', 'accepted', '-', `${mode} ${fields}: an accepted gap in the posture — ${p.acceptance}`);
    }
  }

  // Restores are listed per resource: when the resources are unknown, an empty list would claim too much.
  let resourcesKnown = observed.resources.ok;
  if (options.regions.includes(primary)) {
    const found = checkResources(target, observed.resources, add);
    resourcesKnown = found;
    if (found) {
      checkAge('freshness', primary, freshnessRead(target, observed), target.freshness.limit, now, add);
      checkJobs('backup-jobs', primary, observed.backupJobs, add);
      checkJobs('copy-jobs', primary, observed.copyJobs, add);
    }
    checkLock(target.vault, target.vaultLock, primary, observed.vault, now, add);
  }
  if (options.regions.includes(dr)) {
    // Auditing the DR Region alone: the primary's resource list (EBS volumes are found there) may be what is missing.
    if (!options.regions.includes(primary) && !observed.resources.ok) {
      add('resources', 'unaudited', primary, `could not list protected resources: ${observed.resources.error}`);
    }
    if (target.copy && observed.copy) {
      // With the resources unknown, so are their copies: unaudited, neither a breach nor a pass.
      if (observed.resources.ok) checkAge('copy', dr, observed.copy.newest, target.copy.limit, now, add);
      checkLock(target.vault, target.copy.vaultLock, dr, observed.copy.vault, now, add);
    }
    if (target.replication && observed.replication) {
      checkAge('replication', dr, observed.replication, target.replication.limit, now, add);
    }
    if (!target.copy && !target.replication) {
      // Said, so an audit of the DR Region alone does not look like a check that passed; a replica (S3) is not read here.
      add(
        'copy',
        'ok',
        dr,
        `no AWS Backup copy or replicated backup of this asset in ${dr} to audit (a replica, or none: see the posture's region mode)`,
      );
    }
  }
  const restores = resourcesKnown ? checkRestores(target, observed.restores, options, add) : [];
  return {
    asset: target.asset,
    tier: target.tier,
    severity: worstSeverity(findings.map((f) => f.severity)),
    findings,
    restores,
  };
}

type Add = (check: Check, severity: Severity, region: string, message: string, extra?: Partial<Finding>) => void;

function checkResources(target: AuditTarget, resources: Read<readonly string[]>, add: Add): boolean {
  const region = target.primaryRegion;
  if (!resources.ok) {
    add('resources', 'unaudited', region, `could not list protected resources: ${resources.error}`);
    return false;
  }
  if (resources.value.length === 0) {
    const what =
      target.match.by === 'arn'
        ? target.match.arn
        : `no ${target.match.resourceType} volume backed up into ${target.match.vault}`;
    add('resources', 'breach', region, `not protected by AWS Backup: ${what}`);
    return false;
  }
  add('resources', 'ok', region, `${resources.value.length} protected resource(s)`);
  return true;
}

function freshnessRead(target: AuditTarget, observed: Observed): Read<{ created: Date; arn?: string } | null> {
  if (target.freshness.source === 'recovery-point') return observed.newest;
  const t = observed.latestRestorable ?? { ok: false, error: 'LatestRestorableTime was not read' };
  return t.ok ? { ok: true, value: t.value === null ? null : { created: t.value } } : t;
}

function checkAge(
  check: 'freshness' | 'copy' | 'replication',
  region: string,
  read: Read<Pick<RecoveryPoint, 'created'> | Date | null>,
  limit: Limit,
  now: Date,
  add: Add,
): void {
  const what = {
    freshness: 'newest restorable point',
    copy: 'newest copy in the DR vault',
    replication: 'newest replicated automated backup',
  }[check];
  if (!read.ok) return add(check, 'unaudited', region, `could not read the ${what}: ${read.error}`);
  if (read.value === null) return add(check, 'breach', region, `no ${what} (expected within ${describeLimit(limit)})`);
  const created = read.value instanceof Date ? read.value : read.value.created;
  const age = ageOf(now, created);
  const held = limit.seconds ?? limit.atLeastSeconds;
  if (held === undefined) {
    return add(
      check,
      'unaudited',
      region,
      `${what} is ${human(age)} old; the model gives no limit to compare with (${limit.note})`,
      { ageSeconds: age },
    );
  }
  const extra = { ageSeconds: age, limitSeconds: held };
  if (age <= held)
    return add(check, 'ok', region, `${what} is ${human(age)} old, within ${describeLimit(limit)}`, extra);
  // Over the configuration's own figure is a failure of the configuration, whatever the posture accepts of the target,
  // when the figure is a bound (worst, SLA, measured), when the age is past one missed run, which nothing explains
  // away, or when a typical figure is exceeded beyond the target too. Else it is late, not proof of a failure: a slow
  // copy (its time is not published) or a typical figure exceeded within the target.
  const proven = limit.seconds !== null && PROVING_BOUNDS.includes(limit.bound);
  const missedRun = limit.missedRunSeconds !== undefined && age > limit.missedRunSeconds;
  const pastTarget = limit.seconds !== null && limit.targetSeconds !== undefined && age > limit.targetSeconds;
  const certain = proven || missedRun || pastTarget;
  const why =
    limit.seconds === null
      ? '; not proof of a failure: the copy time is not published'
      : `; not proof of a failure: a ${limit.bound} figure, and within the target${limit.targetSeconds !== undefined ? ` of ${human(limit.targetSeconds)}` : ''}`;
  add(
    check,
    certain ? 'breach' : 'warning',
    region,
    `${what} is ${human(age)} old, over ${describeLimit(limit)}${certain ? '' : why}`,
    extra,
  );
}

function checkJobs(
  check: 'backup-jobs' | 'copy-jobs',
  region: string,
  read: Read<readonly JobRecord[]>,
  add: Add,
): void {
  const kind = check === 'backup-jobs' ? 'backup' : 'copy';
  if (!read.ok) return add(check, 'unaudited', region, `could not list ${kind} jobs: ${read.error}`);
  const bad = read.value
    .filter((j) => BAD_JOB_STATES.includes(j.state))
    .sort((a, b) => b.created.getTime() - a.created.getTime());
  if (bad.length === 0)
    return add(check, 'ok', region, `${read.value.length} ${kind} job(s) in the window, none failed`);
  const latestBad = bad[0]!;
  const laterSuccess = read.value.some((j) => j.state === 'COMPLETED' && j.created > latestBad.created);
  const detail = `${bad.length} ${kind} job(s) ${[...new Set(bad.map((j) => j.state))].join('/')} in the window; latest ${latestBad.id} at ${latestBad.created.toISOString()}${latestBad.message ? `: ${latestBad.message}` : ''}`;
  add(
    check,
    laterSuccess ? 'warning' : 'breach',
    region,
    laterSuccess ? `${detail} (a later job completed)` : `${detail} (no later job completed)`,
  );
}

function checkLock(
  vault: string,
  spec: VaultLockSpec | null,
  region: string,
  read: Read<VaultState>,
  now: Date,
  add: Add,
): void {
  if (spec === null) return;
  if (!read.ok) return add('vault-lock', 'unaudited', region, `could not describe vault ${vault}: ${read.error}`);
  const v = read.value;
  if (!v.locked)
    return add(
      'vault-lock',
      'breach',
      region,
      `vault ${vault} is not locked; the plan puts its recovery points under a ${spec.mode} lock (BKP-15)`,
    );
  if (spec.mode === 'compliance' && v.lockDate === undefined) {
    return add(
      'vault-lock',
      'breach',
      region,
      `vault ${vault} has a governance lock; the plan expects compliance (BKP-15)`,
    );
  }
  const bounds = v.minRetentionDays !== spec.minRetentionDays || v.maxRetentionDays !== spec.maxRetentionDays;
  const range = `retention ${v.minRetentionDays ?? '-'}–${v.maxRetentionDays ?? '-'} d`;
  if (bounds) {
    return add(
      'vault-lock',
      'warning',
      region,
      `vault ${vault} is locked with ${range}; the plan sets ${spec.minRetentionDays}–${spec.maxRetentionDays} d (BKP-16)`,
    );
  }
  if (v.lockDate && v.lockDate > now) {
    return add(
      'vault-lock',
      'warning',
      region,
      `vault ${vault} is in its compliance cooling-off period until ${v.lockDate.toISOString()}; it can still be unlocked`,
    );
  }
  add('vault-lock', 'ok', region, `vault ${vault} is locked (${v.lockDate ? 'compliance' : 'governance'}, ${range})`);
}

function checkRestores(
  target: AuditTarget,
  read: Read<AssetAudit['restores']>,
  options: EvaluateOptions,
  add: Add,
): AssetAudit['restores'] {
  const region = options.regions.join(',');
  if (!read.ok) {
    add('restore', 'unaudited', region, `could not list restore jobs: ${read.error}`);
    return [];
  }
  const since = options.now.getTime() - target.evidenceValiditySeconds * 1000;
  const recent = read.value.filter((r) => r.created.getTime() >= since);
  const completed = recent.filter((r) => r.status === 'COMPLETED' && r.completed !== undefined);
  for (const r of recent.filter((x) => x.status === 'FAILED' || x.status === 'ABORTED')) {
    add('restore', 'warning', r.region, `restore job ${r.id} ${r.status} at ${r.created.toISOString()}`);
  }
  for (const r of completed) {
    const mode: Mode = r.region === target.drRegion ? 'region' : 'corruption';
    const rto = target.rto[mode];
    const took = ageOf(r.completed!, r.created);
    // A restore is part of a recovery: the tier's declared time to notice, decide and repoint comes on top.
    const overhead = target.overheadSeconds?.[mode];
    const total = took + (overhead ?? 0);
    const extra = { ageSeconds: took, limitSeconds: rto };
    const text =
      overhead === undefined
        ? `restore job ${r.id} took ${human(took)} (${mode} RTO ${human(rto)}; no recovery overhead declared for the tier)`
        : `restore job ${r.id} took ${human(took)}, ${human(total)} with the declared recovery overhead (${mode} RTO ${human(rto)})`;
    if (total > rto) {
      add('restore', target.posture[mode].rto === 'accepted' ? 'accepted' : 'breach', r.region, `${text}: over`, extra);
    } else if (overhead === undefined) {
      add('restore', 'warning', r.region, `${text}: the restore fits, the whole recovery is not known`, extra);
    } else add('restore', 'ok', r.region, text, extra);
  }
  if (completed.length === 0 && target.posture.corruption.rto === 'unverified') {
    const how = target.resourceType === 'RDS' ? `run dr drill ${target.asset}` : 'record a restore test';
    add(
      'restore',
      'warning',
      target.primaryRegion,
      `no completed restore in the last ${human(target.evidenceValiditySeconds)}: the corruption RTO stays unverified (${how})`,
    );
  }
  return completed;
}
