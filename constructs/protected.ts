/**
 * L2-style constructs that take what the customer writes down — a tier, an RPO and an RTO — with the resource's own
 * options: `ProtectedDatabase` (an RDS DB instance) and `ProtectedBucket` (an S3 bucket). Each builds the resource
 * with safe defaults (encrypted, private, kept on delete and replace) and declares it to the app's `DrTargets`, which
 * plans it with every other target and applies the plan when the app synthesizes (Multi-AZ, retention, backup plans,
 * replicas), exactly as for an asset of the catalog file.
 *
 *   new ProtectedDatabase(this, 'Orders', {
 *     tier: 'tier-1', rpo: Duration.seconds(0), rto: Duration.minutes(20), vpc,
 *     engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
 *   });
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DrTargets, type TargetDuration } from './dr-targets';

/** What every protected resource takes: the target as the customer wrote it. */
export interface ProtectionProps {
  /** The tier: an id of the catalog's tiers (its policy: replicas, retention, vault lock, copies…). */
  readonly tier: string;
  /** How much data it may lose: a Duration (`Duration.seconds(0)`) or catalog text (`0`, `15m`, `stateless`). */
  readonly rpo: TargetDuration;
  /** How long it may be down: a Duration or catalog text (`20m`, `4h`). */
  readonly rto: TargetDuration;
  /**
   * The catalog asset id (lowercase words joined by - or _).
   * @default - the construct id in lowercase words: `OrderHistory` → `order-history`
   */
  readonly asset?: string;
  /** A service or contact id of the catalog. @default - the catalog's first contact */
  readonly owner?: string;
  /** How long backups are kept. @default - the tier's retention */
  readonly retention?: TargetDuration;
  /** The DR targets to declare to. @default - DrTargets.of(this) */
  readonly targets?: DrTargets;
}

/** `OrderHistory` → `order-history`: a construct id as an asset id. */
export function assetIdOf(constructId: string): string {
  return constructId
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

function protection(scope: Construct, id: string, props: ProtectionProps) {
  const asset = props.asset ?? assetIdOf(id);
  return {
    targets: props.targets ?? DrTargets.of(scope),
    options: {
      asset,
      tier: props.tier,
      rpo: props.rpo,
      rto: props.rto,
      ...(props.owner !== undefined ? { owner: props.owner } : {}),
      ...(props.retention !== undefined ? { retention: props.retention } : {}),
    },
  };
}

export interface ProtectedDatabaseProps extends ProtectionProps, rds.DatabaseInstanceProps {}

/**
 * An RDS DB instance with a DR target. Its defaults: storage encrypted, not publicly accessible, deletion protection,
 * kept on delete and replace (with its automated backups), IAM authentication, tags copied to snapshots; what the
 * plan decides (Multi-AZ, backup retention and who owns PITR, cross-Region backup replication, the backup plans that
 * select it) is applied when the app synthesizes. A prop given here wins over a default, never over the plan: the
 * plan only turns protections on.
 */
export class ProtectedDatabase extends Construct implements ec2.IConnectable {
  readonly instance: rds.DatabaseInstance;
  readonly connections: ec2.Connections;
  /** The catalog asset it implements. */
  readonly assetId: string;

  constructor(scope: Construct, id: string, props: ProtectedDatabaseProps) {
    super(scope, id);
    const { targets, options } = protection(this, id, props);
    const { tier: _t, rpo: _r, rto: _o, asset: _a, owner: _w, retention: _n, targets: _g, ...instanceProps } = props;
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      storageEncrypted: true,
      publiclyAccessible: false,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      deleteAutomatedBackups: false,
      iamAuthentication: true,
      copyTagsToSnapshot: true,
      ...instanceProps,
    });
    this.connections = this.instance.connections;
    this.assetId = options.asset;
    targets.protect(this.instance, options);
  }
}

export interface ProtectedBucketProps extends ProtectionProps, s3.BucketProps {}

/**
 * An S3 bucket with a DR target. Its defaults: versioned, all public access blocked, TLS enforced, S3-managed
 * encryption, bucket-owner-enforced ownership, kept on delete and replace; what the plan decides (replication to a
 * twin in the DR Region with or without RTC, AWS Backup) is applied when the app synthesizes.
 */
export class ProtectedBucket extends Construct {
  readonly bucket: s3.Bucket;
  /** The catalog asset it implements. */
  readonly assetId: string;

  constructor(scope: Construct, id: string, props: ProtectedBucketProps) {
    super(scope, id);
    const { targets, options } = protection(this, id, props);
    const { tier: _t, rpo: _r, rto: _o, asset: _a, owner: _w, retention: _n, targets: _g, ...bucketProps } = props;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      ...bucketProps,
    });
    this.assetId = options.asset;
    targets.protect(this.bucket, options);
  }
}
