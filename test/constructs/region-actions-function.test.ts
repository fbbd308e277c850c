/**
 * The Region switch plan's custom-step function (constructs/functions/region-actions): each action is idempotent and
 * throws "not yet" until its resource is ready (ARC runs it again after its retry interval, ARC-10). Over
 * aws-sdk-client-mock; the Kubernetes API is a recorded fake; nothing leaves the machine.
 */
import '../audit/support/aws-env';
import {
  BackupClient,
  GetRecoveryPointRestoreMetadataCommand,
  ListRecoveryPointsByResourceCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import {
  DBInstanceNotFoundFault,
  DescribeDBInstanceAutomatedBackupsCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { eksToken, handle, NotYet, type Deps, type KubeResponse } from '../../constructs/functions/region-actions';

const SOURCE = 'arn:aws:rds:eu-west-2:111111111111:db:lomash-wood-lomash-orders';
const restore = {
  action: 'restore-database',
  asset: 'lomash_orders',
  tier: 'tier-1',
  identifier: 'lomash-wood-lomash-orders',
  engine: 'postgres',
  source: 'replicated-backups',
  sourceArn: SOURCE,
  subnetGroup: 'lomash-wood-data',
  parameterGroup: 'lomash-wood-postgres',
  multiAz: true,
} as const;

function setup(kubeAnswers: KubeResponse[] = []) {
  const rds = mockClient(RDSClient);
  const backup = mockClient(BackupClient);
  const calls: { method: string; path: string; body?: unknown; contentType?: string }[] = [];
  const deps: Deps = {
    rds: new RDSClient({ region: 'eu-west-1' }),
    backup: new BackupClient({ region: 'eu-west-1' }),
    kube: async (method, path, body, contentType) => {
      calls.push({ method, path, body, ...(contentType ? { contentType } : {}) });
      return kubeAnswers.shift() ?? { status: 200, body: {} };
    },
    settings: {
      region: 'eu-west-1',
      securityGroupId: 'sg-0dr',
      clusterName: 'lomash-wood-dr',
      namespace: 'lomash-wood',
      restoreRoleArn: 'arn:aws:iam::111111111111:role/lomash-wood-restore-testing',
    },
  };
  return { rds, backup, deps, calls, restoreAll: () => (rds.restore(), backup.restore()) };
}

const notFound = () => new DBInstanceNotFoundFault({ message: 'not found', $metadata: {} });

describe('restore-database', () => {
  test('not there yet: restores the replicated automated backups into the DR network, then "not yet"', async () => {
    const { rds, deps, restoreAll } = setup();
    try {
      rds.on(DescribeDBInstancesCommand).rejects(notFound());
      rds.on(DescribeDBInstanceAutomatedBackupsCommand).resolves({
        DBInstanceAutomatedBackups: [
          { DBInstanceArn: 'arn:aws:rds:eu-west-2:111111111111:db:other', DBInstanceAutomatedBackupsArn: 'wrong' },
          {
            DBInstanceArn: SOURCE,
            DBInstanceAutomatedBackupsArn: 'arn:aws:rds:eu-west-1:111111111111:auto-backup:ab-1',
          },
        ],
      });
      rds.on(RestoreDBInstanceToPointInTimeCommand).resolves({});
      await expect(handle(JSON.stringify(restore), deps)).rejects.toThrow(NotYet);
      expect(rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)[0]!.args[0].input).toEqual({
        SourceDBInstanceAutomatedBackupsArn: 'arn:aws:rds:eu-west-1:111111111111:auto-backup:ab-1',
        TargetDBInstanceIdentifier: 'lomash-wood-lomash-orders',
        UseLatestRestorableTime: true,
        DBSubnetGroupName: 'lomash-wood-data',
        DBParameterGroupName: 'lomash-wood-postgres',
        VpcSecurityGroupIds: ['sg-0dr'],
        MultiAZ: true,
        DeletionProtection: true,
        CopyTagsToSnapshot: true,
        Tags: [
          { Key: 'dr:asset', Value: 'lomash_orders' },
          { Key: 'dr:tier', Value: 'tier-1' },
          { Key: 'dr:restored-by', Value: 'region-switch' },
        ],
      });
    } finally {
      restoreAll();
    }
  });

  test('being created: "not yet", nothing started twice', async () => {
    const { rds, deps, restoreAll } = setup();
    try {
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'creating' }] });
      await expect(handle(restore, deps)).rejects.toThrow(/lomash-wood-lomash-orders is creating/);
      expect(rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)).toHaveLength(0);
    } finally {
      restoreAll();
    }
  });

  test('available: its endpoint goes into the DR workloads’ ConfigMap (created when missing), and the step is done', async () => {
    const { rds, deps, calls, restoreAll } = setup([
      { status: 404, body: {} },
      { status: 201, body: {} },
    ]);
    try {
      rds.on(DescribeDBInstancesCommand).resolves({
        DBInstances: [
          {
            DBInstanceStatus: 'available',
            Endpoint: { Address: 'lomash-wood-lomash-orders.abc.eu-west-1.rds.amazonaws.com', Port: 5433 },
          },
        ],
      });
      await expect(handle(restore, deps)).resolves.toEqual({
        done: 'lomash-wood-lomash-orders is available at lomash-wood-lomash-orders.abc.eu-west-1.rds.amazonaws.com',
      });
      const data = {
        DB_LOMASH_ORDERS_HOST: 'lomash-wood-lomash-orders.abc.eu-west-1.rds.amazonaws.com',
        DB_LOMASH_ORDERS_PORT: '5433',
      };
      expect(calls).toEqual([
        {
          method: 'PATCH',
          path: '/api/v1/namespaces/lomash-wood/configmaps/dr-database-endpoints',
          body: { data },
          contentType: 'application/merge-patch+json',
        },
        {
          method: 'POST',
          path: '/api/v1/namespaces/lomash-wood/configmaps',
          body: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'dr-database-endpoints', namespace: 'lomash-wood' },
            data,
          },
        },
      ]);
    } finally {
      restoreAll();
    }
  });

  test('from the DR vault: the newest copy restored by AWS Backup with the DR network in its metadata', async () => {
    const { rds, backup, deps, restoreAll } = setup();
    try {
      rds.on(DescribeDBInstancesCommand).rejects(notFound());
      backup.on(ListRecoveryPointsByResourceCommand).resolves({
        RecoveryPoints: [
          {
            RecoveryPointArn: 'old',
            CreationDate: new Date('2026-12-01'),
            Status: 'COMPLETED',
            BackupVaultName: 'lomash-wood-tier-1',
          },
          {
            RecoveryPointArn: 'new',
            CreationDate: new Date('2026-12-06'),
            Status: 'COMPLETED',
            BackupVaultName: 'lomash-wood-tier-1',
          },
        ],
      });
      backup
        .on(GetRecoveryPointRestoreMetadataCommand)
        .resolves({ RestoreMetadata: { DBInstanceClass: 'db.t4g.medium' } });
      backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-1' });
      const fromVault = { ...restore, source: 'vault-copy', vault: 'lomash-wood-tier-1' };
      await expect(handle(fromVault, deps)).rejects.toThrow(/restore of lomash-wood-lomash-orders started/);
      expect(backup.commandCalls(StartRestoreJobCommand)[0]!.args[0].input).toEqual({
        RecoveryPointArn: 'new',
        IamRoleArn: 'arn:aws:iam::111111111111:role/lomash-wood-restore-testing',
        ResourceType: 'RDS',
        Metadata: {
          DBInstanceClass: 'db.t4g.medium',
          DBInstanceIdentifier: 'lomash-wood-lomash-orders',
          DBSubnetGroupName: 'lomash-wood-data',
          DBParameterGroupName: 'lomash-wood-postgres',
          VpcSecurityGroupIds: '["sg-0dr"]',
          MultiAZ: 'true',
          DeletionProtection: 'true',
        },
      });
    } finally {
      restoreAll();
    }
  });

  test('no replicated backups of the source: a real error, not "not yet"', async () => {
    const { rds, deps, restoreAll } = setup();
    try {
      rds.on(DescribeDBInstancesCommand).rejects(notFound());
      rds.on(DescribeDBInstanceAutomatedBackupsCommand).resolves({ DBInstanceAutomatedBackups: [] });
      const error = await handle(restore, deps).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(NotYet);
      expect((error as Error).message).toMatch(/no replicated automated backups of .*lomash-orders in eu-west-1/);
    } finally {
      restoreAll();
    }
  });
});

