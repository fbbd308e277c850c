/**
 * A database's cross-Region read replica (MECH-5), where the plan has `rds-read-replica` (asset `regionStrategy`): an L1
 * `CfnDBInstance` in the DR Region naming its source by full ARN with `SourceRegion` (OTH-40) — the L2 read replica
 * builds the source ARN in its own Region — encrypted with the DR Region's own RDS key (a key of the replica's Region,
 * OTH-40; by alias ARN, which RDS takes and DR-KEY-REGION proves), in the DR network's subnet group, parameter group and
 * database security group, under the source's own identifier (ARC's promote and create-replica blocks map one
 * identifier per Region, ARC-8/9).
 *
 * What protects it: CloudFormation ignores any DeletionPolicy on a read replica (OTH-41), so the written Retain is
 * intent only; its own DeletionProtection makes a stack deletion or a replacement fail instead of deleting it, and the
 * source's replicated automated backups (RDS-16) are what survive if it is lost. It has no automated backups of its own
 * while it is a replica (OTH-42); the Region switch plan checks them after a promotion (region-actions).
 *
 * Its lag is watched, never bounded (RDS-17): an alarm when ReplicaLag exceeds the asset's Region RPO target, and one
 * when replication is not active (ReplicaLag -1, OTH-44) or the metric is missing, both to the DR Region's alerts topic.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { mechanism } from '../lib/catalog-plan';
import {
  alertsTopicName,
  databaseIdentifier,
  dbParameterGroupName,
  dbSubnetGroupName,
  rdsMonitoringRoleName,
  replicaLagAlarmName,
} from '../lib/names';
import { acknowledge, postureReason } from './acknowledgements';
import { engineOf, isDatabaseKind } from './database';
import { aliasArn } from './keys';
import { tagDataStore } from './tags';
import { checkTarget, type AssetTargetProps } from './target';

export interface CrossRegionReplicaProps extends AssetTargetProps {
  /** The DR network's database security group (the standby cluster's pods reach it). */
  readonly securityGroupId: string;
  /** The instance class. @default - the catalog's `instanceClass` of the asset (lib/catalog DATABASE_SIZE) */
  readonly instanceClass?: string;
}

export interface ReplicaLogGroupsProps extends AssetTargetProps {
  /** The key of the exported logs, of the replica's Region. */
  readonly key: kms.IKey;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly retention?: logs.RetentionDays;
}

/**
 * The log groups a replica exports to (RDS creates them, unencrypted and kept forever, unless they exist): in the
 * Recovery stack, beside its key, which deploys before the replica's stack.
 */
