/**
 * A versioned, KMS-encrypted bucket replicated to its twin in the other Region (CRR with RTC and metrics, delete-marker
 * replication, replica-modification sync). S3 rejects a rule whose destination does not exist, so the DR → primary
 * rule is a second deploy phase (`failback` in constructs/app.ts). Replication events go to SNS through S3 event
 * notifications (S3 does not send them to EventBridge); the latency/failure alarms live where S3 publishes the metrics,
 * the destination's Region.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Asset } from '../lib/catalog';
import { factValue, type LockMode, type Plan } from '../lib/model';
import { bucketName, regionOf, roleName, type NamingContext, type Side } from '../lib/names';
import { ManagedRole } from './iam';
import { aliasArn, anyKeyArn, keyByAliasStatement, type KeyRing } from './keys';
import { acknowledge, postureReason } from './acknowledgements';
import type { BucketAlerts } from './shards';
import { secureBucketProps } from './secure-bucket';

/** Replication as the plan states it (`s3-replication`, or `redis-rdb-shipping.replication`). */
export interface ReplicationSpec {
  readonly rtc: boolean;
  readonly deleteMarkers: boolean;
}

export interface ReplicatedBucketProps {
  readonly naming: NamingContext;
  /** The id in the bucket's name: an asset id, or `redis-snapshots`. */
  readonly id: string;
  readonly side: Side;
  readonly keys: KeyRing;
  /** The topic of the bucket's side (in the side's own stack when the bucket is in a shard). */
  readonly alerts: BucketAlerts;
  readonly accessLogs: s3.IBucket;
  /** Replicate this bucket to its twin. @default - no replication rule on this side */
  readonly replicateTo?: ReplicationSpec;
  /**
   * The twin's S3 key, where this stack may refer to it (primary → DR: the primary already depends on the Recovery
   * stack). Replicas are then encrypted with it named by key ARN, as AWS recommends (S3-14).
   * @default - the alias ARN of the twin Region's S3 key: the failback rule's case, where a key ARN would make the
   * Recovery stack depend on the primary, which depends on it (docs/aws.md, "What AWS requires")
   */
  readonly twinKey?: kms.IKey;
  /** Alarm on replication from the twin into this bucket (S3 publishes the metrics here). @default - no alarms */
  readonly replicatedFrom?: ReplicationSpec;
  /** Noncurrent versions are kept this long (the catalog's retention; bounds personal data too). */
  readonly noncurrentRetentionDays: number;
  /**
   * Expire current objects after this many days (then their versions after `noncurrentRetentionDays`). For buckets of
   * dated copies such as shipped snapshots, where every write is a new key; never for a bucket that is an asset itself.
   * @default current objects never expire
   */
  readonly currentRetentionDays?: number;
  /** Object Lock default retention, when the plan has `s3-object-lock`. @default - no Object Lock */
  readonly objectLock?: { readonly mode: LockMode; readonly retentionDays: number };
  /** The catalog entry and plan the bucket serves: acknowledgements of DR checks quote them. */
  readonly posture: { readonly entry: Asset; readonly plan: Plan };
}

/** A bucket's ARN from its name (buckets in the other Region are named, not referenced). */
export const s3Arn = (scope: Construct, name: string) => `arn:${Stack.of(scope).partition}:s3:::${name}`;

/** The rule id names the destination side: the alarms on the other side need it as a metric dimension. */
export const ruleId = (to: Side) => `to-${to}`;
const other = (side: Side): Side => (side === 'primary' ? 'dr' : 'primary');
/**
 * RTC's threshold (S3-4): the replication time RTC is configured with, the threshold of its missed-threshold events and
 * of the latency alarm. Without RTC the same figure is where most objects have arrived (S3-3).
 */
const replicationThreshold = () => Duration.seconds(factValue('S3-4'));

