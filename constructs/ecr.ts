/**
 * One ECR repository per service (name from lib/names), the registry's replication to the Regions the services'
 * `ecr-replication` mechanisms name, and in each of those Regions the repository creation template the replicated
 * repositories are created from. A registry has one replication configuration per Region, so this construct is the
 * only place that writes it; it replicates every repository under the company prefix. Deploying it takes the
 * registry's replication over (ECR-1, docs/aws.md "What AWS requires"): `dr audit` reports rules it did not write.
 */
import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Service } from '../lib/catalog';
import { logicalId, repositoryName, roleName, TAG, type NamingContext } from '../lib/names';
import { registryReplication, type CatalogPlan } from '../lib/catalog-plan';
import { acknowledge } from './acknowledgements';
import { ManagedRole } from './iam';
import type { KeyRing } from './keys';
import { tagProtector } from './tags';

/** Days an untagged image is kept, in the repositories and their replicas alike. */
const UNTAGGED_DAYS = 14;

export interface RepositoriesProps {
  readonly plan: CatalogPlan;
  readonly naming: NamingContext;
  readonly keys: KeyRing;
  /** Days an untagged image is kept. @default 14 */
  readonly untaggedDays?: number;
}

export class Repositories extends Construct {
  readonly repositories = new Map<string, ecr.Repository>();
  readonly replication?: ecr.CfnReplicationConfiguration;

  constructor(scope: Construct, id: string, props: RepositoriesProps) {
    super(scope, id);
    const { naming } = props;
    for (const service of props.plan.catalog.services) {
      this.repositories.set(service.id, this.repository(service, props));
    }
    const replication = registryReplication(props.plan);
    if (replication && this.repositories.size > 0) {
      this.replication = new ecr.CfnReplicationConfiguration(this, 'Replication', {
        replicationConfiguration: {
          rules: [
            {
              destinations: replication.regions.map((region) => ({ region, registryId: naming.account })),
              // Only images pushed after this exists are replicated (OTH-9): it lands before any DR compute does.
              repositoryFilters: [{ filter: replication.prefix, filterType: 'PREFIX_MATCH' }],
            },
          ],
        },
      });
      this.replication.overrideLogicalId('EcrReplication');
    }
  }

  private repository(service: Service, props: RepositoriesProps): ecr.Repository {
    const repo = new ecr.Repository(this, logicalId(service.id), {
      repositoryName: repositoryName(props.naming, service.id),
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: props.keys.key('ecr'),
      removalPolicy: RemovalPolicy.RETAIN,
      // Tags are immutable and deployed images are tagged; untagged layers are leftovers of failed pushes.
      lifecycleRules: [
        {
          description: 'untagged leftovers',
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(props.untaggedDays ?? UNTAGGED_DAYS),
        },
      ],
    });
    (repo.node.defaultChild as ecr.CfnRepository).overrideLogicalId(`${logicalId(service.id)}Repository`);
    tagProtector(repo, 'image-repository', service.tier);
    Tags.of(repo).add(TAG.service, service.id);
    return repo;
  }
}

export interface ReplicaTemplateProps {
  readonly naming: NamingContext;
  /** The keys of the replicas' Region: the template's key must be there (ECR-3). */
  readonly keys: KeyRing;
  /** Days an untagged image is kept. @default 14 */
  readonly untaggedDays?: number;
}

/**
 * The repository creation template replication creates the company's repositories from, in the stack of their Region.
 * Without one, a replicated repository gets mutable tags and AES-256 (ECR-2), not the sources' immutable tags and KMS
 * key. It applies only to repositories created after it exists (ECR-2), hence in the DR stack, which deploys before the
 * primary stack's replication. A KMS key needs a custom role (ECR-3): ECR checks the key and creates its grants with it.
 */
export class ReplicaTemplate extends Construct {
  readonly template: ecr.CfnRepositoryCreationTemplate;

  constructor(scope: Construct, id: string, props: ReplicaTemplateProps) {
    super(scope, id);
    const { naming } = props;
    const stack = Stack.of(this);
    const key = props.keys.key('ecr');
    const repositories = `arn:${stack.partition}:ecr:${stack.region}:${naming.account}:repository/${naming.prefix}/*`;
    const role = new ManagedRole(this, 'Role', {
      roleName: roleName(naming, `ecr-replica-template-${stack.region}`),
      assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com'),
      description: `ECR creates the replicated ${naming.prefix}/ repositories of ${stack.region} with their KMS key`,
      statements: [
        // AWS's custom policy for creation templates (ECR-4), plus the template's lifecycle policy, scoped to the
        // company's repositories and the Region's ECR key instead of "*".
        new iam.PolicyStatement({
          actions: ['ecr:CreateRepository', 'ecr:ReplicateImage', 'ecr:TagResource', 'ecr:PutLifecyclePolicy'],
          resources: [repositories],
        }),
        new iam.PolicyStatement({
          actions: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'],
          resources: [key.keyArn],
        }),
      ],
    });
    acknowledge(
      role.policy!,
      'AwsSolutions-IAM5',
      'the repositories replication creates under the company prefix: their names are the sources’, known only as the prefix',
      `Resource::${repositories}`,
    );
    this.template = new ecr.CfnRepositoryCreationTemplate(this, 'Template', {
      // ECR adds the `/` (ECR-3): this matches the replication filter `<prefix>/`.
      prefix: naming.prefix,
      appliedFor: ['REPLICATION'],
      description: `Replicas of ${naming.prefix}/ repositories: immutable tags and the ${stack.region} ECR key, as the sources`,
      imageTagMutability: 'IMMUTABLE',
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: key.keyArn },
      customRoleArn: role.role.roleArn,
      lifecyclePolicy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: 'untagged leftovers',
            selection: {
              tagStatus: 'untagged',
              countType: 'sinceImagePushed',
              countUnit: 'days',
              countNumber: props.untaggedDays ?? UNTAGGED_DAYS,
            },
            action: { type: 'expire' },
          },
        ],
      }),
    });
    this.template.overrideLogicalId('EcrReplicaTemplate');
    // ECR reads the role when a repository is created, not when the template is: it must exist first all the same.
    this.template.node.addDependency(role);
  }
}