export class ReplicaLogGroups extends Construct {
  constructor(scope: Construct, id: string, props: ReplicaLogGroupsProps) {
    super(scope, id);
    checkTarget('ReplicaLogGroups', props, ['postgres', 'mysql']);
    const { target, naming } = props;
    if (!isDatabaseKind(target.kind)) throw new Error(`ReplicaLogGroups '${target.id}': kind '${target.kind}'`);
    const identifier = databaseIdentifier(naming, target.id);
    for (const log of engineOf(target.kind).logs) {
      new logs.LogGroup(this, `${log}Log`, {
        logGroupName: `/aws/rds/instance/${identifier}/${log}`,
        encryptionKey: props.key,
        retention: props.retention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
  }
}

export class CrossRegionReplica extends Construct {
  readonly instance: rds.CfnDBInstance;
  /** ReplicaLag above the asset's Region RPO target; replication not active (-1) or not reported. */
  readonly alarms: { readonly lag: cloudwatch.CfnAlarm; readonly stopped: cloudwatch.CfnAlarm };

  constructor(scope: Construct, id: string, props: CrossRegionReplicaProps) {
    super(scope, id);
    checkTarget('CrossRegionReplica', props, ['postgres', 'mysql']);
    const { target, plan, naming } = props;
    const spec = mechanism(plan, 'rds-read-replica');
    if (!spec)
      throw new Error(`CrossRegionReplica '${target.id}': the plan has no 'rds-read-replica' (asset regionStrategy)`);
    const stack = Stack.of(this);
    if (stack.region !== naming.drRegion) {
      throw new Error(
        `CrossRegionReplica '${target.id}': its stack is in '${stack.region}'; a replica of the DR Region belongs in '${naming.drRegion}'`,
      );
    }
    const kind = target.kind;
    if (!isDatabaseKind(kind)) throw new Error(`CrossRegionReplica '${target.id}': kind '${kind}'`);
    const engine = engineOf(kind);
    const identifier = databaseIdentifier(naming, target.id);
    const account = naming.account;
    this.instance = new rds.CfnDBInstance(this, 'Instance', {
      dbInstanceIdentifier: identifier,
      // The source's full ARN and Region (OTH-40): a cross-Region replica needs both.
      sourceDbInstanceIdentifier: `arn:${stack.partition}:rds:${naming.primaryRegion}:${account}:db:${identifier}`,
      sourceRegion: naming.primaryRegion,
      kmsKeyId: aliasArn(this, naming, naming.drRegion, 'rds'),
      dbInstanceClass: props.instanceClass ?? target.database?.instanceClass ?? 'db.t4g.medium',
      dbSubnetGroupName: dbSubnetGroupName(naming),
      dbParameterGroupName: dbParameterGroupName(naming, kind),
      vpcSecurityGroups: [props.securityGroupId],
      port: String(engine.port),
      // Idle, one instance: ARC's promotion gives it the source's Multi-AZ (ARC-8).
      multiAz: false,
      deletionProtection: true,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      enableIamDatabaseAuthentication: true,
      enableCloudwatchLogsExports: [...engine.logs],
      monitoringInterval: 60,
      monitoringRoleArn: `arn:${stack.partition}:iam::${account}:role/${rdsMonitoringRoleName(naming)}`,
      ...(target.database ? { maxAllocatedStorage: target.database.maxStorageGiB } : {}),
      // Not written: BackupRetentionPeriod, StorageEncrypted, engine, credentials — a read replica inherits them, and
      // CloudFormation says not to set them (OTH-42).
    });
    this.instance.overrideLogicalId(`${id}Replica`);
    // Ignored by CloudFormation on a read replica (OTH-41): DeletionProtection above is what protects it.
    this.instance.applyRemovalPolicy(RemovalPolicy.RETAIN);
    tagDataStore(this, target.id, target.tier);

    const why = (what: string) => postureReason(target, plan, what);
    acknowledge(
      this.instance,
      'AwsSolutions-RDS3',
      why(
        'a cross-Region read replica, idle until the Region switch plan promotes it; the promotion gives it the source instance Multi-AZ (ARC-8)',
      ),
    );
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      acknowledge(
        this.instance,
        `${pack}-RDSMultiAZSupport`,
        why('a cross-Region read replica, idle until promoted; the promotion gives it the source Multi-AZ (ARC-8)'),
      );
      acknowledge(
        this.instance,
        `${pack}-RDSInstanceBackupEnabled`,
        why(
          'CloudFormation read replicas have backups disabled (OTH-42); the source keeps them, and the plan checks them on the promoted instance',
        ),
      );
      acknowledge(
        this.instance,
        `${pack}-RDSStorageEncrypted`,
        'a read replica inherits StorageEncrypted from its source (CloudFormation: do not set it); KmsKeyId names the DR Region key',
      );
    }
    acknowledge(
      this.instance,
      'AwsSolutions-RDS11',
      `a read replica inherits its engine from its source; Port is written as the source's (${engine.port}, not the engine default)`,
    );
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      acknowledge(
        this.instance,
        `${pack}-RDSInBackupPlan`,
        why(
          'a read replica of a source the backup plan selects; its own backups are disabled while it is a replica (OTH-42)',
        ),
      );
    }
    acknowledge(
      this.instance,
      'AwsSolutions-RDS2',
      'a read replica inherits StorageEncrypted from its source (CloudFormation: do not set it); KmsKeyId names the DR Region key',
    );

    const topic = `arn:${stack.partition}:sns:${naming.drRegion}:${account}:${alertsTopicName(naming)}`;
    const metric = {
      namespace: 'AWS/RDS',
      metricName: 'ReplicaLag',
      dimensions: [{ name: 'DBInstanceIdentifier', value: identifier }],
      period: Duration.minutes(1).toSeconds(),
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      alarmActions: [topic],
      okActions: [topic],
    };
    const rpoTarget = spec.lagAlarmSeconds;
    const lag = new cloudwatch.CfnAlarm(this, 'LagAlarm', {
      ...metric,
      alarmName: replicaLagAlarmName(naming, target.id, 'lag'),
      alarmDescription: `${target.id}: the DR Region replica lags more than its Region RPO target (RDS-17: no bound is published, OTH-44)`,
      statistic: 'Maximum',
      comparisonOperator: 'GreaterThanThreshold',
      // No Region RPO target (not expected for a database): alarm at the replicated backups' typical worst (RDS-15).
      threshold: rpoTarget ?? 1800,
      treatMissingData: 'breaching',
    });
    const stopped = new cloudwatch.CfnAlarm(this, 'StoppedAlarm', {
      ...metric,
      alarmName: replicaLagAlarmName(naming, target.id, 'stopped'),
      alarmDescription: `${target.id}: replication to the DR Region replica is not active (ReplicaLag -1, OTH-44) or not reported`,
      statistic: 'Minimum',
      comparisonOperator: 'LessThanThreshold',
      threshold: 0,
      treatMissingData: 'breaching',
    });
    this.alarms = { lag, stopped };
  }
}
