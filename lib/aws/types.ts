/**
 * The vocabulary shared with AWS: how an asset's resources are found among AWS Backup's protected resources and how the
 * age of its newest point is read, and what the SDK readers return, as plain values.
 */

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
  | {
      readonly by: 'vault';
      readonly resourceType: 'EBS';
      readonly vault: string;
      readonly ambiguousWith: readonly string[];
    };

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
