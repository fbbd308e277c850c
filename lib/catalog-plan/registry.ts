/**
 * The ECR registry replication the plan asks for: one rule to every Region the services' `ecr-replication`
 * mechanisms name, for every repository under the company prefix (lib/names `repositoryName`). The constructs write
 * it (constructs/ecr.ts) and `dr audit` compares the account's with it: a registry has one configuration per Region,
 * which a CloudFormation deploy replaces whole (ECR-1).
 */
import type { CatalogPlan } from './catalog-plan';
import { mechanism } from './catalog-plan';

export interface RegistryReplication {
  /** Destination Regions, sorted. */
  readonly regions: readonly string[];
  /** The PREFIX_MATCH filter: the company's repositories, `<prefix>/`. */
  readonly prefix: string;
}

/** Null when no service's plan replicates images (or there are no services, hence no repositories). */
export function registryReplication(plan: CatalogPlan): RegistryReplication | null {
  const regions = new Set<string>();
  for (const service of plan.catalog.services) {
    for (const region of mechanism(plan.services.get(service.id)!, 'ecr-replication')?.regions ?? [])
      regions.add(region);
  }
  return regions.size === 0 ? null : { regions: [...regions].sort(), prefix: `${plan.catalog.naming.prefix}/` };
}
