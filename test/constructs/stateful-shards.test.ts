/**
 * Stateful resources of sharded stacks, their stacks, logical ids and policies, written out by hand for a placement
 * written out by hand (shards on both sides, a gap in the numbering as after a removal). As in stateful.test.ts,
 * `jest -u` cannot update this: a data store that changes stack or logical id is replaced, and fails CI here instead.
 */
import { planCatalog } from '../../lib/plan';
import { largeCatalog } from '../support/large-catalog';
import { shardedApp, STATEFUL_TYPES, synthesized } from '../support/sharded';

const RETAIN = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };
const db = { type: 'AWS::RDS::DBInstance', ...RETAIN };
const secret = { type: 'AWS::SecretsManager::Secret', ...RETAIN };
const bucket = { type: 'AWS::S3::Bucket', ...RETAIN };
const key = { type: 'AWS::KMS::Key', ...RETAIN };
const vault = { type: 'AWS::Backup::BackupVault', ...RETAIN };

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

const PINNED: Record<string, Record<string, { type: string; DeletionPolicy: string; UpdateReplacePolicy: string }>> = {
  AcmeScaleDrPrimary: {
    Pg0000Database: db,
    Pg0000DatabaseSecret: secret,
    Pg0005Database: db,
    Pg0005DatabaseSecret: secret,
    Os0007Bucket: bucket,
    Sec0013Secret: secret,
    AccessLogsBucket: bucket,
    RedisSnapshotsBucket: bucket,
    VaultedVault: vault,
    OpsKey: key,
    RdsKey: key,
    SecretsKey: key,
    S3Key: key,
    BackupKey: key,
    EcrKey: key,
  },
  AcmeScaleDrPrimaryShard1: {
    Os0001Bucket: bucket,
    Pg0002Database: db,
    Pg0002DatabaseSecret: secret,
    My0012Database: db,
    My0012DatabaseSecret: secret,
  },
  AcmeScaleDrPrimaryShard2: {
    Sec0003Secret: secret,
    My0004Database: db,
    My0004DatabaseSecret: secret,
  },
  AcmeScaleDrPrimaryShard3: {
    Pg0008Database: db,
    Pg0008DatabaseSecret: secret,
    Pg0010Database: db,
    Pg0010DatabaseSecret: secret,
    Os0011Bucket: bucket,
  },
  AcmeScaleDrRecovery: {
    Os0011Bucket: bucket,
    AccessLogsBucket: bucket,
    RedisSnapshotsBucket: bucket,
    OpsKey: key,
    RdsKey: key,
    S3Key: key,
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

describe.each(Object.entries(PINNED))('stateful resources of %s', (stackName, pinned) => {
  const resources = templates.get(stackName)!.template.Resources;

  test.each(Object.entries(pinned))('%s keeps its logical id, type and policies', (id, want) => {
    const got = resources[id];
    expect(got).toBeDefined();
    expect({ type: got!.Type, DeletionPolicy: got!.DeletionPolicy, UpdateReplacePolicy: got!.UpdateReplacePolicy }).toEqual(want);
  });

  test('no stateful resource is missing from the list', () => {
    const stateful = Object.entries(resources).filter(([, r]) => STATEFUL_TYPES.includes(r.Type)).map(([id]) => id);
    expect(stateful.sort()).toEqual(Object.keys(pinned).sort());
  });
});
