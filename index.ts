/**
 * The package's library entry (package.json "exports" "."): what a CDK app of one's own uses to plan, build and check
 * DR targets. The generated app (bin/) is built from these same exports.
 *
 * - the catalog: `loadCatalog` / `parseCatalog` (located errors as `CatalogError`), durations, tier lookups;
 * - the model: `plan`, `assess`, the mechanisms and the facts table, under `model`; `planCatalog` asks it per entry;
 * - the AWS constructs (`buildAwsApp` and each construct it is made of) and the Kubernetes charts;
 * - the checker (`DrPostureCheck`, the CDK policy-validation plugin; `check`, `checkOnDisk`) and the posture.
 */

// ---- The catalog ----
export {
  catalogPath,
  CatalogError,
  EFFECTIVE_CATALOG_FILE,
  contextFor,
  figureText,
  FileReadError,
  formatDuration,
  formatProblem,
  humanDuration,
  loadCatalog,
  parseCatalog,
  parseDuration,
  tierOf,
  vaultLockOf,
  withAccount,
  type Asset,
  type Catalog,
  type Contact,
  type Drill,
  type Environment,
  type LocatedProblem,
  type Service,
  type Tier,
  type TargetsSource,
  type TierPolicy,
} from './lib/catalog';

// ---- The model and the plan ----
export * as model from './lib/model';
export type { Assessment, MechanismId, MechanismSpec, Mode, Plan, SpecOf } from './lib/model';
export { MODES } from './lib/model';
export {
  dependenciesOf,
  mechanism,
  mechanisms,
  planAsset,
  planCatalog,
  planService,
  type CatalogPlan,
} from './lib/catalog-plan';
export { LABEL, TAG, k8sName, logicalId, type NamingContext, type Side } from './lib/names';
export { place, resolvePlacement, PlacementError, TemplateLimits, type Placement } from './lib/placement';

// ---- DR targets in a CDK app: the catalog, constructs with a tier and RPO/RTO, adopting what a team runs ----
export {
  DrTargets,
  type AcceptOptions,
  type DrTargetsProps,
  type ProtectOptions,
  type TargetDuration,
} from './constructs/dr-targets';
export {
  assetIdOf,
  ProtectedBucket,
  ProtectedDatabase,
  type ProtectedBucketProps,
  type ProtectedDatabaseProps,
  type ProtectionProps,
} from './constructs/protected';
export { ADOPTION_ANNOTATION } from './constructs/adopt';

// ---- The AWS constructs ----
export { buildAwsApp, FAILBACK_FLAG, type Adopted, type AwsStacks, type BuildOptions } from './constructs/app';
export { AccessLogs, type AccessLogsProps } from './constructs/access-logs';
export { Alerts, type AlertsProps } from './constructs/alerts';
export { AuditFrameworks, type AuditFrameworksProps } from './constructs/audit-frameworks';
export { BackupPlans, type BackupPlansProps } from './constructs/backup-plans';
export { TierVaults, vaultArn, type TierVaultsProps } from './constructs/backup-vaults';
export { Database, type DatabaseProps } from './constructs/database';
export { ReplicaTemplate, Repositories, type ReplicaTemplateProps, type RepositoriesProps } from './constructs/ecr';
export { KeyRing, type KeyPurpose, type KeyRingProps } from './constructs/keys';
export { DataNetwork, type DataNetworkProps } from './constructs/network';
export { PreDeployBackup, type PreDeployBackupProps } from './constructs/pre-deploy-backup';
export { RecoveryPointAlarms, type RecoveryPointAlarmsProps } from './constructs/recovery-point-alarms';
export { RdbShippingAccess, type RdbShippingAccessProps } from './constructs/redis-snapshots';
export { ReplicatedBucket, type ReplicatedBucketProps, type ReplicationSpec } from './constructs/replicated-bucket';
export { RestoreTesting, type RestoreTestingProps } from './constructs/restore-testing';
export {
  AppSecret,
  ExternalSecretsAccess,
  type AppSecretProps,
  type ExternalSecretsAccessProps,
} from './constructs/secrets';
export { ServiceRoles, type ServiceRolesProps } from './constructs/service-roles';
export { DrStack, type DrStackProps } from './constructs/stack';
export { tagDataStore, tagProtector } from './constructs/tags';
export type { AssetTargetProps } from './constructs/target';

// ---- The Kubernetes charts ----
export {
  buildCharts,
  manifestTexts,
  manifestYaml,
  synthChartManifests,
  synthManifests,
  type ChartManifest,
  type ChartManifests,
  type Manifests,
} from './k8s/app';
export { MONITORING, PlanContext, type Monitoring, type PlanContextOptions } from './k8s/context';
export { PlatformChart } from './k8s/platform/platform-chart';
export { RedisCacheChart } from './k8s/redis/cache-chart';
export { RedisChart } from './k8s/redis/redis-chart';
export { SecretsChart } from './k8s/secrets/secrets-chart';
export { ServiceChart, type ServiceChartProps } from './k8s/service/service-chart';
export { PlannedDeployment, type PlannedDeploymentProps } from './k8s/workload';

// ---- The checker and the posture ----
export {
  check,
  checkOnDisk,
  DrCheckPlugin,
  evidencePath,
  fails,
  formatFinding,
  InputError,
  loadAnnotations,
  loadCloudAssembly,
  loadEvidence,
  loadManifests,
  manifestsFromMemory,
  manifestsFromObjects,
  PLUGIN_NAME,
  RULES,
  summaryLine,
  todayFrom,
  type CheckResult,
  type DiskCheckOptions,
  type DrPluginOptions,
  type EvidenceRecord,
  type Finding,
  type K8sObject,
  type StackArtifact,
} from './lib/checker';
export {
  buildPosture,
  diffPostures,
  DrPostureCheck,
  postureFiles,
  writePostureFiles,
  type DrPostureCheckOptions,
  type PostureFiles,
  notesFrom,
  parsePosture,
  postureJson,
  postureMarkdown,
  postureMatrixSvg,
  type Posture,
} from './lib/posture';
