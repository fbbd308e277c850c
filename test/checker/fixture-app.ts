/**
 * Hand-written artifacts for test/fixtures/checker/catalog.yaml that implement exactly what the model plans, written
 * the way docs/artifacts.md says the constructs and charts write them. Every call returns fresh objects to mutate.
 */
import { loadCatalog, type Catalog } from '../../lib/catalog';
import type { CfnResource, K8sObject, StackArtifact } from '../../lib/checker';
import { deployment, hpa, k8s, pdb, resource, stack, tags } from './helpers';

export const CATALOG_FILE = 'test/fixtures/checker/catalog.yaml';
let loaded: Catalog | undefined;
/** The fixture catalog, read once per test file; each call returns its own copy to mutate. */
export const catalog = (): Catalog => structuredClone((loaded ??= loadCatalog(CATALOG_FILE)));
export const PRIMARY_STACK = 'ExampleDrPrimary';
export const DR_STACK = 'ExampleDrRecovery';

const lock = { MinRetentionDays: 1, MaxRetentionDays: 400, ChangeableForDays: 3 };
const gold = (asset?: string) => tags({ ...(asset ? { 'dr:asset': asset } : {}), 'dr:tier': 'gold' });
export const DR_VAULT_ARN = 'arn:aws:backup:eu-west-1:123456789012:backup-vault:example-co-gold';
const RTC = {
  ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
  Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
};

function bucket(name: string, asset: string | null, role?: string, replicateTo?: string): CfnResource {
  return resource('AWS::S3::Bucket', {
    BucketName: name,
    VersioningConfiguration: { Status: 'Enabled' },
    ...(replicateTo
      ? {
          ReplicationConfiguration: {
            Role: { 'Fn::GetAtt': ['ReplicationRole', 'Arn'] },
            Rules: [
              {
                Status: 'Enabled',
                Priority: 1,
                Filter: { Prefix: '' },
                DeleteMarkerReplication: { Status: 'Enabled' },
                Destination: { Bucket: `arn:aws:s3:::${replicateTo}`, ...RTC },
              },
            ],
          },
        }
      : {}),
    Tags: tags({ ...(asset ? { 'dr:asset': asset } : {}), ...(role ? { 'dr:role': role } : {}), 'dr:tier': 'gold' }),
  });
}

/** A pod experiment as constructs/experiments.ts writes it (issue 17, instance mode of a service or Redis asset). */
function podExperiment(entry: string, selector: string): CfnResource {
  return resource('AWS::FIS::ExperimentTemplate', {
    Description: `${entry}: delete one pod`,
    RoleArn: 'arn:aws:iam::123456789012:role/example-co-fis-experiments',
    Targets: {
      Pods: {
        ResourceType: 'aws:eks:pod',
        Parameters: {
          clusterIdentifier: 'shop',
          namespace: 'shop',
          selectorType: 'labelSelector',
          selectorValue: selector,
        },
        SelectionMode: 'COUNT(1)',
      },
    },
    Actions: {
      DeletePod: {
        ActionId: 'aws:eks:pod-delete',
        Parameters: { kubernetesServiceAccount: 'fis-experiments' },
        Targets: { Pods: 'Pods' },
      },
      Recover: { ActionId: 'aws:fis:wait', Parameters: { duration: 'PT11M' }, StartAfter: ['DeletePod'] },
    },
    StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': ['WebRtoAlarm', 'Arn'] } }],
    ExperimentOptions: { EmptyTargetResolutionMode: 'fail' },
    Tags: { 'dr:asset': entry, 'dr:role': 'experiment', 'dr:mode': 'instance' },
  });
}

/** A zone experiment as constructs/experiments.ts writes it (issue 17, AZ mode). */
function zoneExperiment(zone: string): CfnResource {
  return resource('AWS::FIS::ExperimentTemplate', {
    Description: `${zone}: an Availability Zone power interruption`,
    RoleArn: 'arn:aws:iam::123456789012:role/example-co-fis-experiments',
    Targets: {
      Nodes: {
        ResourceType: 'aws:ec2:instance',
        ResourceTags: { 'eks:cluster-name': 'shop' },
        Filters: [{ Path: 'Placement.AvailabilityZone', Values: [zone] }],
        SelectionMode: 'ALL',
      },
    },
    Actions: {
      StopNodes: {
        ActionId: 'aws:ec2:stop-instances',
        Parameters: { startInstancesAfterDuration: 'PT11M' },
        Targets: { Instances: 'Nodes' },
      },
    },
    StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': ['AzStopAlarm', 'Arn'] } }],
    ExperimentOptions: { EmptyTargetResolutionMode: 'fail' },
    Tags: { 'dr:role': 'experiment', 'dr:mode': 'az', 'dr:zone': zone },
  });
}

