/**
 * Every acknowledgement in the synthesized app, listed by hand: one rule id, on one construct, with a reason of at
 * least 20 characters; DR rules only with a reason generated from the plan. Adding one means adding it here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { acknowledge, DR_RULE, postureReason } from '../../constructs/acknowledgements';
import { bucketName, logicalId, type NamingContext } from '../../lib/names';
import { serviceSlos } from '../../lib/catalog-plan';
import { WINDOW_ALARM_RULES } from '../../constructs/health';
import { loadCatalog } from '../../lib/catalog';
import { cdkOut } from '../support/synthesized';
import { asset, baseDoc, planOf, testApp } from './support';

interface Ack {
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

function acknowledgements(): Ack[] {
  const out: Ack[] = [];
  for (const file of readdirSync(cdkOut()).filter((f) => f.endsWith('.metadata.json'))) {
    const metadata = JSON.parse(readFileSync(join(cdkOut(), file), 'utf8')) as Record<
      string,
      { type: string; data: Record<string, string> }[]
    >;
    for (const [path, entries] of Object.entries(metadata)) {
      for (const e of entries.filter((x) => x.type === 'aws:cdk:acknowledged-rules')) {
        for (const [rule, reason] of Object.entries(e.data))
          out.push({ path: path.replace(/^\/[A-Za-z]+Dr(Primary|RecoveryReplicas|Recovery)\//, '$1/'), rule, reason });
      }
    }
  }
  return out;
}

/** The expected list, by hand. Findings that quote ARNs are built from lib/names, as the constructs build them. */
function expected(n: NamingContext): string[] {
  const [p, d] = [n.primaryRegion, n.drRegion];
  const iam4 = (path: string, policy: string) =>
    `${path} Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`;
  const replication = (path: string, id: string) => [
    `${path}/ReplicationRole/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:s3:::${bucketName(n, id, 'primary')}/*]`,
    `${path}/ReplicationRole/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:s3:::${bucketName(n, id, 'dr')}/*]`,
    // No `key/*` statement: primary → DR replication names the DR key by key ARN (S3-14).
  ];
  const accessLogs = (side: string) =>
    [
      'Annotation::HIPAA.Security-S3DefaultEncryptionKMS',
      'Annotation::NIST.800.53.R5-S3DefaultEncryptionKMS',
      'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
      'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
      'Annotation::HIPAA.Security-S3BucketReplicationEnabled',
      'Annotation::NIST.800.53.R5-S3BucketReplicationEnabled',
    ].map((r) => `${side}/AccessLogs/Bucket/Resource ${r}`);
  const replica = (path: string) => [
    `${path}/Bucket/Resource Annotation::HIPAA.Security-S3BucketReplicationEnabled`,
    `${path}/Bucket/Resource Annotation::NIST.800.53.R5-S3BucketReplicationEnabled`,
    `${path}/Bucket/Resource cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check`,
  ];
  const secret = 'Primary/Assets/AppSecrets/Secret/Resource';
  const preDeploy = 'Primary/Assets/LomashOrdersPreDeployBackup';
  return [
    'Primary/Network/Vpc CloudFormation-Validate::W3010',
    // The recovery-point-age function: no queue to dead-letter into (it is retried on the next 15-minute run) and no
    // VPC (it only calls AWS APIs); AWS Backup's list actions take no resource ARN.
    'Primary/RecoveryPointAlarms/Function/Resource Annotation::HIPAA.Security-LambdaDLQ',
    'Primary/RecoveryPointAlarms/Function/Resource Annotation::HIPAA.Security-LambdaInsideVPC',
    'Primary/RecoveryPointAlarms/Function/Resource Annotation::NIST.800.53.R5-LambdaDLQ',
    'Primary/RecoveryPointAlarms/Function/Resource Annotation::NIST.800.53.R5-LambdaInsideVPC',
    'Primary/RecoveryPointAlarms/Function/Resource cdk-validator-cfnguard::lambda_inside_vpc_check',
    'Primary/RecoveryPointAlarms/Policy Annotation::AwsSolutions-IAM5[Resource::*]',
    'Primary/Network/Vpc Annotation::HIPAA.Security-VPCDefaultSecurityGroupClosed',
    'Primary/Network/Vpc Annotation::NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
    // The reports bucket (issue 17): records of runs that expire, so neither replicated nor object-locked; the
    // canaries' role: actions without resource-level permissions, the canaries/ prefix, Synthetics' own log groups.
    'Primary/DrReports/Bucket/Resource Annotation::HIPAA.Security-S3BucketReplicationEnabled',
    'Primary/DrReports/Bucket/Resource Annotation::NIST.800.53.R5-S3BucketReplicationEnabled',
    'Primary/DrReports/Bucket/Resource cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
    // The SLO window alarms (issue 17): no action of their own, their pair's composite alarm notifies.
    ...serviceSlos(loadCatalog('dr-targets.yaml'), n).flatMap((slo) =>
      slo.alarms.flatMap((pair) =>
        ['Long', 'Short'].flatMap((part) =>
          WINDOW_ALARM_RULES.map(
            (rule) =>
              `Primary/Health/${logicalId(slo.service)}Slo${logicalId(pair.slug)}${part}/Resource ${rule.startsWith('cdk-validator') ? rule : `Annotation::${rule}`}`,
          ),
        ),
      ),
    ),
    'Primary/Experiments/Role/Policy Annotation::AwsSolutions-IAM5[Resource::*]',
    'Primary/Experiments/Role/Policy Annotation::AwsSolutions-IAM5[Resource::<DrReportsBucket.Arn>/experiments/*]',
    'Primary/Experiments/Role/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:ec2:eu-west-2:111111111111:instance/*]',
    'Primary/Experiments/Role/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:ec2:eu-west-2:111111111111:network-acl/*]',
    'Primary/Experiments/Role/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:ec2:eu-west-2:111111111111:volume/*]',
    'Primary/Health/CanaryRole/Policy Annotation::AwsSolutions-IAM5[Resource::*]',
    'Primary/Health/CanaryRole/Policy Annotation::AwsSolutions-IAM5[Resource::<DrReportsBucket.Arn>/canaries/*]',
    `Primary/Health/CanaryRole/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:logs:${p}:${n.account}:log-group:/aws/lambda/cwsyn-*]`,
    ...accessLogs('Primary'),
    ...accessLogs('Recovery'),
    iam4('Primary/ServiceRoles/Backup/Role', 'service-role/AWSBackupServiceRolePolicyForBackup'),
    iam4('Primary/ServiceRoles/Backup/Role', 'service-role/AWSBackupServiceRolePolicyForRestores'),
    iam4('Primary/ServiceRoles/Backup/Role', 'AWSBackupServiceRolePolicyForS3Backup'),
    iam4('Primary/ServiceRoles/Backup/Role', 'AWSBackupServiceRolePolicyForS3Restore'),
    iam4('Primary/ServiceRoles/RestoreTesting/Role', 'service-role/AWSBackupServiceRolePolicyForRestores'),
    iam4('Primary/ServiceRoles/RestoreTesting/Role', 'AWSBackupServiceRolePolicyForS3Restore'),
    iam4('Primary/ServiceRoles/RdsMonitoring/Role', 'service-role/AmazonRDSEnhancedMonitoringRole'),
    'Primary/RedisSnapshots/Bucket/Resource cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
    ...replication('Primary/RedisSnapshots', 'redis-snapshots'),
    'Primary/Assets/S3Media/Bucket/Resource cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
    ...replication('Primary/Assets/S3Media', 's3-media'),
    `${secret} Annotation::AwsSolutions-SMG4`,
    `${secret} Annotation::HIPAA.Security-SecretsManagerRotationEnabled`,
    `${secret} Annotation::NIST.800.53.R5-SecretsManagerRotationEnabled`,
    `${preDeploy}/ServiceRole/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:rds:${p}:${n.account}:snapshot:awsbackup:*]`,
    `${preDeploy}/DeployRole/Role/Policy Annotation::AwsSolutions-IAM5[Resource::*]`,
    `${preDeploy}/DeployRole/Role/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:backup:${p}:${n.account}:recovery-point:*]`,
    `Primary/Assets/RedisSessionsRdbShipping/Access/Role/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:s3:::${bucketName(n, 'redis-snapshots', 'primary')}/redis-sessions/*]`,
    ...replica('Recovery/RedisSnapshots'),
    ...replica('Recovery/Assets/S3Media'),
    // ECR creates the replicated repositories under the company prefix: their names are known only as the prefix.
    `Recovery/EcrReplicaTemplate/Role/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:ecr:${d}:${n.account}:repository/${n.prefix}/*]`,
    // The DR network (issue 16): as the primary's, and the public ingress subnets' routes to the internet gateway.
    'Recovery/Network/Network/Vpc CloudFormation-Validate::W3010',
    'Recovery/Network/Network/Vpc Annotation::HIPAA.Security-VPCDefaultSecurityGroupClosed',
    'Recovery/Network/Network/Vpc Annotation::NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
    // The pilot light (issue 16): the standby cluster's AWS managed roles (EKS-2), the cfn-lint deprecation cfn-guard
    // needs, the Region switch plan's roles, custom steps and report bucket, and the DR pods' Pod Identity roles.
    'Recovery/StandbyCluster/Cluster CloudFormation-Validate::W9009',
    ...[
      'AmazonEKSBlockStoragePolicy',
      'AmazonEKSClusterPolicy',
      'AmazonEKSComputePolicy',
      'AmazonEKSLoadBalancingPolicy',
      'AmazonEKSNetworkingPolicy',
    ].map((p) => iam4('Recovery/StandbyCluster/ClusterRole/Role', p)),
    ...['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodeMinimalPolicy'].map((p) =>
      iam4('Recovery/StandbyCluster/NodeRole/Role', p),
    ),
    iam4('Recovery/RegionSwitch/FunctionRole/Role', 'service-role/AWSLambdaVPCAccessExecutionRole'),
    `Recovery/DrWorkloads/ExternalSecrets/Role/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:${d}:${n.account}:secret:${n.prefix}/*]`,
    `Recovery/DrWorkloads/redis-sessions-seed/Role/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:s3:::${bucketName(n, 'redis-snapshots', 'dr')}/redis-sessions/*]`,
    'Recovery/RegionSwitch/ApproverPolicy Annotation::AwsSolutions-IAM5[Resource::<RegionSwitchPlan.Arn>/*]',
    `Recovery/RegionSwitch/ExecutionRole/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:eks:${d}:${n.account}:access-entry/${n.prefix}-dr/*]`,
    `Recovery/RegionSwitch/ExecutionRole/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:eks:${p}:${n.account}:access-entry/lomash-wood-production/*]`,
    `Recovery/RegionSwitch/ExecutionRole/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:s3:::${bucketName(n, 'region-switch-reports', 'dr')}/region-switch/*]`,
    'Recovery/RegionSwitch/Function/Resource Annotation::HIPAA.Security-LambdaDLQ',
    'Recovery/RegionSwitch/Function/Resource Annotation::NIST.800.53.R5-LambdaDLQ',
    'Recovery/RegionSwitch/FunctionRole/Policy Annotation::AwsSolutions-IAM5[Resource::*]',
    `Recovery/RegionSwitch/FunctionRole/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:backup:${d}:${n.account}:recovery-point:*]`,
    `Recovery/RegionSwitch/FunctionRole/Policy Annotation::AwsSolutions-IAM5[Resource::arn:aws:rds:${d}:${n.account}:auto-backup:*]`,
    'Recovery/RegionSwitch/Reports/Resource Annotation::HIPAA.Security-S3BucketReplicationEnabled',
    'Recovery/RegionSwitch/Reports/Resource Annotation::NIST.800.53.R5-S3BucketReplicationEnabled',
    'Recovery/RegionSwitch/Reports/Resource cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
    ...[1, 2, 3].flatMap((i) =>
      ['HIPAA.Security', 'NIST.800.53.R5'].map(
        (pack) =>
          `Recovery/Network/Network/Vpc/ingressSubnet${i}/DefaultRoute Annotation::${pack}-VPCNoUnrestrictedRouteToIGW`,
      ),
    ),
    // lomash_orders' cross-Region read replica (regionStrategy: replica): what it inherits from its source (engine,
    // port, encryption), what CloudFormation disables on a replica (backups, OTH-42) and its idle single instance (the
    // promotion gives it the source's Multi-AZ, ARC-8); the DR rules among them with the plan's own reason.
    ...['AwsSolutions-RDS11', 'AwsSolutions-RDS2', 'AwsSolutions-RDS3'].map(
      (rule) => `RecoveryReplicas/Assets/LomashOrders/Instance Annotation::${rule}`,
    ),
    ...['HIPAA.Security', 'NIST.800.53.R5'].flatMap((pack) =>
      ['RDSInBackupPlan', 'RDSInstanceBackupEnabled', 'RDSMultiAZSupport', 'RDSStorageEncrypted'].map(
        (rule) => `RecoveryReplicas/Assets/LomashOrders/Instance Annotation::${pack}-${rule}`,
      ),
    ),
  ].sort();
}

