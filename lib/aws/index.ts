/**
 * What the live audit, the drills and the recovery-point-age function share about AWS: the read-only SDK calls, the
 * ARN helpers that map protected resources to assets (the function's contract is lib/measurement).
 */
export { bucketOf, parseArn, rdsIdentifierOf, resourcesOf, volumeIdOf, type ProtectedResourceLite } from './arns';
export {
  backupJobs,
  copyJobs,
  latestRestorableTime,
  listProtectedResources,
  newestOf,
  newestRecoveryPoint,
  replicatedBackupTime,
  restoreJobs,
  vaultState,
} from './reads';
export { deleteVolume, ownVolumes, securityGroupIds, taggedVolumeIds, volumeState, type VolumeState } from './volumes';
export type { JobRecord, RecoveryPoint, RestoreRecord, VaultState } from './types';
export {
  EXPERIMENT_STATES,
  FisApiError,
  fisClient,
  fisEndpoint,
  TERMINAL_STATES,
  type Experiment,
  type ExperimentAction,
  type ExperimentStatus,
  type ExperimentSummary,
  type ExperimentTemplateSummary,
  type FisClient,
  type FisClientOptions,
  type StartExperimentInput,
} from './fis';
export { alarmFiredAt, databaseEvents, type RdsEvent } from './events';
export {
  EXECUTION_STATES,
  REGION_SWITCH_TARGET_PREFIX,
  RegionSwitchApiError,
  regionSwitchClient,
  regionSwitchEndpoint,
  STEP_STATUSES,
  type ExecutionState,
  type ExecutionSummary,
  type PlanExecution,
  type PlanSummary,
  type RegionSwitchClient,
  type RegionSwitchClientOptions,
  type StepState,
  type StepStatus,
} from './region-switch';
export { AwsApiError } from './signed';