describe('promoted-database', () => {
  const promoted = {
    action: 'promoted-database',
    asset: 'lomash_orders',
    identifier: 'lomash-wood-lomash-orders',
    retentionDays: 35,
  } as const;
  const endpoint = { Address: 'lomash-wood-lomash-orders.xyz.eu-west-1.rds.amazonaws.com', Port: 5433 };

  test('still a replica, or not available: "not yet", nothing modified or written', async () => {
    const { rds, deps, calls, restoreAll } = setup();
    try {
      rds
        .on(DescribeDBInstancesCommand)
        .resolvesOnce({
          DBInstances: [
            { DBInstanceStatus: 'available', ReadReplicaSourceDBInstanceIdentifier: 'arn:src', Endpoint: endpoint },
          ],
        })
        .resolvesOnce({ DBInstances: [{ DBInstanceStatus: 'modifying', Endpoint: endpoint }] });
      await expect(handle(promoted, deps)).rejects.toThrow(/still a read replica/);
      await expect(handle(promoted, deps)).rejects.toThrow(/is modifying/);
      expect(rds.commandCalls(ModifyDBInstanceCommand)).toHaveLength(0);
      expect(calls).toEqual([]);
    } finally {
      restoreAll();
    }
  });

  test('standing alone without automated backups: turned on with the catalog retention, then "not yet"', async () => {
    const { rds, deps, calls, restoreAll } = setup();
    try {
      rds.on(DescribeDBInstancesCommand).resolves({
        DBInstances: [{ DBInstanceStatus: 'available', BackupRetentionPeriod: 0, Endpoint: endpoint }],
      });
      rds.on(ModifyDBInstanceCommand).resolves({});
      await expect(handle(promoted, deps)).rejects.toThrow(NotYet);
      expect(rds.commandCalls(ModifyDBInstanceCommand).map((c) => c.args[0].input)).toEqual([
        { DBInstanceIdentifier: 'lomash-wood-lomash-orders', BackupRetentionPeriod: 35, ApplyImmediately: true },
      ]);
      expect(calls).toEqual([]);
    } finally {
      restoreAll();
    }
  });

  test('standing alone with backups (ARC keeps the source retention): its endpoint is written, the step is done', async () => {
    const { rds, deps, calls, restoreAll } = setup();
    try {
      rds.on(DescribeDBInstancesCommand).resolves({
        DBInstances: [{ DBInstanceStatus: 'available', BackupRetentionPeriod: 35, Endpoint: endpoint }],
      });
      await expect(handle(promoted, deps)).resolves.toEqual({
        done: `lomash-wood-lomash-orders stands alone at ${endpoint.Address}, automated backups kept 35 days`,
      });
      expect(rds.commandCalls(ModifyDBInstanceCommand)).toHaveLength(0);
      expect(calls.map((c) => [c.method, c.body])).toEqual([
        ['PATCH', { data: { DB_LOMASH_ORDERS_HOST: endpoint.Address, DB_LOMASH_ORDERS_PORT: '5433' } }],
      ]);
    } finally {
      restoreAll();
    }
  });

  test('no such instance: a real error, not "not yet"', async () => {
    const { rds, deps, restoreAll } = setup();
    try {
      rds.on(DescribeDBInstancesCommand).rejects(notFound());
      const err = await handle(promoted, deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(NotYet);
      expect((err as Error).message).toMatch(/no such DB instance in eu-west-1/);
    } finally {
      restoreAll();
    }
  });
});

describe('scale-statefulset', () => {
  const start = { action: 'scale-statefulset', asset: 'redis-sessions', name: 'redis-sessions', replicas: 3 } as const;

  test('scales it, then "not yet" until every pod is ready', async () => {
    const { deps, calls } = setup([
      { status: 200, body: {} },
      { status: 200, body: { status: { readyReplicas: 1 } } },
    ]);
    await expect(handle(start, deps)).rejects.toThrow('StatefulSet redis-sessions: 1 of 3 pods ready');
    expect(calls[0]).toEqual({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/lomash-wood/statefulsets/redis-sessions/scale',
      body: { spec: { replicas: 3 } },
      contentType: 'application/merge-patch+json',
    });
    const { deps: again } = setup([
      { status: 200, body: {} },
      { status: 200, body: { status: { readyReplicas: 3 } } },
    ]);
    await expect(handle(start, again)).resolves.toEqual({ done: 'StatefulSet redis-sessions: 3 pods ready' });
  });

  test('refused by the API: an error with the status', async () => {
    const { deps } = setup([{ status: 403, body: {} }]);
    await expect(handle(start, deps)).rejects.toThrow('scaling StatefulSet redis-sessions: HTTP 403');
  });
});

test('an unknown action is an error', async () => {
  const { deps } = setup();
  await expect(handle({ action: 'drop-tables' }, deps)).rejects.toThrow(/unknown action "drop-tables"/);
});

test('the EKS token: a presigned STS GetCallerIdentity URL naming the cluster in a signed header, valid 60 s', async () => {
  const token = await eksToken(
    'lomash-wood-dr',
    'eu-west-1',
    { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    new Date('2026-12-07T10:00:00Z'),
  );
  expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
  const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));
  expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
  expect(Object.fromEntries(url.searchParams)).toMatchObject({
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'AKIDEXAMPLE/20261207/eu-west-1/sts/aws4_request',
    'X-Amz-Date': '20261207T100000Z',
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
  });
  expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
});
