/** What the SDK readers return: recovery points, jobs, restores and vault states as plain values. */

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
  /** The restore testing plan that started the job (CreatedBy.RestoreTestingPlanArn), when one did. */
  readonly restoreTestingPlanArn?: string;
  /** The restore test's validation (FAILED, SUCCESSFUL, TIMED_OUT, VALIDATING), when one reported it (OTH-64). */
  readonly validationStatus?: string;
}

export interface VaultState {
  readonly locked: boolean;
  readonly lockDate?: Date;
  readonly minRetentionDays?: number;
  readonly maxRetentionDays?: number;
}
