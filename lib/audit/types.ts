/**
 * The vocabulary of the live audit: what the model expects of an asset's running backups (`AuditTarget`), what the
 * account shows (`Observed`), and what the comparison finds (`Finding`). Pure types.
 */
import type { BackupExpectation } from '../catalog-plan';
import type { JobRecord, RecoveryPoint, RestoreRecord, VaultState } from '../aws';
import type { Mode, Status } from '../model';

export type { BackupExpectation, Limit } from '../catalog-plan';
export type { JobRecord, RecoveryPoint, RestoreRecord, VaultState } from '../aws';
export type { FreshnessSource, ResourceMatch } from '../measurement';

/** What the model expects of an asset's backups, with the posture's statuses: an accepted gap is reported as such. */
export interface AuditTarget extends BackupExpectation {
  /** The posture's statuses per mode: an accepted gap is reported as such and not flagged a second time. */
  readonly posture: Readonly<
    Record<Mode, { readonly rpo: Status; readonly rto: Status; readonly acceptance?: string }>
  >;
}

/** A value read from the account, or why it could not be read. */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

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

export type Check =
  | 'resources'
  | 'freshness'
  | 'copy'
  | 'replication'
  | 'backup-jobs'
  | 'copy-jobs'
  | 'vault-lock'
  | 'restore'
  | 'posture';

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