function primaryResources(): Record<string, CfnResource> {
  const daily = {
    RuleName: 'daily',
    TargetBackupVault: { 'Fn::GetAtt': ['GoldVault', 'BackupVaultName'] },
    ScheduleExpression: 'cron(0 3 ? * * *)',
    StartWindowMinutes: 60,
    CompletionWindowMinutes: 120,
    Lifecycle: { DeleteAfterDays: 35 },
  };
  return {
    // web's RTO alarm: its health signal unhealthy for the 10-minute RTO (constructs/health.ts).
    WebRtoAlarm: resource('AWS::CloudWatch::Alarm', {
      AlarmName: 'example-co-web-rto',
      Namespace: 'Shop',
      MetricName: 'Up',
      Statistic: 'Minimum',
      Period: 60,
      EvaluationPeriods: 10,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
    }),
    // web's SLO at its tier's 90 %: per burn-rate pair a long and a short window alarm (N minutes, M unhealthy:
    // B × 10 % × N rounded up, at most N) and the composite of both (lib/catalog-plan/slo.ts).
    ...sloPair('Page1h', 'page-1h', [60, 60], [5, 5]),
    ...sloPair('Page6h', 'page-6h', [360, 216], [30, 18]),
    ...sloPair('Ticket1d', 'ticket-1d', [1440, 432], [120, 36]),
    // orders' instance experiment: a forced Multi-AZ failover stopped by its unavailability alarm (constructs/experiments.ts).
    OrdersInstanceExperiment: resource('AWS::FIS::ExperimentTemplate', {
      Description: 'orders: forced Multi-AZ failover',
      RoleArn: 'arn:aws:iam::123456789012:role/example-co-fis-experiments',
      Targets: {
        Database: {
          ResourceType: 'aws:rds:db',
          ResourceArns: ['arn:aws:rds:eu-west-1:123456789012:db:example-co-orders'],
          SelectionMode: 'ALL',
        },
      },
      Actions: {
        Failover: {
          ActionId: 'aws:rds:reboot-db-instances',
          Parameters: { forceFailover: 'true' },
          Targets: { DBInstances: 'Database' },
        },
        Recover: { ActionId: 'aws:fis:wait', Parameters: { duration: 'PT31M' }, StartAfter: ['Failover'] },
      },
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': ['OrdersUnavailableAlarm', 'Arn'] } }],
      ExperimentOptions: { EmptyTargetResolutionMode: 'fail' },
      Tags: { 'dr:asset': 'orders', 'dr:role': 'experiment', 'dr:mode': 'instance' },
    }),
    // web's and its Redis sessions' pod experiments: one pod deleted, stopped by web's RTO alarm.
    WebPodExperiment: podExperiment('web', 'app.kubernetes.io/name=web'),
    SessionsPodExperiment: podExperiment(
      'sessions',
      'app.kubernetes.io/name=sessions,app.kubernetes.io/component=redis',
    ),
    // A zone experiment per zone of the primary Region, stopped when a service is past its RTO.
    ...Object.fromEntries(['a', 'b', 'c'].map((z) => [`EuWest2${z}AzExperiment`, zoneExperiment(`eu-west-2${z}`)])),
    GoldVault: resource('AWS::Backup::BackupVault', {
      BackupVaultName: 'example-co-gold',
      LockConfiguration: lock,
      BackupVaultTags: { 'dr:tier': 'gold', 'dr:role': 'vault' },
    }),
    GoldPlan: resource('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanName: 'example-co-gold-daily', BackupPlanRule: [daily] },
    }),
    GoldSelection: resource('AWS::Backup::BackupSelection', {
      BackupPlanId: { 'Fn::GetAtt': ['GoldPlan', 'BackupPlanId'] },
      BackupSelection: {
        SelectionName: 'gold-daily',
        IamRoleArn: 'arn:aws:iam::123456789012:role/backup',
        Resources: [
          {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':rds:eu-west-2:123456789012:db:', { Ref: 'OrdersDatabase' }],
            ],
          },
          { 'Fn::GetAtt': ['MediaBucket', 'Arn'] },
        ],
      },
    }),
    SessionsSelection: resource('AWS::Backup::BackupSelection', {
      BackupPlanId: { 'Fn::GetAtt': ['GoldPlan', 'BackupPlanId'] },
      BackupSelection: {
        SelectionName: 'sessions-volumes',
        IamRoleArn: 'arn:aws:iam::123456789012:role/backup',
        Resources: ['arn:aws:ec2:*:*:volume/*'],
        Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/dr:asset', ConditionValue: 'sessions' }] },
      },
    }),
    OrdersDatabase: resource(
      'AWS::RDS::DBInstance',
      {
        Engine: 'mysql',
        DBInstanceIdentifier: 'example-co-orders',
        MultiAZ: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 35,
        DeleteAutomatedBackups: false,
        AutomaticBackupReplicationRegion: 'eu-west-1',
        AutomaticBackupReplicationRetentionPeriod: 35,
        Tags: gold('orders'),
      },
      { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' },
    ),
    MediaBucket: bucket(
      'example-co-media-123456789012-eu-west-2',
      'media',
      undefined,
      'example-co-media-123456789012-eu-west-1',
    ),
    SnapshotBucket: bucket(
      'example-co-redis-snapshots-123456789012-eu-west-2',
      'redis-snapshots',
      'redis-snapshots',
      'example-co-redis-snapshots-123456789012-eu-west-1',
    ),
    AppSecret: resource('AWS::SecretsManager::Secret', {
      Name: 'example-co/secrets',
      ReplicaRegions: [{ Region: 'eu-west-1' }],
      Tags: gold('secrets'),
    }),
    Registry: resource('AWS::ECR::ReplicationConfiguration', {
      ReplicationConfiguration: {
        Rules: [
          {
            Destinations: [{ Region: 'eu-west-1', RegistryId: '123456789012' }],
            RepositoryFilters: [{ Filter: 'example-co/', FilterType: 'PREFIX_MATCH' }],
          },
        ],
      },
    }),
  };
}

