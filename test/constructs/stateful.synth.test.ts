/**
 * Stateful resources of the shipped catalog's stacks, their logical ids and their deletion/replacement policies,
 * written out by hand (test/support/stateful.ts): renaming a construct or losing a RETAIN fails CI instead of
 * replacing or deleting a data store.
 */
import { describePinnedStateful, retained, type Pinned } from '../support/stateful';
import { template } from '../support/synthesized';

const db = retained('AWS::RDS::DBInstance');
const secret = retained('AWS::SecretsManager::Secret');
const bucket = retained('AWS::S3::Bucket');
const vault = retained('AWS::Backup::BackupVault');
const key = retained('AWS::KMS::Key');
const repository = retained('AWS::ECR::Repository');
const logs = retained('AWS::Logs::LogGroup');

const PINNED: Pinned = {
  LomashWoodDrPrimary: {
    LomashOrdersDatabase: db,
    LomashAuthDatabase: db,
    LomashProductsDatabase: db,
    LomashAppointmentsDatabase: db,
    LomashCustomersDatabase: db,
    LomashContentDatabase: db,
    LomashNotificationsDatabase: db,
    LomashAnalyticsDatabase: db,
    LomashOrdersDatabaseSecret: secret,
    LomashAuthDatabaseSecret: secret,
    LomashProductsDatabaseSecret: secret,
    LomashAppointmentsDatabaseSecret: secret,
    LomashCustomersDatabaseSecret: secret,
    LomashContentDatabaseSecret: secret,
    LomashNotificationsDatabaseSecret: secret,
    LomashAnalyticsDatabaseSecret: secret,
    AppSecretsSecret: secret,
    S3MediaBucket: bucket,
    RedisSnapshotsBucket: bucket,
    AccessLogsBucket: bucket,
    // Canary artifacts and experiment reports: records of runs, kept on delete (issue 17).
    DrReportsBucket: bucket,
    Tier1Vault: vault,
    Tier2Vault: vault,
    Tier3Vault: vault,
    RdsKey: key,
    S3Key: key,
    BackupKey: key,
    SecretsKey: key,
    OpsKey: key,
    EcrKey: key,
    ApiGatewayRepository: repository,
    AuthServiceRepository: repository,
    OrderPaymentServiceRepository: repository,
    ProductServiceRepository: repository,
    AppointmentServiceRepository: repository,
    CustomerServiceRepository: repository,
    ContentServiceRepository: repository,
    NotificationServiceRepository: repository,
    AnalyticsServiceRepository: repository,
    BackgroundJobsRepository: repository,
    AdminCmsRepository: repository,
    // Exported database logs (postgresql, upgrade), VPC flow logs and the recovery-point function's logs.
    AssetsLomashOrderspostgresqlLogDE755EB7: logs,
    AssetsLomashOrdersupgradeLog3DAE26AF: logs,
    AssetsLomashAuthpostgresqlLogF02C5795: logs,
    AssetsLomashAuthupgradeLog6BBE2830: logs,
    AssetsLomashProductspostgresqlLog636E5C14: logs,
    AssetsLomashProductsupgradeLog4984E878: logs,
    AssetsLomashAppointmentspostgresqlLogD35E1AB5: logs,
    AssetsLomashAppointmentsupgradeLogA368BBE9: logs,
    AssetsLomashCustomerspostgresqlLog117571F2: logs,
    AssetsLomashCustomersupgradeLogD118892D: logs,
    AssetsLomashContentpostgresqlLogC2D8F91D: logs,
    AssetsLomashContentupgradeLog03056E9E: logs,
    AssetsLomashNotificationspostgresqlLogDC5CDEE9: logs,
    AssetsLomashNotificationsupgradeLogA621AF8C: logs,
    AssetsLomashAnalyticspostgresqlLog8F77C44D: logs,
    AssetsLomashAnalyticsupgradeLog7E1EEC24: logs,
    NetworkFlowLogs2BEC3212: logs,
    RecoveryPointAlarmsLogs9971F385: logs,
  },
  LomashWoodDrRecovery: {
    S3MediaBucket: bucket,
    RedisSnapshotsBucket: bucket,
    AccessLogsBucket: bucket,
    // The locked vaults the offsite copies of tier-1 and tier-2 go to, and their key.
    Tier1Vault: vault,
    Tier2Vault: vault,
    RdsKey: key,
    S3Key: key,
    OpsKey: key,
    BackupKey: key,
    // The keys of the secret replicas and the replicated ECR repositories, which must be in their Region (OTH-10,
    // ECR-3, issue 14).
    SecretsKey: key,
    EcrKey: key,
    // The DR network's flow logs, the Region switch plan's report bucket and its custom steps' logs (issue 16).
    NetworkFlowLogs5188BC48: logs,
    RegionSwitchReportsBucket: bucket,
    RegionSwitchFunctionLogs79A21049: logs,
    // The log groups lomash_orders' read replica exports to, beside their key (regionStrategy: replica).
    AssetsLomashOrdersReplicaLogspostgresqlLog317EF252: logs,
    AssetsLomashOrdersReplicaLogsupgradeLog3D9CDCD5: logs,
  },
  LomashWoodDrRecoveryReplicas: {
    // CloudFormation ignores its DeletionPolicy (OTH-41): its DeletionProtection protects it (DR-RETAIN checks that);
    // the pinned logical id keeps a rename from replacing it.
    LomashOrdersReplica: db,
  },
};

describePinnedStateful(PINNED, (stackName) => template(stackName).Resources);
