/**
 * The catalog asks the model: one plan per asset and per service (planCatalog), each service bounded by its
 * dependencies, fitted into the account's quotas; and what that plan expects of the live account (backup expectations,
 * recovery-point-age alarms). Constructs and charts build from these plans; they compute no figure of their own.
 */
export {
  auditControlsOf,
  dependenciesOf,
  mechanism,
  mechanisms,
  planAsset,
  planCatalog,
  planService,
  TIER_AUDIT_CONTROLS,
  wantsReplica,
  type CatalogPlan,
  type LimitNote,
  type MechanismSpec,
} from './catalog-plan';
export { backupExpectations, limitOf, type BackupExpectation, type Limit } from './expectations';
export { metricNamespace, recoveryPointAgeConfig, type ConfigResult } from './alarms';
export { registryReplication, type RegistryReplication } from './registry';
export {
  HEALTH_PERIOD_SECONDS,
  rtoAlarmOf,
  rtoAlarms,
  type AlarmComparison,
  type HealthMetric,
  type RtoAlarm,
} from './health';
export {
  BURN_WINDOWS,
  burnRateOf,
  serviceSlos,
  sloOf,
  unhealthyMinutesToAlarm,
  type BurnRateAlarm,
  type BurnWindowSpec,
  type ServiceSlo,
  type WindowAlarm,
} from './slo';
export { restoreTarget, SWITCH_TIMEOUTS, switchSteps, type PlannedStep, type SwitchPlan } from './region-switch';
export {
  azExperiments,
  EKS_CLUSTER_TAG,
  FIS,
  instanceExperimentOf,
  instanceExperiments,
  isMultiAzDatabase,
  podExperiments,
  volumeAssetsOf,
  type AzExperiment,
  type InstanceExperiment,
  type PodExperiment,
} from './experiments';
