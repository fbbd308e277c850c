/** What a kind of asset (or a service) can be protected with: groups of mutually exclusive options. */
import type { BackupResourceType, MechanismId, MechanismSpec, ModelContext, VaultLockSpec } from '../mechanisms/spec';
import type { Mode } from '../types';

/** Settings the planner does not choose: they come from the catalog's tier policy and the asset. */
export interface PlanPolicy {
  /** How far back recovery points must reach. */
  readonly retentionDays: number;
  /** The lock of the tier's vaults (primary and DR), already adjusted for the profile. */
  readonly vaultLock: VaultLockSpec | null;
  /** Every asset of the tier keeps a recovery point in the tier's locked vault. */
  readonly immutableBackups: boolean;
  /** ... and a copy of it in the tier's locked vault in the DR Region. */
  readonly offsiteCopy?: boolean;
  readonly backupWindow: { readonly startSeconds: number; readonly completionSeconds: number };
  /** Mechanisms something else needs, e.g. a PITR restore drill needs AWS Backup continuous backup. */
  readonly requires: readonly MechanismId[];
  /** Mechanisms the account cannot give this asset, e.g. a quota already used up by more important assets. */
  readonly excludes?: readonly MechanismId[];
  readonly drRegion: string;
  /** For workloads: the most replicas the tier allows (the HPA maximum). */
  readonly maxReplicas: number;
  /** For workloads: how long the slowest start may take (sizes the startup probe). */
  readonly startupSeconds: number;
  /**
   * The asset's own (instance-mode) target, for timings derived from it: probe and toleration seconds, Redis save
   * intervals. Only settings of equal cost are derived this way, so the planner stays monotone.
   */
  readonly budget: { readonly rpoSeconds: number | null; readonly rtoSeconds: number };
  /** For a rebuildable cache: its declared warm-up after a flush, in seconds. */
  readonly warmUpSeconds?: number;
  /**
   * A database the catalog wants a cross-Region read replica for (asset `regionStrategy`), with its ReplicaLag alarm's
   * threshold: the asset's Region RPO target, or null when it has none. @default - no replica
   */
  readonly regionReplica?: { readonly lagAlarmSeconds: number | null };
  /** For assets provisioned elsewhere: the catalog's declaration. */
  readonly external?: { readonly provider: string; readonly evidence: string; readonly unaffected: readonly Mode[] };
}

export interface OptionGroup {
  readonly name: string;
  /** Each option is a set of specs taken together; an empty option means "none from this group". */
  readonly options: readonly (readonly MechanismSpec[])[];
}

export interface KindModule {
  readonly kind: string;
  readonly title: string;
  /** Whether the asset's data is protected by its own resource and so counts for a data-store check. */
  readonly stateful: boolean;
  /** The AWS Backup resource type, when AWS Backup can protect this kind (BKP-21, BKP-23). */
  readonly backupResourceType: BackupResourceType | null;
  /**
   * Whether a restored AWS Backup recovery point serves the data as it is (a database, a bucket), so its restore time
   * is the recovery time; false where the store must still be started on it (Redis on a restored volume).
   */
  readonly restoreServes: boolean;
  groups(policy: PlanPolicy, ctx: ModelContext): readonly OptionGroup[];
}

const HOUR = 3600;
/** Snapshot rule intervals AWS Backup can express as cron, at least hourly (BKP-1). */
export const SNAPSHOT_INTERVALS = [1, 2, 3, 4, 6, 8, 12, 24].map((h) => h * HOUR);

/**
 * How many hours after a plan's continuous rule its snapshot rules start: once the continuous rule's completion
 * window has closed (constructs/backup-plans.ts places them so; AWS Backup runs only one of two rules of a plan whose
 * start windows overlap, BKP-26).
 */
export function snapshotOffsetHours(window: PlanPolicy['backupWindow']): number {
  return Math.ceil(window.completionSeconds / HOUR);
}

/**
 * Whether every run of a snapshot rule `intervalSeconds` apart, placed as {@link snapshotOffsetHours} says, starts
 * clear of the daily start window of the continuous rule in its plan (both rules open the tier's start window). An
 * hourly rule cannot: one of its runs always falls in that window, where AWS Backup may run the continuous rule
 * instead and a copy on the snapshot rule then does not run (BKP-26).
 */
export function clearOfContinuous(intervalSeconds: number, window: PlanPolicy['backupWindow']): boolean {
  const day = 24 * HOUR;
  const offset = snapshotOffsetHours(window) * HOUR;
  for (let t = offset; t < offset + day; t += intervalSeconds) {
    const start = t % day;
    if (start < window.startSeconds || start + window.startSeconds > day) return false;
  }
  return true;
}

/** Snapshot rules at every interval, each alone or with a copy to the DR vault. */
export function snapshotOptions(resourceType: BackupResourceType, policy: PlanPolicy): MechanismSpec[][] {
  const options: MechanismSpec[][] = [[]];
  for (const intervalSeconds of SNAPSHOT_INTERVALS) {
    const rule = {
      id: 'backup-snapshot',
      resourceType,
      intervalSeconds,
      startWindowSeconds: policy.backupWindow.startSeconds,
      completionWindowSeconds: policy.backupWindow.completionSeconds,
      retentionDays: policy.retentionDays,
      vaultLock: policy.vaultLock,
    } as const;
    const copy = {
      id: 'backup-copy',
      resourceType,
      ruleIntervalSeconds: intervalSeconds,
      ruleCompletionWindowSeconds: policy.backupWindow.completionSeconds,
      retentionDays: policy.retentionDays,
      vaultLock: policy.vaultLock,
    } as const;
    options.push([rule], [rule, copy]);
  }
  return options;
}
