/**
 * `AWS::ECR::ReplicationConfiguration` → `ecr-replication` for every repository its rules match: a rule without
 * filters matches every repository, a PREFIX_MATCH filter the repositories whose name starts with it (OTH-9).
 */
import type { SpecOf } from '../../model';
import { isRecord, props } from '../cfn';
import type { CfnResource } from '../types';

export interface EcrRule {
  readonly regions: readonly string[];
  /** Repository-name prefixes; null matches every repository. */
  readonly prefixes: readonly string[] | null;
}

export function readEcrReplication(resource: CfnResource): EcrRule[] {
  const config = props(resource).ReplicationConfiguration;
  const rules = isRecord(config) && Array.isArray(config.Rules) ? config.Rules.filter(isRecord) : [];
  return rules.map((rule) => {
    const destinations = Array.isArray(rule.Destinations) ? rule.Destinations.filter(isRecord) : [];
    const filters = Array.isArray(rule.RepositoryFilters) ? rule.RepositoryFilters.filter(isRecord) : [];
    const prefixes = filters.flatMap((f) =>
      f.FilterType === 'PREFIX_MATCH' && typeof f.Filter === 'string' ? [f.Filter] : [],
    );
    return {
      regions: destinations.flatMap((d) => (typeof d.Region === 'string' ? [d.Region] : [])),
      prefixes: filters.length === 0 ? null : prefixes,
    };
  });
}

/** The replication a repository gets from all rules, or null when no rule matches it. */
export function ecrReplicationFor(repository: string, rules: readonly EcrRule[]): SpecOf<'ecr-replication'> | null {
  const matching = rules.filter((r) => r.prefixes === null || r.prefixes.some((p) => repository.startsWith(p)));
  const regions = [...new Set(matching.flatMap((r) => r.regions))].sort();
  return regions.length === 0 ? null : { id: 'ecr-replication', regions };
}
