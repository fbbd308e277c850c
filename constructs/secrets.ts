/**
 * Application secrets (kind `secret`): one Secrets Manager secret per asset, encrypted with the secrets key and
 * replicated to the Regions the plan's `secrets-manager` mechanism names. The secret is created empty: operators put
 * its values (docs/aws.md), and the template holds no value and no generator, so no later edit of this construct can
 * make CloudFormation write a new version over theirs.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { databaseSecretName, externalSecretsRoleName, podIdentity, secretName, type NamingContext } from '../lib/names';
import { mechanism } from '../lib/catalog-plan';
import { acknowledge } from './acknowledgements';
import type { KeyRing } from './keys';
import { tagDataStore } from './tags';
import { PodIdentityRole } from './pod-identity';
import { checkTarget, type AssetTargetProps } from './target';

export interface AppSecretProps extends AssetTargetProps {
  readonly keys: KeyRing;
  /**
   * The secrets key of each replica Region, from that Region's stack: a replica's key "must be in the replica Region"
   * (OTH-10). Undefined for a Region no stack of the app is in.
   */
  readonly replicaKey: (region: string) => kms.IKey | undefined;
}

export class AppSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: AppSecretProps) {
    super(scope, id);
    checkTarget('AppSecret', props, ['secret']);
    const { target, plan, naming } = props;
    const spec = mechanism(plan, 'secrets-manager');
    if (!spec) throw new Error(`AppSecret '${target.id}': the plan has no 'secrets-manager' mechanism`);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: secretName(naming, target.id),
      description: `${target.id}: application secrets (values are set out of band, never in a template)`,
      encryptionKey: props.keys.key('secrets'),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cfn = this.secret.node.defaultChild as secretsmanager.CfnSecret;
    cfn.overrideLogicalId(`${id}Secret`);
    // The L2 adds `GenerateSecretString: {}` when given no value. Any change to that property (or to a SecretString)
    // makes CloudFormation put a new version, which would replace the values operators set. Without either,
    // CloudFormation creates an empty secret and never writes its value (AWS::SecretsManager::Secret).
    cfn.generateSecretString = undefined;
    cfn.secretString = undefined;
    // Each replica uses its own Region's secrets key, created by that Region's stack (OTH-10, OTH-11) and named by key
    // ARN (S3-14): an alias would resolve only if that stack happened to create one of the same name (docs/aws.md,
    // "What AWS requires").
    if (spec.replicaRegions.length > 0) {
      cfn.replicaRegions = spec.replicaRegions.map((region) => {
        const key = props.replicaKey(region);
        if (!key)
          throw new Error(
            `AppSecret '${target.id}': replica Region '${region}' has no stack of this app to hold its secrets key (OTH-10)`,
          );
        return { region, kmsKeyId: key.keyArn };
      });
    }
    tagDataStore(this, target.id, target.tier);
    const rotation = 'third-party API keys in this secret are rotated at their issuers; no rotation function can do it';
    acknowledge(cfn, 'AwsSolutions-SMG4', rotation);
    acknowledge(cfn, 'HIPAA.Security-SecretsManagerRotationEnabled', rotation);
    acknowledge(cfn, 'NIST.800.53.R5-SecretsManagerRotationEnabled', rotation);
  }
}

export interface ExternalSecretsAccessProps {
  readonly naming: NamingContext;
  /** Secrets of this stack External Secrets may read (the app secrets and the databases' master secrets). */
  readonly secrets: readonly secretsmanager.ISecret[];
  /**
   * Whether secrets also live in shard stacks (constructs/shards.ts): they are admitted by name, every secret under
   * `<prefix>/` (lib/names `secretName`, `databaseSecretName`), since a reference would make this stack depend on them.
   * @default false
   */
  readonly sharded?: boolean;
  readonly keys: KeyRing;
  readonly cluster: string;
}

/** The role the External Secrets controller gets through EKS Pod Identity: read the listed secrets, nothing else. */
export class ExternalSecretsAccess extends Construct {
  readonly role: PodIdentityRole;

  constructor(scope: Construct, id: string, props: ExternalSecretsAccessProps) {
    super(scope, id);
    if (props.secrets.length === 0 && !props.sharded) throw new Error('ExternalSecretsAccess: `secrets` is empty');
    const stack = Stack.of(this);
    const arn = (name: string) =>
      `arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:${name}`;
    const byName = arn(`${props.naming.prefix}/*`);
    const read = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
    this.role = new PodIdentityRole(this, 'Access', {
      roleName: externalSecretsRoleName(props.naming),
      description: 'External Secrets reads the app secrets into Kubernetes Secrets; never a database master secret',
      cluster: props.cluster,
      serviceAccounts: [podIdentity.externalSecrets],
      statements: [
        new iam.PolicyStatement({
          actions: read,
          resources: [...props.secrets.map((s) => s.secretArn), ...(props.sharded ? [byName] : [])],
        }),
        // The company-wide pattern of shards would admit the database master secrets too: they are denied by name.
        ...(props.sharded
          ? [
              new iam.PolicyStatement({
                effect: iam.Effect.DENY,
                actions: read,
                resources: [arn(`${databaseSecretName(props.naming, '')}*`)],
              }),
            ]
          : []),
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.keys.key('secrets').keyArn] }),
      ],
    });
    if (props.sharded) {
      const why =
        'the secrets of shard stacks, named under the company prefix; a reference to each would make this stack depend on its shards';
      acknowledge(this.role.role.policy!, 'AwsSolutions-IAM5', why, `Resource::${byName}`);
    }
  }
}
