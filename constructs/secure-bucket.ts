/**
 * What every bucket the DR layer names and encrypts with its own KMS key has in common: versioned, SSE-KMS with an
 * S3 Bucket Key, no public access, TLS 1.2 or later only (OTH-32), owner-enforced object ownership, server access
 * logs under a prefix of its own name, and kept when its stack goes. Callers add their lifecycle rules and the rest.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

export interface SecureBucketOptions {
  readonly bucketName: string;
  readonly encryptionKey: kms.IKey;
  /** The access-log bucket of the bucket's side; its logs go under `<bucketName>/`. */
  readonly accessLogs: s3.IBucket;
}

export function secureBucketProps(o: SecureBucketOptions): s3.BucketProps {
  return {
    bucketName: o.bucketName,
    versioned: true,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: o.encryptionKey,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: o.accessLogs,
    serverAccessLogsPrefix: `${o.bucketName}/`,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
