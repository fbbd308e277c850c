/**
 * One ECR repository per service (name from lib/names), and the registry's replication to the Regions the services'
 * `ecr-replication` mechanism names. A registry has one replication configuration per Region, so this construct is
 * the only place that writes it; it replicates every repository under the company prefix.
 */
import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import type { Service } from '../lib/catalog';
import { logicalId, repositoryName, TAG, type NamingContext } from '../lib/names';
import { mechanism, type CatalogPlan } from '../lib/catalog-plan';
import type { KeyRing } from './keys';
import { tagProtector } from './tags';

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
    const regions = new Set<string>();
    for (const service of props.plan.catalog.services) {
      this.repositories.set(service.id, this.repository(service, props));
      const spec = mechanism(props.plan.services.get(service.id)!, 'ecr-replication');
      for (const region of spec?.regions ?? []) regions.add(region);
    }
    if (regions.size > 0 && this.repositories.size > 0) {
      this.replication = new ecr.CfnReplicationConfiguration(this, 'Replication', {
        replicationConfiguration: {
          rules: [
            {
              destinations: [...regions].sort().map((region) => ({ region, registryId: naming.account })),
              // Only images pushed after this exists are replicated (OTH-9): it lands before any DR compute does.
              repositoryFilters: [{ filter: `${naming.prefix}/`, filterType: 'PREFIX_MATCH' }],
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
          maxImageAge: Duration.days(props.untaggedDays ?? 14),
        },
      ],
    });
    (repo.node.defaultChild as ecr.CfnRepository).overrideLogicalId(`${logicalId(service.id)}Repository`);
    tagProtector(repo, 'image-repository', service.tier);
    Tags.of(repo).add(TAG.service, service.id);
    return repo;
  }
}
