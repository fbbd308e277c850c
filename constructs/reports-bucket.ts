/**
 * The bucket of the DR reports (issue 17), in the primary Region: the health canaries' artifacts under `canaries/`
 * and the experiment reports under `experiments/`. Encrypted with the Region's ops key, versioned, access-logged,
 * TLS only; its objects expire (they are evidence of runs, not data of the business), so it is not replicated.
 */
import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { reportsBucketName, type NamingContext } from '../lib/names';
import { acknowledge, notAnAssetReason } from './acknowledgements';
import type { KeyRing } from './keys';
import { secureBucketProps } from './secure-bucket';
import { tagProtector } from './tags';

export interface ReportsBucketProps {
  readonly naming: NamingContext;
  readonly keys: KeyRing;
  readonly accessLogs: s3.IBucket;
  /** How long reports and artifacts are kept. @default Duration.days(400) */
  readonly expireAfter?: Duration;
}

export class ReportsBucket extends Construct {
  readonly bucket: s3.Bucket;
  static readonly CANARY_PREFIX = 'canaries';
  static readonly EXPERIMENT_PREFIX = 'experiments';

  constructor(scope: Construct, id: string, props: ReportsBucketProps) {
    super(scope, id);
    const name = reportsBucketName(props.naming);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...secureBucketProps({ bucketName: name, encryptionKey: props.keys.key('ops'), accessLogs: props.accessLogs }),
      lifecycleRules: [
        {
          id: 'expire-reports',
          expiration: props.expireAfter ?? Duration.days(400),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
    cfn.overrideLogicalId('DrReportsBucket');
    cfn.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    tagProtector(this.bucket, 'dr-reports');
    const reason = notAnAssetReason('canary artifacts and experiment reports: records of runs that expire');
    acknowledge(cfn, 'HIPAA.Security-S3BucketReplicationEnabled', reason);
    acknowledge(cfn, 'NIST.800.53.R5-S3BucketReplicationEnabled', reason);
    acknowledge(
      cfn,
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
      'reports and canary artifacts expire on a lifecycle; Object Lock would keep them past it',
    );
  }
}