/** The template replicated repositories are created from in the DR Region, with its key there (ECR-2, ECR-3). */
export function replicaTemplate(): CfnResource {
  return resource('AWS::ECR::RepositoryCreationTemplate', {
    Prefix: 'example-co',
    AppliedFor: ['REPLICATION'],
    ImageTagMutability: 'IMMUTABLE',
    EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': ['EcrKey', 'Arn'] } },
    CustomRoleArn: { 'Fn::GetAtt': ['EcrTemplateRole', 'Arn'] },
  });
}

function drResources(): Record<string, CfnResource> {
  return {
    GoldVault: resource('AWS::Backup::BackupVault', { BackupVaultName: 'example-co-gold', LockConfiguration: lock }),
    EcrKey: resource('AWS::KMS::Key', { KeyPolicy: {} }),
    EcrReplicaTemplate: replicaTemplate(),
    MediaReplica: bucket('example-co-media-123456789012-eu-west-1', 'media'),
    SnapshotReplica: bucket('example-co-redis-snapshots-123456789012-eu-west-1', 'redis-snapshots', 'redis-snapshots'),
  };
}

const PROBES = {
  readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 },
  livenessProbe: { httpGet: { path: '/live', port: 8080 }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
};
const startup = (failureThreshold: number) => ({
  startupProbe: { httpGet: { path: '/live', port: 8080 }, periodSeconds: 5, failureThreshold, timeoutSeconds: 2 },
});
const tolerate = (seconds: number) => ({
  tolerations: ['unreachable', 'not-ready'].map((t) => ({
    key: `node.kubernetes.io/${t}`,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: seconds,
  })),
});

