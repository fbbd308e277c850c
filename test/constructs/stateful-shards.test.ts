/**
 * Stateful resources of sharded stacks, their stacks, logical ids and policies, written out by hand for a placement
 * written out by hand (shards on both sides, a gap in the numbering as after a removal). As in stateful.test.ts,
 * `jest -u` cannot update this: a data store that changes stack or logical id is replaced, and fails CI here instead.
 */
import { planCatalog } from '../../lib/catalog-plan';
import { largeCatalog } from '../support/large-catalog';
import { shardedApp, synthesized } from '../support/sharded';
import { describePinnedStateful, retained, type Pinned } from '../support/stateful';

const db = retained('AWS::RDS::DBInstance');
const secret = retained('AWS::SecretsManager::Secret');
const bucket = retained('AWS::S3::Bucket');
const key = retained('AWS::KMS::Key');
const vault = retained('AWS::Backup::BackupVault');
const repository = retained('AWS::ECR::Repository');
const logs = retained('AWS::Logs::LogGroup');

/** shard per side: [primary, dr]; 0 is the side's own stack. */
const PLACEMENT: Record<string, [number, number]> = {
  'pg-0000': [0, 0],
  'os-0001': [1, 1],
  'pg-0002': [1, 0],
  'sec-0003': [2, 0],
  'my-0004': [2, 0],
  'pg-0005': [0, 0],
  'rd-0006': [1, 0],
  'os-0007': [0, 3],
  'pg-0008': [3, 0],
  'git-0009': [0, 0],
  'pg-0010': [3, 0],
  'os-0011': [3, 0],
  'my-0012': [1, 0],
  'sec-0013': [0, 0],
};

const PINNED: Pinned = {
  AcmeScaleDrPrimary: {
    Pg0000Database: db,
    Pg0000DatabaseSecret: secret,
    Pg0005Database: db,
    Pg0005DatabaseSecret: secret,
    Os0007Bucket: bucket,
    Sec0013Secret: secret,
    AccessLogsBucket: bucket,
    DrReportsBucket: bucket,
    RedisSnapshotsBucket: bucket,
    VaultedVault: vault,
    OpsKey: key,
    RdsKey: key,
    SecretsKey: key,
    S3Key: key,
    BackupKey: key,
    EcrKey: key,
    Svc00Repository: repository,
    AssetsPg0000postgresqlLog3EC301E8: logs,
    AssetsPg0000upgradeLogCE3A1386: logs,
    AssetsPg0005postgresqlLog4D09778D: logs,
    AssetsPg0005upgradeLogD1005789: logs,
    NetworkFlowLogs2BEC3212: logs,
    RecoveryPointAlarmsLogs9971F385: logs,
  },
  AcmeScaleDrPrimaryShard1: {
    Os0001Bucket: bucket,
    Pg0002Database: db,
    Pg0002DatabaseSecret: secret,
    My0012Database: db,
    My0012DatabaseSecret: secret,
    AssetsPg0002postgresqlLogC91319C4: logs,
    AssetsPg0002upgradeLog2DDD9675: logs,
    AssetsMy0012errorLogFD060962: logs,
    AssetsMy0012slowqueryLogD3E6FB4F: logs,
  },
  AcmeScaleDrPrimaryShard2: {
    Sec0003Secret: secret,
    My0004Database: db,
    My0004DatabaseSecret: secret,
    AssetsMy0004errorLog60959584: logs,
    AssetsMy0004slowqueryLog59A1EBCB: logs,
  },
  AcmeScaleDrPrimaryShard3: {
    Pg0008Database: db,
    Pg0008DatabaseSecret: secret,
    Pg0010Database: db,
    Pg0010DatabaseSecret: secret,
    Os0011Bucket: bucket,
    AssetsPg0008postgresqlLog7890F51C: logs,
    AssetsPg0008upgradeLog0434053C: logs,
    AssetsPg0010postgresqlLog0530741B: logs,
    AssetsPg0010upgradeLog14744453: logs,
  },
  AcmeScaleDrRecovery: {
    Os0011Bucket: bucket,
    AccessLogsBucket: bucket,
    RedisSnapshotsBucket: bucket,
    OpsKey: key,
    RdsKey: key,
    S3Key: key,
    // The replicas' own keys in the DR Region (OTH-10, ECR-3).
    SecretsKey: key,
    EcrKey: key,
  },
  AcmeScaleDrRecoveryShard1: {
    Os0001Bucket: bucket,
  },
  AcmeScaleDrRecoveryShard3: {
    Os0007Bucket: bucket,
  },
};

const plan = planCatalog(largeCatalog(14));
const placement = new Map(Object.entries(PLACEMENT).map(([id, [primary, dr]]) => [id, { primary, dr }]));
const { app } = shardedApp(plan, { placement });
const { templates } = synthesized(app);

test('the stacks are exactly the ones the placement names', () => {
  expect([...templates.keys()].sort()).toEqual(Object.keys(PINNED).sort());
});

describePinnedStateful(PINNED, (stackName) => templates.get(stackName)!.template.Resources);
