/**
 * The Redis asset's RDB shipping destination when the plan has `redis-rdb-shipping`: the replicated snapshot bucket
 * pair (lib/names snapshotBucketName) and the role the shipping and restore jobs get through EKS Pod Identity. The
 * Kubernetes side builds the CronJobs with the service account from lib/names `podIdentity.rdbShipping`.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Asset } from '../lib/catalog';
import { podIdentity, rdbShippingRoleName, rdbSnapshotPrefix, type NamingContext } from '../lib/names';
import { acknowledge } from './acknowledgements';
import type { KeyRing } from './keys';
import { PodIdentityRole } from './pod-identity';

export interface RdbShippingAccessProps {
  readonly target: Asset;
  readonly naming: NamingContext;
  readonly bucketArn: string;
  readonly keys: KeyRing;
  readonly cluster: string;
  readonly namespace: string;
}

/** Write and read access to one asset's prefix of the snapshot bucket, for its shipping and restore jobs. */
export class RdbShippingAccess extends Construct {
  readonly role: PodIdentityRole;

  constructor(scope: Construct, id: string, props: RdbShippingAccessProps) {
    super(scope, id);
    const { target, naming } = props;
    const prefix = rdbSnapshotPrefix(target.id);
    const objects = `${props.bucketArn}/${prefix}*`;
    this.role = new PodIdentityRole(this, 'Access', {
      roleName: rdbShippingRoleName(naming, target.id),
      description: `RDB shipping and restore jobs of ${target.id} write and read ${prefix} in the snapshot bucket`,
      cluster: props.cluster,
      serviceAccounts: [{ namespace: props.namespace, ...podIdentity.rdbShipping(target.id) }],
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion'],
          resources: [objects],
        }),
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [props.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
        }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [props.keys.key('s3').keyArn],
        }),
      ],
    });
    acknowledge(
      this.role.role.policy!,
      'AwsSolutions-IAM5',
      `objects under the asset's own prefix ${prefix} of one bucket`,
      `Resource::${objects}`,
    );
  }
}
