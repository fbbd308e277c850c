/**
 * The vocabulary of the live audit: what the model expects of an asset's running backups (`AuditTarget`), what the
 * account shows (`Observed`), and what the comparison finds (`Finding`). Pure types.
 */
import type { AssetKind, BackupResourceType, Bound, FactId, Mode, Status, VaultLockSpec } from '../model';

/** A limit the model derives for a live figure, with where it comes from. */
export interface Limit {
  /** Null when the model has no figure (an unknown bound); the audit then compares with `fallbackSeconds`. */
  readonly seconds: number | null;
  readonly bound: Bound;
  readonly facts: readonly FactId[];
  /** What the limit is: "schedule interval plus completion window". */
  readonly note: string;
  /** For an unknown figure: the target the live value must at least meet. */
  readonly fallbackSeconds?: number;
}

/** How the age of an asset's newest restorable point is read. */
export type FreshnessSource =
  /** The newest completed AWS Backup recovery point of the asset's resources. */
  | 'recovery-point'
  /** RDS `LatestRestorableTime` of the source instance: continuous backups are RDS automated backups (BKP-7). */
  | 'latest-restorable-time';

/** Where an asset's resources are found in AWS Backup's protected resources. */
export type ResourceMatch =
  /** One resource with a known ARN (database identifier, bucket name from lib/names). */
  | { readonly by: 'arn'; readonly arn: string }
  /**
   * EBS volumes carry no name lib/names decides: the volumes backed up into the tier's vault, when this asset is the
   * only EBS asset of its tier (else the asset cannot be audited, and says so).
   */
  | { readonly by: 'vault'; readonly resourceType: 'EBS'; readonly vault: string; readonly ambiguousWith: readonly string[] };

export interface AuditTarget {
  readonly asset: string;
  readonly tier: string;
  readonly kind: AssetKind;
  readonly resourceType: BackupResourceType;
  readonly primaryRegion: string;
  readonly drRegion: string;
  readonly match: ResourceMatch;
  /** The RDS instance identifier, for `LatestRestorableTime` and replicated backups. */
  readonly databaseIdentifier?: string;
  readonly vault: string;
  readonly freshness: { readonly source: FreshnessSource; readonly limit: Limit };
  /** The vault lock the plan puts the primary recovery points under (null: none). */
  readonly vaultLock: VaultLockSpec | null;
  /** An AWS Backup copy in the DR Region's vault of the same name (MECH-11). */
  readonly copy?: { readonly limit: Limit; readonly vaultLock: VaultLockSpec | null };
  /** RDS cross-Region automated backup replication (MECH-4). */
  readonly replication?: { readonly limit: Limit };
  /** Target RTO of the modes a restore measures: in the primary Region (corruption) and in the DR Region (region). */
  readonly rto: { readonly corruption: number; readonly region: number };
  /** The posture's statuses per mode: an accepted gap is reported as such and not flagged a second time. */
  readonly posture: Readonly<Record<Mode, { readonly rpo: Status; readonly rto: Status; readonly acceptance?: string }>>;
  /** How long a measured restore stays evidence (the tier's evidenceValidity). */
  readonly evidenceValiditySeconds: number;
}

/** A value read from the account, or why it could not be read. */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export interface RecoveryPoint {
  readonly arn: string;
  /** The resource it is a recovery point of (set by every read; optional for observations built by hand). */
  readonly resourceArn?: string;
  readonly created: Date;
  readonly status: string;
  readonly vault?: string;
  readonly sizeBytes?: number;
}

export interface JobRecord {
  readonly id: string;
  readonly state: string;
  readonly created: Date;
  readonly message?: string;
}

export interface RestoreRecord {
  readonly id: string;
  readonly region: string;
  readonly status: string;
  readonly created: Date;
  readonly completed?: Date;
  readonly recoveryPointArn?: string;
  readonly restoredBytes?: number;
  /** Size of the recovery point restored from, when AWS Backup reports it. */
  readonly sourceBytes?: number;
}

export interface VaultState {
  readonly locked: boolean;
  readonly lockDate?: Date;
  readonly minRetentionDays?: number;
  readonly maxRetentionDays?: number;
}

/** What the account shows for one asset. A section is absent when the target does not call for it. */
export interface Observed {
  readonly resources: Read<readonly string[]>;
  readonly newest: Read<RecoveryPoint | null>;
  /** RDS LatestRestorableTime (only for `latest-restorable-time` freshness). */
  readonly latestRestorable?: Read<Date | null>;
  readonly backupJobs: Read<readonly JobRecord[]>;
  readonly copyJobs: Read<readonly JobRecord[]>;
  readonly vault: Read<VaultState>;
  readonly copy?: { readonly newest: Read<RecoveryPoint | null>; readonly vault: Read<VaultState> };
  readonly replication?: Read<Date | null>;
  readonly restores: Read<readonly RestoreRecord[]>;
}

/** Worst first. */
export const SEVERITIES = ['breach', 'unaudited', 'accepted', 'warning', 'ok'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Check = 'resources' | 'freshness' | 'copy' | 'replication' | 'backup-jobs' | 'copy-jobs' | 'vault-lock' | 'restore' | 'posture';

export interface Finding {
  readonly asset: string;
  readonly check: Check;
  readonly severity: Severity;
  readonly region: string;
  readonly message: string;
  readonly ageSeconds?: number;
  readonly limitSeconds?: number;
}

export interface AssetAudit {
  readonly asset: string;
  readonly tier: string;
  readonly severity: Severity;
  readonly findings: readonly Finding[];
  /** Completed restores in the evidence window (candidates for the evidence file). */
  readonly restores: readonly RestoreRecord[];
}
