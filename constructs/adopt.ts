/**
 * Resources a team already defines, protected as catalog assets (DrTargets `protect`): the plan's settings are applied
 * to the resource's own CloudFormation resource — Multi-AZ, backup retention and who owns PITR, deletion protection,
 * retained on delete and replace, versioning, cross-Region backup replication and S3 replication — and it is tagged for
 * the checker. The shared protectors (vaults, backup plans and their selections, keys) are the DR layer's
 * (constructs/app.ts), as for the generated app.
 *
 * An imported resource (`fromDatabaseInstanceAttributes`, `fromBucketName`, …) has no CloudFormation resource in this
 * app: nothing can be set on it. That is not skipped silently: each setting the plan needs is named in a warning
 * annotation, `[ack: dr-targets:adoption]`, that the checker turns into a DR-ADOPTION finding (lib/checker), beside the
 * DR-UNIMPLEMENTED it already gets for an asset with no resource in the templates.
 */
import { Annotations, Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';
import type { Asset } from '../lib/catalog';
import { mechanism, type MechanismSpec } from '../lib/catalog-plan';
import { factValue, type Plan } from '../lib/model';
import { bucketName, roleName, TAG, type NamingContext } from '../lib/names';
import { acknowledge } from './acknowledgements';
import { ManagedRole } from './iam';
import { ruleId, s3Arn, type ReplicationSpec } from './replicated-bucket';
import { unsupported } from './target';

/** The id of the annotations adoption leaves where it cannot apply the plan; lib/checker reads them. */
export const ADOPTION_ANNOTATION = 'dr-targets:adoption';

/** Writes the annotation the checker reads: the asset, then what the plan needs and could not be applied. */
export function adoptionWarning(scope: IConstruct, assetId: string, message: string): void {
  Annotations.of(scope).addWarningV2(ADOPTION_ANNOTATION, `dr:asset=${assetId}: ${message}`);
}

export interface AdoptProps {
  readonly target: Asset;
  readonly plan: Plan;
  readonly naming: NamingContext;
}

/** What the plan needs of a database, in words, for the annotation on an imported one. */
function databaseNeeds(plan: Plan): string[] {
  return plan.mechanisms.map((m) => describe(m)).filter((x): x is string => x !== undefined);
}

function describe(m: MechanismSpec): string | undefined {
  switch (m.id) {
    case 'rds-multi-az-instance':
      return 'Multi-AZ';
    case 'rds-automated-backups':
      return `automated backups kept ${m.retentionDays} days`;
    case 'backup-continuous':
      return `AWS Backup continuous backup (${m.retentionDays} days)`;
    case 'backup-snapshot':
      return `AWS Backup snapshots every ${m.intervalSeconds / 3600} h`;
    case 'backup-copy':
      return 'copies to the DR Region';
    case 'rds-backup-replication':
      return `automated backups replicated to the DR Region (${m.retentionDays} days)`;
    case 's3-versioning':
      return 'versioning';
    case 's3-replication':
      return `replication to the DR Region${m.rtc ? ' with RTC' : ''}`;
    case 's3-object-lock':
      return `Object Lock (${m.mode}, ${m.retentionDays} days)`;
    default:
      return undefined;
  }
}

/** Tags only the resource itself (a construct's children, such as its secret, are not the asset). */
function tagResource(resource: IConstruct, target: Asset): void {
  Tags.of(resource).add(TAG.asset, target.id);
  Tags.of(resource).add(TAG.tier, target.tier);
}

export interface AdoptDatabaseProps extends AdoptProps {
  /** The DR Region's RDS key, for replicated automated backups (by key ARN: a weak cross-Region reference). */
  readonly replicationKey: kms.IKey;
}

/**
 * Applies the plan to a team's DB instance. Returns its ARN for the backup plans' selections, or undefined for an
 * imported instance, which only gets the annotation.
 */
export function adoptDatabase(instance: rds.IDatabaseInstance, props: AdoptDatabaseProps): string | undefined {
  const { target, plan, naming } = props;
  const cfn = instance.node.defaultChild;
  if (!(cfn instanceof rds.CfnDBInstance)) {
    adoptionWarning(
      instance,
      target.id,
      `${instance.node.path} is imported, so DrTargets cannot set what its plan needs (${databaseNeeds(plan).join(', ')}, deletion protection, kept on delete): define the instance in this app (or bring it in with cdk import) and protect that`,
    );
    return undefined;
  }
  for (const id of ['rds-multi-az-cluster', 'rds-read-replica'] as const)
    if (mechanism(plan, id)) throw unsupported('DrTargets.protect', target.id, id, 'adopts DB instances');
  const topology = mechanism(plan, 'rds-multi-az-instance') ?? mechanism(plan, 'rds-single-az');
  const continuous = mechanism(plan, 'backup-continuous');
  const automated = mechanism(plan, 'rds-automated-backups');
  if (!topology || (!continuous && !automated))
    throw new Error(`DrTargets.protect '${target.id}': the plan has no DB topology or no PITR owner`);
  // Never weaker than the team wrote: Multi-AZ and deletion protection are only ever turned on.
  if (topology.id === 'rds-multi-az-instance') cfn.multiAz = true;
  if (topology.deletionProtection) cfn.deletionProtection = true;
  // One owner of PITR (BKP-7): under a continuous rule RDS takes the rule's retention (RDS-39) and AWS Backup the window.
  cfn.backupRetentionPeriod = continuous ? continuous.retentionDays : automated!.retentionDays;
  if (continuous) cfn.preferredBackupWindow = undefined;
  cfn.deleteAutomatedBackups = false;
  cfn.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const replication = mechanism(plan, 'rds-backup-replication');
  if (replication) {
    cfn.automaticBackupReplicationRegion = naming.drRegion;
    cfn.automaticBackupReplicationRetentionPeriod = replication.retentionDays;
    cfn.automaticBackupReplicationKmsKeyId = props.replicationKey.keyArn;
  }
  // The generated master secret outlives the instance, as a protector (not the asset itself).
  const secret = instance.node.tryFindChild('Secret')?.node.defaultChild;
  if (secret instanceof secretsmanager.CfnSecret) {
    secret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Tags.of(secret).add(TAG.role, 'credentials');
  }
  tagResource(cfn, target);
  return (instance as rds.IDatabaseInstance).instanceArn;
}

export interface AdoptBucketProps extends AdoptProps {
  /** The DR Region's S3 key, to encrypt replicas with (by key ARN, S3-14). */
  readonly replicaKey: kms.IKey;
}

/**
 * Applies the plan to a team's bucket: versioning, kept on delete, S3 replication to the twin the DR layer builds.
 * Returns its ARN for the backup plans' selections, or undefined for an imported bucket (annotated).
 */
export function adoptBucket(bucket: s3.IBucket, props: AdoptBucketProps): string | undefined {
  const { target, plan } = props;
  const cfn = bucket.node.defaultChild;
  if (!(cfn instanceof s3.CfnBucket)) {
    adoptionWarning(
      bucket,
      target.id,
      `${bucket.node.path} is imported, so DrTargets cannot set what its plan needs (${plan.mechanisms
        .map(describe)
        .filter(Boolean)
        .join(', ')}, kept on delete): define the bucket in this app (or bring it in with cdk import) and protect that`,
    );
    return undefined;
  }
  cfn.versioningConfiguration = { status: 'Enabled' };
  cfn.applyRemovalPolicy(RemovalPolicy.RETAIN);
  // AWS Backup turns EventBridge on for the S3 buckets it protects; saying so keeps an update from undoing it.
  cfn.addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
  const lock = mechanism(plan, 's3-object-lock');
  if (lock && cfn.objectLockEnabled !== true)
    adoptionWarning(
      bucket,
      target.id,
      `the plan needs Object Lock (${lock.mode}, ${lock.retentionDays} days) on ${bucket.node.path}, which DrTargets does not turn on for a bucket it did not create: set objectLockEnabled and objectLockDefaultRetention where the bucket is defined`,
    );
  const replication = mechanism(plan, 's3-replication');
  if (replication)
    new BucketReplication(bucket, 'DrReplication', {
      bucket: bucket as s3.Bucket,
      cfn,
      target,
      naming: props.naming,
      spec: { rtc: replication.rtc, deleteMarkers: replication.deleteMarkers },
      replicaKey: props.replicaKey,
    });
  tagResource(cfn, target);
  return bucket.bucketArn;
}

interface BucketReplicationProps {
  readonly bucket: s3.Bucket;
  readonly cfn: s3.CfnBucket;
  readonly target: Asset;
  readonly naming: NamingContext;
  readonly spec: ReplicationSpec;
  readonly replicaKey: kms.IKey;
}

/** The replication rule from a team's bucket to its DR twin (the DR layer builds the twin, ReplicatedBucket). */
class BucketReplication extends Construct {
  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const { cfn, naming, target, spec } = props;
    const twin = bucketName(naming, target.id, 'dr');
    const source = props.bucket.bucketArn;
    const sourceKey = props.bucket.encryptionKey;
    const role = new ManagedRole(this, 'Role', {
      roleName: roleName(naming, `${target.id}-replication-primary`),
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
      description: `Replicates the bucket of ${target.id} to ${twin}`,
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [source] }),
        new iam.PolicyStatement({
          actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          resources: [`${source}/*`],
        }),
        new iam.PolicyStatement({
          actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          resources: [`${s3Arn(this, twin)}/*`],
        }),
        ...(sourceKey ? [new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [sourceKey.keyArn] })] : []),
        new iam.PolicyStatement({
          actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [props.replicaKey.keyArn],
        }),
      ],
    });
    const objects = 'object-level replication actions apply to the objects of one named bucket, hence the /* suffix';
    acknowledge(role.policy!, 'AwsSolutions-IAM5', objects);
    // RTC's threshold (S3-4), as ReplicatedBucket configures it.
    const minutes = Duration.seconds(factValue('S3-4')).toMinutes();
    cfn.replicationConfiguration = {
      role: role.role.roleArn,
      rules: [
        {
          id: ruleId('dr'),
          status: 'Enabled',
          priority: 0,
          filter: { prefix: '' },
          deleteMarkerReplication: { status: spec.deleteMarkers ? 'Enabled' : 'Disabled' },
          ...(sourceKey ? { sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } } } : {}),
          destination: {
            bucket: s3Arn(this, twin),
            encryptionConfiguration: { replicaKmsKeyId: props.replicaKey.keyArn },
            metrics: { status: 'Enabled', ...(spec.rtc ? { eventThreshold: { minutes } } : {}) },
            ...(spec.rtc ? { replicationTime: { status: 'Enabled', time: { minutes } } } : {}),
          },
        },
      ],
    };
  }
}
