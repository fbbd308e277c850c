/**
 * The KMS keys a resource names for use in a given Region: a secret's replicas (`ReplicaRegions[].KmsKeyId`, a key
 * "in the replica Region", OTH-10), RDS replicated backups (`AutomaticBackupReplicationKmsKeyId` in
 * `AutomaticBackupReplicationRegion`), an RDS cross-Region read replica (`KmsKeyId` in its own Region, OTH-40), S3 replicas (`ReplicaKmsKeyID` in the destination bucket's Region, S3-14) and
 * ECR repository creation templates (`KmsKey` "in the same Region as the repository", ECR-3). Which Region a value
 * must be a key of comes from the resource; whether one is, from all the templates (key-regions.ts).
 */
import { isRecord, props, render } from '../cfn';
import type { CfnResource, StackArtifact } from '../types';

export interface KeyReference {
  /** The property, e.g. `ReplicaRegions[0].KmsKeyId`. */
  readonly property: string;
  /** The Region the key must be in; null when the templates do not say (a destination bucket they do not hold). */
  readonly region: string | null;
  readonly value: unknown;
  /** The secret replica Region, S3 destination bucket or RDS backup Region this key serves: what fails without it. */
  readonly serves: 'secret-replica' | 's3-replica' | 'rds-backup-replica' | 'rds-read-replica' | 'ecr-template';
}

/** `bucketRegion`: the Region of a bucket of the templates, by name (null when they do not hold it). */
export function kmsReferences(
  resource: CfnResource,
  stack: Pick<StackArtifact, 'region' | 'account'>,
  bucketRegion: (name: string) => string | null,
): KeyReference[] {
  const p = props(resource);
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  switch (resource.Type) {
    case 'AWS::SecretsManager::Secret':
      // An absent KmsKeyId is aws/secretsmanager of the replica Region (OTH-10): nothing to check.
      return (Array.isArray(p.ReplicaRegions) ? p.ReplicaRegions : []).flatMap((r, i) =>
        isRecord(r) && r.KmsKeyId !== undefined
          ? [
              {
                property: `ReplicaRegions[${i}].KmsKeyId`,
                region: text(r.Region),
                value: r.KmsKeyId,
                serves: 'secret-replica' as const,
              },
            ]
          : [],
      );
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster': {
      // A read replica in another Region than its source: its own key, of its own Region (OTH-40).
      const replica =
        resource.Type === 'AWS::RDS::DBInstance' && p.SourceRegion !== undefined && p.KmsKeyId !== undefined
          ? [{ property: 'KmsKeyId', region: stack.region, value: p.KmsKeyId, serves: 'rds-read-replica' as const }]
          : [];
      return p.AutomaticBackupReplicationKmsKeyId === undefined
        ? replica
        : [
            ...replica,
            {
              property: 'AutomaticBackupReplicationKmsKeyId',
              region: text(p.AutomaticBackupReplicationRegion),
              value: p.AutomaticBackupReplicationKmsKeyId,
              serves: 'rds-backup-replica',
            },
          ];
    }
    case 'AWS::S3::Bucket': {
      const config = p.ReplicationConfiguration;
      const rules = isRecord(config) && Array.isArray(config.Rules) ? config.Rules : [];
      return rules.flatMap((rule, i) => {
        const dest = isRecord(rule) && isRecord(rule.Destination) ? rule.Destination : {};
        const key = isRecord(dest.EncryptionConfiguration) ? dest.EncryptionConfiguration.ReplicaKmsKeyID : undefined;
        if (key === undefined) return [];
        const bucket = render(dest.Bucket, stack)?.replace(/^arn:[^:]+:s3:::/, '');
        return [
          {
            property: `ReplicationConfiguration.Rules[${i}].Destination.EncryptionConfiguration.ReplicaKmsKeyID`,
            region: bucket ? bucketRegion(bucket) : null,
            value: key,
            serves: 's3-replica' as const,
          },
        ];
      });
    }
    case 'AWS::ECR::RepositoryCreationTemplate': {
      const enc = p.EncryptionConfiguration;
      return isRecord(enc) && enc.KmsKey !== undefined
        ? [
            {
              property: 'EncryptionConfiguration.KmsKey',
              region: stack.region,
              value: enc.KmsKey,
              serves: 'ecr-template',
            },
          ]
        : [];
    }
    default:
      return [];
  }
}
