/**
 * What the recovery-point-age function reads: the list of measurements shipped beside its bundle. Light on purpose
 * (types and constants only), so the function's bundle does not carry the model.
 */
import type { Bound } from '../model';
import type { FreshnessSource, ResourceMatch } from './types';

export const METRICS = {
  /** Seconds since the asset's newest restorable point. */
  recoveryPointAge: 'RecoveryPointAgeSeconds',
  /** Seconds since the latest restorable time of the asset's automated backups replicated to the DR Region. */
  replicatedBackupAge: 'ReplicatedBackupAgeSeconds',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** The file beside the function's bundle that lists its measurements. */
export const CONFIG_FILE = 'recovery-point-age.json';

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
