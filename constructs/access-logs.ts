/**
 * The server-access-log bucket of one Region. S3 delivers access logs only to SSE-S3 buckets, and a log bucket does
 * not log to itself; both facts are acknowledged here, once, with the reason.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { bucketName, type NamingContext, type Side } from '../lib/names';
import { acknowledge, notAnAssetReason } from './acknowledgements';
import { tagProtector } from './tags';

export interface AccessLogsProps {
  readonly naming: NamingContext;
  readonly side: Side;
  /** @default Duration.days(365) */
  readonly expireAfter?: Duration;
}

export class AccessLogs extends Construct {
  readonly bucket: s3.Bucket;
  private readonly patterns = new Set<string>();

  constructor(scope: Construct, id: string, props: AccessLogsProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: bucketName(props.naming, 'access-logs', props.side),
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Every bucket policy of the app denies TLS below 1.2 (s3:TlsVersion, OTH-32): AWS endpoints already refuse it
      // since 2024-02-27, so this is defence in depth that also survives an endpoint policy change.
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { expiration: props.expireAfter ?? Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
      ],
    });
    (this.bucket.node.defaultChild as s3.CfnBucket).overrideLogicalId('AccessLogsBucket');
    tagProtector(this.bucket, 'access-logs');
    const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
    // Object-level events reach EventBridge (no rule listens yet; CT.S3.PR.4 wants the channel open).
    cfn.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    const sseS3 = 'S3 server access logging delivers only to buckets encrypted with SSE-S3, not SSE-KMS';
    const noSelf = 'this is the access-log destination; logging it into itself would loop';
    acknowledge(cfn, 'HIPAA.Security-S3DefaultEncryptionKMS', sseS3);
    acknowledge(cfn, 'NIST.800.53.R5-S3DefaultEncryptionKMS', sseS3);
    const reason = notAnAssetReason("S3 server access logs of this Region's buckets");
    acknowledge(cfn, 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', sseS3);
    acknowledge(cfn, 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', noSelf);
    acknowledge(
      cfn,
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
      'access logs expire on a lifecycle; Object Lock would keep them past it',
    );
    acknowledge(cfn, 'HIPAA.Security-S3BucketReplicationEnabled', reason);
    acknowledge(cfn, 'NIST.800.53.R5-S3BucketReplicationEnabled', reason);
  }

  /**
   * Lets S3 deliver the access logs of buckets named like `pattern` (e.g. `acme-*-111111111111-eu-west-2`), under the
   * prefix each bucket logs to (its name): how buckets in other stacks of the Region (shards) are admitted, once,
   * without a reference to each of them. Idempotent.
   */
  allowBuckets(pattern: string): void {
    if (this.patterns.has(pattern)) return;
    this.patterns.add(pattern);
    const stack = Stack.of(this);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${pattern}/*`)],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:s3:::${pattern}` },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
  }
}
