/**
 * What the recovery-point-age function reads: the list of measurements shipped beside its bundle, and how an asset's
 * resources are found among AWS Backup's protected resources. Light on purpose (types and constants only), so neither
 * the function's bundle nor the synth that writes the list loads more than it needs.
 */
import type { Bound } from '../model';

export const METRICS = {
  /** Seconds since the asset's newest restorable point. */
  recoveryPointAge: 'RecoveryPointAgeSeconds',
  /** Seconds since the latest restorable time of the asset's automated backups replicated to the DR Region. */
  replicatedBackupAge: 'ReplicatedBackupAgeSeconds',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** The file beside the function's bundle that lists its measurements. */
export const CONFIG_FILE = 'recovery-point-age.json';

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

/** One figure the function publishes every run. */
export interface Measurement {
  readonly asset: string;
  readonly metric: MetricName;
  /** Where the function reads it. */
  readonly region: string;
  readonly source: FreshnessSource | 'replicated-backup';
  readonly match: ResourceMatch;
  readonly primaryRegion: string;
  readonly databaseIdentifier?: string;
  /** The model's figure for the age: what the configuration achieves. */
  readonly figureSeconds: number;
  /** The figure's bound: a `worst` one is never exceeded while the configuration works, a `typical` one sometimes is. */
  readonly bound: Bound;
  /** Why the threshold is what it is, for the alarm description. */
  readonly basis: string;
}

export interface FunctionConfig {
  readonly namespace: string;
  readonly measurements: readonly Measurement[];
}