function manifests(): K8sObject[] {
  const redisLabels = { 'dr/asset': 'sessions', 'dr/tier': 'gold' };
  const objects: K8sObject[] = [
    deployment('web', { 'dr/service': 'web', 'dr/tier': 'gold' }, tolerate(247), { ...PROBES, ...startup(12) }),
    hpa('web', 3),
    pdb('web', { maxUnavailable: 1 }, { 'dr/service': 'web', 'dr/tier': 'gold' }),
    deployment('cache', { 'dr/asset': 'cache', 'dr/tier': 'gold' }, tolerate(262), { ...PROBES, ...startup(6) }),
    hpa('cache', 3),
    pdb('cache', { maxUnavailable: 1 }, { 'dr/asset': 'cache', 'dr/tier': 'gold' }),
    k8s('ConfigMap', 'sessions-config', redisLabels, {
      data: {
        'redis.conf':
          'appendonly yes\nappendfsync everysec\nsave 60 1\nmin-replicas-to-write 1\nmin-replicas-max-lag 10\n',
      },
    }),
    k8s('ConfigMap', 'sessions-sentinel', redisLabels, {
      data: {
        'sentinel.conf':
          'sentinel monitor sessions sessions-0 6379 2\nsentinel down-after-milliseconds sessions 5000\n',
      },
    }),
    k8s('StatefulSet', 'sessions', redisLabels, {
      apiVersion: 'apps/v1',
      spec: {
        replicas: 3,
        template: {
          metadata: { labels: { app: 'sessions', ...redisLabels } },
          spec: {
            containers: [{ name: 'redis', image: 'redis:7' }],
            volumes: [{ name: 'config', configMap: { name: 'sessions-config' } }],
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'DoNotSchedule',
                labelSelector: { matchLabels: { app: 'sessions' } },
              },
            ],
          },
        },
      },
    }),
    k8s(
      'CronJob',
      'sessions-rdb-shipping',
      { ...redisLabels, 'dr/role': 'rdb-shipping' },
      {
        apiVersion: 'batch/v1',
        spec: {
          schedule: '*/5 * * * *',
          jobTemplate: {
            spec: {
              activeDeadlineSeconds: 300,
              template: {
                spec: {
                  containers: [
                    {
                      name: 'ship',
                      image: 'ship:1',
                      env: [{ name: 'SNAPSHOT_BUCKET', value: 'example-co-redis-snapshots-123456789012-eu-west-2' }],
                    },
                  ],
                },
              },
            },
          },
        },
      },
    ),
    k8s('StorageClass', 'example-co-sessions', redisLabels, {
      apiVersion: 'storage.k8s.io/v1',
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', tagSpecification_1: 'dr:asset=sessions', tagSpecification_2: 'dr:tier=gold' },
    }),
  ];
  return objects.map((o, index) => ({ ...o, index }));
}

/** Artifacts the tests may change in place. */
export interface MutableArtifacts {
  stacks: (StackArtifact & { resources: Record<string, CfnResource> })[];
  manifests: K8sObject[];
}

/** One burn-rate pair of web's SLO, as constructs/health.ts writes it: [minutes, unhealthy minutes] per window. */
function sloPair(
  id: string,
  slug: string,
  long: [number, number],
  short: [number, number],
): Record<string, CfnResource> {
  const window = (part: string, [n, m]: [number, number]) =>
    resource('AWS::CloudWatch::Alarm', {
      AlarmName: `example-co-web-slo-${slug}-${part}`,
      Namespace: 'Shop',
      MetricName: 'Up',
      Statistic: 'Minimum',
      Period: 60,
      EvaluationPeriods: n,
      DatapointsToAlarm: m,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
    });
  const arn = (logicalId: string) => `ALARM("\${${logicalId}.Arn}")`;
  return {
    [`WebSlo${id}Long`]: window('long', long),
    [`WebSlo${id}Short`]: window('short', short),
    [`WebSlo${id}`]: resource('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: `example-co-web-slo-${slug}`,
      AlarmRule: { 'Fn::Sub': `(${arn(`WebSlo${id}Long`)} AND ${arn(`WebSlo${id}Short`)})` },
    }),
  };
}

export function artifacts(): MutableArtifacts {
  return {
    stacks: [
      stack(PRIMARY_STACK, primaryResources()),
      stack(DR_STACK, drResources(), { region: 'eu-west-1', account: '123456789012' }),
    ],
    manifests: manifests(),
  };
}

/** A resource of the primary stack, to mutate in place. */
export function primary(a: MutableArtifacts, logicalId: string): Record<string, unknown> {
  return a.stacks.find((s) => s.name === PRIMARY_STACK)!.resources[logicalId]!.Properties!;
}

/** A Kubernetes object by kind and name, to mutate in place. */
export function object(a: MutableArtifacts, kind: string, name: string): Record<string, unknown> {
  return a.manifests.find((o) => o.kind === kind && o.name === name)!.doc as Record<string, unknown>;
}
