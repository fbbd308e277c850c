/**
 * What the live audit, the drills and the recovery-point-age function share about AWS: the read-only SDK calls, the
 * ARN helpers that map protected resources to assets, and the function's wire contract (its measurements file).
 */
export { bucketOf, parseArn, rdsIdentifierOf, resourcesOf, volumeIdOf, type ProtectedResourceLite } from './arns';
export { CONFIG_FILE, METRICS, type FunctionConfig, type Measurement, type MetricName } from './measurement';
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
export { deleteVolume, ownVolumes, taggedVolumeIds, volumeState, type VolumeState } from './volumes';
export type { FreshnessSource, JobRecord, RecoveryPoint, ResourceMatch, RestoreRecord, VaultState } from './types';