export class ReplicatedBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ReplicatedBucketProps) {
    super(scope, id);
    const { naming, side } = props;
    const twin = other(side);
    const name = bucketName(naming, props.id, side);
    const twinName = bucketName(naming, props.id, twin);
    if (props.currentRetentionDays !== undefined && props.currentRetentionDays < 1) {
      throw new Error(
        `ReplicatedBucket '${props.id}': \`currentRetentionDays\` must be ≥ 1, got ${props.currentRetentionDays}`,
      );
    }
    if (props.noncurrentRetentionDays < 1) {
      throw new Error(
        `ReplicatedBucket '${props.id}': \`noncurrentRetentionDays\` must be ≥ 1, got ${props.noncurrentRetentionDays}`,
      );
    }

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...secureBucketProps({ bucketName: name, encryptionKey: props.keys.key('s3'), accessLogs: props.accessLogs }),
      lifecycleRules: [
        ...(props.currentRetentionDays !== undefined
          ? [{ id: 'current-versions', expiration: Duration.days(props.currentRetentionDays) }]
          : []),
        { id: 'noncurrent-versions', noncurrentVersionExpiration: Duration.days(props.noncurrentRetentionDays) },
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      ...(props.objectLock
        ? {
            objectLockEnabled: true,
            objectLockDefaultRetention:
              props.objectLock.mode === 'compliance'
                ? s3.ObjectLockRetention.compliance(Duration.days(props.objectLock.retentionDays))
                : s3.ObjectLockRetention.governance(Duration.days(props.objectLock.retentionDays)),
          }
        : {}),
    });
    const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
    cfn.overrideLogicalId(`${id}Bucket`);

    const notifications: s3.CfnBucket.NotificationConfigurationProperty = {
      // AWS Backup turns EventBridge on for the S3 buckets it protects; saying so here keeps updates from undoing it.
      eventBridgeConfiguration: { eventBridgeEnabled: true },
      ...(props.replicateTo
        ? { topicConfigurations: this.replicationEvents(props.replicateTo, props.alerts, name) }
        : {}),
    };
    cfn.notificationConfiguration = notifications;

    if (props.replicateTo) {
      const role = this.replicationRole(props, name, twinName, twin);
      const threshold = replicationThreshold().toMinutes();
      cfn.replicationConfiguration = {
        role: role.role.roleArn,
        rules: [
          {
            id: ruleId(twin),
            status: 'Enabled',
            priority: 0,
            filter: { prefix: '' },
            deleteMarkerReplication: { status: props.replicateTo.deleteMarkers ? 'Enabled' : 'Disabled' },
            sourceSelectionCriteria: {
              sseKmsEncryptedObjects: { status: 'Enabled' },
              // Metadata changes made on replicas flow back, so a failback finds tags and lock settings intact (S3-10).
              replicaModifications: { status: 'Enabled' },
            },
            destination: {
              bucket: s3Arn(this, twinName),
              encryptionConfiguration: {
                replicaKmsKeyId: props.twinKey?.keyArn ?? aliasArn(this, naming, regionOf(naming, twin), 's3'),
              },
              metrics: {
                status: 'Enabled',
                ...(props.replicateTo.rtc ? { eventThreshold: { minutes: threshold } } : {}),
              },
              ...(props.replicateTo.rtc
                ? { replicationTime: { status: 'Enabled', time: { minutes: threshold } } }
                : {}),
            },
          },
        ],
      };
    }
    if (props.replicatedFrom) this.replicationAlarms(props.alerts, twinName, name, side);

    const { entry, plan } = props.posture;
    if (!props.replicateTo) {
      const why =
        side === 'dr'
          ? 'the DR-Region replica; it replicates back only in the second deploy phase (-c failback=true)'
          : 'the plan does not replicate this bucket';
      acknowledge(cfn, 'HIPAA.Security-S3BucketReplicationEnabled', postureReason(entry, plan, why));
      acknowledge(cfn, 'NIST.800.53.R5-S3BucketReplicationEnabled', postureReason(entry, plan, why));
    }
    if (!props.objectLock) {
      acknowledge(
        cfn,
        'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
        postureReason(entry, plan, 'the plan has no s3-object-lock'),
      );
    }
  }

  private replicationEvents(
    spec: ReplicationSpec,
    alerts: BucketAlerts,
    name: string,
  ): s3.CfnBucket.TopicConfigurationProperty[] {
    alerts.allowBucket(s3Arn(this, name));
    // S3 checks that it may publish when the configuration is written: the policy must exist first.
    this.bucket.node.addDependency(alerts.topic);
    const events = [
      s3.EventType.REPLICATION_OPERATION_FAILED_REPLICATION,
      s3.EventType.REPLICATION_OPERATION_NOT_TRACKED,
    ];
    if (spec.rtc) events.push(s3.EventType.REPLICATION_OPERATION_MISSED_THRESHOLD);
    return events.map((event) => ({ event, topic: alerts.topic.topicArn }));
  }

  private replicationRole(props: ReplicatedBucketProps, name: string, twinName: string, twin: Side): ManagedRole {
    const { naming, side } = props;
    const sourceObjects = `${s3Arn(this, name)}/*`;
    const destinationObjects = `${s3Arn(this, twinName)}/*`;
    const encrypt = ['kms:Encrypt', 'kms:GenerateDataKey'];
    const role = new ManagedRole(this, 'ReplicationRole', {
      roleName: roleName(naming, `${props.id}-replication-${side}`),
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
      description: `Replicates ${name} to ${twinName}`,
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          resources: [s3Arn(this, name)],
        }),
        new iam.PolicyStatement({
          actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          resources: [sourceObjects],
        }),
        new iam.PolicyStatement({
          actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          resources: [destinationObjects],
        }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.keys.key('s3').keyArn] }),
        props.twinKey
          ? new iam.PolicyStatement({ actions: encrypt, resources: [props.twinKey.keyArn] })
          : keyByAliasStatement(this, naming, regionOf(naming, twin), 's3', encrypt),
      ],
    });
    const objects = 'object-level replication actions apply to the objects of one named bucket, hence the /* suffix';
    acknowledge(role.policy!, 'AwsSolutions-IAM5', objects, `Resource::${sourceObjects}`);
    acknowledge(role.policy!, 'AwsSolutions-IAM5', objects, `Resource::${destinationObjects}`);
    if (!props.twinKey) {
      acknowledge(
        role.policy!,
        'AwsSolutions-IAM5',
        'a key ARN holds a random id; the statement is narrowed to the destination alias with kms:ResourceAliases',
        `Resource::${anyKeyArn(this, naming, regionOf(naming, twin))}`,
      );
    }
    return role;
  }

  private replicationAlarms(alerts: BucketAlerts, source: string, destination: string, side: Side): void {
    const dimensionsMap = { SourceBucket: source, DestinationBucket: destination, RuleId: ruleId(side) };
    const latency = new cloudwatch.Metric({
      namespace: 'AWS/S3',
      metricName: 'ReplicationLatency',
      dimensionsMap,
      statistic: 'Maximum',
      period: Duration.minutes(5),
    });
    const failed = new cloudwatch.Metric({
      namespace: 'AWS/S3',
      metricName: 'OperationsFailedReplication',
      dimensionsMap,
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    const threshold = replicationThreshold();
    const alarms = [
      latency.createAlarm(this, 'LatencyAlarm', {
        alarmDescription: `Replication ${source} → ${destination} is more than ${threshold.toMinutes()} minutes behind`,
        threshold: threshold.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      failed.createAlarm(this, 'FailedAlarm', {
        alarmDescription: `Objects failed to replicate ${source} → ${destination}`,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(new actions.SnsAction(alerts.topic));
  }
}