describe('acknowledgements', () => {
  const acks = acknowledgements();
  const naming = loadCatalog('dr-targets.yaml').naming;

  test('the app acknowledges exactly the hand-written list', () => {
    expect(acks.map((a) => `${a.path} ${a.rule}`).sort()).toEqual(expected(naming));
  });

  test('each names one rule, with a reason of at least 20 characters', () => {
    for (const a of acks) {
      expect(a.rule).toMatch(/^[^\s:]+::[^\s[]+(\[[^\]]+\])?$/);
      expect(a.reason.trim().length).toBeGreaterThanOrEqual(20);
    }
  });

  test('DR rules carry reasons generated from the plan (catalog entry, mechanisms, mode statuses) or say the resource is not an asset', () => {
    const dr = acks.filter((a) => DR_RULE.test(a.rule.replace(/^[^:]+::/, '')));
    expect(dr.length).toBeGreaterThan(0);
    for (const a of dr) {
      expect(a.reason).toMatch(
        /^([a-z0-9_-]+ \([^)]+, RPO [^,]+, RTO [^)]+\): .+; the model's plan \[[a-z0-9, -]+\] gives instance \S+, az \S+, region \S+, corruption \S+|not a catalog asset \(.+)$/,
      );
    }
  });

  test('acknowledge refuses a short reason, two rules, and a hand-written reason for a DR rule', () => {
    const scope = new Stack(testApp(), 'S');
    expect(() => acknowledge(scope, 'AwsSolutions-IAM5', 'too short')).toThrow(
      /`reason` must be at least 20 characters/,
    );
    expect(() => acknowledge(scope, 'AwsSolutions-IAM5[x]', 'a reason that is long enough')).toThrow(
      /must be one rule id/,
    );
    expect(() => acknowledge(scope, 'AwsSolutions-RDS3', 'trust me, this one is fine without Multi-AZ')).toThrow(
      /a DR rule takes only a reason from postureReason/,
    );
    const doc = baseDoc();
    doc.assets.push(asset('orders', 'postgres', '15m', '30m'));
    const plan = planOf(doc);
    const entry = plan.catalog.assets[0]!;
    expect(() =>
      acknowledge(
        scope,
        'AwsSolutions-RDS3',
        postureReason(entry, plan.assets.get('orders')!, 'shown met without Multi-AZ'),
      ),
    ).not.toThrow();
    expect(
      () =>
        postureReason(entry, plan.assets.get('orders')!, 'x') &&
        postureReason({ ...entry, id: 'other' }, plan.assets.get('orders')!, 'x'),
    ).toThrow(/plan 'orders' is not for 'other'/);
  });
});
