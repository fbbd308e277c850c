/**
 * `AWS::Backup::BackupPlan` → its rules: schedule (cron → longest interval), start and completion windows (BKP-2
 * defaults when absent), retention, continuous or snapshot, the target vault's lock, and copy actions with the
 * destination vault's lock. `ruleSpecs` turns a rule into the mechanisms it gives a resource of a given type.
 *
 * Rules are read as AWS Backup runs them (BKP-26): of two rules of one plan whose start windows overlap, it takes the
 * backup only for the one with the longer retention, and with equal retention it "selects one". A rule another rule
 * may win over is `displacedBy` it, and its copy actions, which "will only run if the schedule rule has run", do not
 * count.
 */
import { factValue, type BackupResourceType, type MechanismSpec, type VaultLockSpec } from '../../model';
import { bool, isRecord, num, props } from '../cfn';
import { scheduleInterval, windowsOverlap } from '../../schedule';
import type { CfnResource } from '../types';

/** What a vault reference resolves to; null when the templates do not say. */
export interface ResolvedVault {
  readonly lock: VaultLockSpec | null;
  readonly region: string | null;
  /** The vault's name, when the templates say it. */
  readonly name?: string | null;
}
export type VaultResolver = (reference: unknown) => ResolvedVault | null;

export interface BackupCopy {
  readonly retentionDays: number;
  readonly vault: ResolvedVault | null;
}

export interface BackupRule {
  readonly name: string;
  readonly continuous: boolean;
  /** Null when the schedule cannot be read (see `problems`). */
  readonly intervalSeconds: number | null;
  readonly startWindowSeconds: number;
  readonly completionWindowSeconds: number;
  /** Infinity when recovery points are kept forever. */
  readonly retentionDays: number;
  readonly vault: ResolvedVault | null;
  readonly copies: readonly BackupCopy[];
  /** Rules of the same plan whose start windows overlap this one's, with retention at least as long (BKP-26). */
  readonly displacedBy: readonly string[];
  readonly problems: readonly string[];
}

const MINUTE = 60;

function retention(lifecycle: unknown): number {
  return isRecord(lifecycle) ? (num(lifecycle.DeleteAfterDays) ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
}

export function readBackupPlan(resource: CfnResource, resolveVault: VaultResolver): BackupRule[] {
  const plan = props(resource).BackupPlan;
  const rules = isRecord(plan) && Array.isArray(plan.BackupPlanRule) ? plan.BackupPlanRule.filter(isRecord) : [];
  const read = rules.map((r, i) => {
    const problems: string[] = [];
    const name = typeof r.RuleName === 'string' ? r.RuleName : `rule ${i}`;
    const schedule = typeof r.ScheduleExpression === 'string' ? r.ScheduleExpression : 'cron(0 5 ? * * *)'; // BKP-2 default
    const interval = scheduleInterval(schedule, 'aws');
    if ('error' in interval) problems.push(`rule ${name}: ScheduleExpression ${interval.error}`);
    const ruleRetention = retention(r.Lifecycle);
    const copies = Array.isArray(r.CopyActions) ? r.CopyActions.filter(isRecord) : [];
    return {
      name,
      continuous: bool(r.EnableContinuousBackup) === true,
      intervalSeconds: 'seconds' in interval ? interval.seconds : null,
      startWindowSeconds: (num(r.StartWindowMinutes) ?? 0) * MINUTE || factValue('BKP-2'),
      completionWindowSeconds: (num(r.CompletionWindowMinutes) ?? 0) * MINUTE || factValue('BKP-2', 'completionWindow'),
      retentionDays: ruleRetention,
      vault: resolveVault(r.TargetBackupVault),
      copies: copies.map((c) => ({
        retentionDays: isRecord(c.Lifecycle) ? retention(c.Lifecycle) : ruleRetention,
        vault: resolveVault(c.DestinationBackupVaultArn),
      })),
      schedule,
      problems,
    };
  });
  return read.map(({ schedule, ...rule }, i) => ({
    ...rule,
    displacedBy: read
      .filter((other, j) => j !== i && other.retentionDays >= rule.retentionDays)
      .filter((other) => {
        const overlap = windowsOverlap(
          { expression: schedule, windowSeconds: rule.startWindowSeconds },
          { expression: other.schedule, windowSeconds: other.startWindowSeconds },
        );
        // An unreadable schedule is already a problem of its rule, which then gives nothing (ruleSpecs).
        return overlap === true;
      })
      .map((other) => other.name),
  }));
}

/** A rule's copy actions, unless another rule of its plan may run in its place (BKP-26). */
export function copiesThatRun(rule: BackupRule): readonly BackupCopy[] {
  return rule.displacedBy.length === 0 ? rule.copies : [];
}

/**
 * The mechanisms a rule gives one resource. A continuous rule gives PITR (its copies become snapshots, BKP-10); a copy
 * into the source's own Region is no Region-loss path and is left out, and so is a copy of a rule another rule of the
 * plan may run in place of (BKP-26). The displaced rule's own recovery point is left in: the rule that runs instead
 * takes one at that time.
 */
export function ruleSpecs(
  rule: BackupRule,
  resourceType: BackupResourceType,
  sourceRegion: string | null,
): MechanismSpec[] {
  if (rule.intervalSeconds === null) return [];
  const vaultLock = rule.vault?.lock ?? null;
  const own: MechanismSpec = rule.continuous
    ? { id: 'backup-continuous', resourceType, retentionDays: rule.retentionDays, vaultLock }
    : {
        id: 'backup-snapshot',
        resourceType,
        intervalSeconds: rule.intervalSeconds,
        startWindowSeconds: rule.startWindowSeconds,
        completionWindowSeconds: rule.completionWindowSeconds,
        retentionDays: rule.retentionDays,
        vaultLock,
      };
  const copies = copiesThatRun(rule)
    .filter((c) => c.vault?.region == null || sourceRegion === null || c.vault.region !== sourceRegion)
    .map((c): MechanismSpec => ({
      id: 'backup-copy',
      resourceType,
      ruleIntervalSeconds: rule.intervalSeconds!,
      ruleCompletionWindowSeconds: rule.completionWindowSeconds,
      retentionDays: c.retentionDays,
      vaultLock: c.vault?.lock ?? null,
    }));
  return [own, ...copies];
}
