/**
 * What the DR site's pods read in their Region, through EKS Pod Identity on the standby cluster: External Secrets the
 * secrets' replicas (OTH-1; never a database master secret), and each Redis that ships snapshots its own prefix of the
 * DR snapshot bucket, to start from the newest one (k8s/redis/seed.ts). The replicas' ARNs end in a suffix Secrets
 * Manager chooses, so they are admitted by name under the company prefix, as shards' secrets are.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import type { Asset } from '../lib/catalog';
import {
  databaseSecretName,
  k8sName,
  podIdentity,
  rdbSnapshotPrefix,
  roleName,
  snapshotBucketName,
  type NamingContext,
} from '../lib/names';
import { acknowledge } from './acknowledgements';
import type { KeyRing } from './keys';
import { PodIdentityRole } from './pod-identity';

export interface DrWorkloadsAccessProps {
  readonly naming: NamingContext;
  readonly keys: KeyRing;
  readonly cluster: string;
  readonly namespace: string;
  /** Whether the catalog has secret assets External Secrets copies into the namespace. */
  readonly secrets: boolean;
  /** Redis assets whose DR pods seed from shipped snapshots. */
  readonly seeded: readonly Asset[];
  /** The cluster resource, when this stack creates it: associations wait for it. */
  readonly after?: IConstruct;
}

export class DrWorkloadsAccess extends Construct {
  constructor(scope: Construct, id: string, props: DrWorkloadsAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { naming } = props;
    const roles: PodIdentityRole[] = [];
    if (props.secrets) {
      const arn = (name: string) =>
        `arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:${name}`;
      const byName = arn(`${naming.prefix}/*`);
      const read = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
      const secrets = new PodIdentityRole(this, 'ExternalSecrets', {
        roleName: roleName(naming, 'external-secrets-dr'),
        description: "External Secrets in the standby cluster reads the app secrets' replicas; never a master secret",
        cluster: props.cluster,
        serviceAccounts: [podIdentity.externalSecrets],
        statements: [
          new iam.PolicyStatement({ actions: read, resources: [byName] }),
          new iam.PolicyStatement({
            effect: iam.Effect.DENY,
            actions: read,
            resources: [arn(`${databaseSecretName(naming, '')}*`)],
          }),
          new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.keys.key('secrets').keyArn] }),
        ],
      });
      acknowledge(
        secrets.role.policy!,
        'AwsSolutions-IAM5',
        "the secrets' replicas, named under the company prefix: their ARNs end in a suffix Secrets Manager chooses",
        `Resource::${byName}`,
      );
      roles.push(secrets);
    }
    const bucket = `arn:${stack.partition}:s3:::${snapshotBucketName(naming, 'dr')}`;
    for (const asset of props.seeded) {
      const prefix = rdbSnapshotPrefix(asset.id);
      const objects = `${bucket}/${prefix}*`;
      const seed = new PodIdentityRole(this, `${k8sName(asset.id)}-seed`, {
        roleName: roleName(naming, `${asset.id}-dr-seed`),
        description: `${asset.id} in the standby cluster starts from the newest snapshot under ${prefix}`,
        cluster: props.cluster,
        serviceAccounts: [{ namespace: props.namespace, serviceAccount: k8sName(asset.id) }],
        statements: [
          new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [objects] }),
          new iam.PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [bucket],
            conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
          }),
          new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.keys.key('s3').keyArn] }),
        ],
      });
      acknowledge(
        seed.role.policy!,
        'AwsSolutions-IAM5',
        `objects under the asset's own prefix ${prefix} of one bucket`,
        `Resource::${objects}`,
      );
      roles.push(seed);
    }
    if (props.after) for (const r of roles) r.node.addDependency(props.after);
  }
}
