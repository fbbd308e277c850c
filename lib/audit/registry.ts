/**
 * The ECR registry's replication, which a deploy takes over: one configuration per registry and Region, which
 * CloudFormation's handler refuses to create while the registry has rules, replaces whole on update and empties on
 * delete (ECR-1, docs/aws.md "What AWS requires"). `dr audit` reads it (ecr:DescribeRegistry, in the primary Region,
 * where the templates write it) and compares it with what the plan asks for. Judging is pure; reading is one call.
 */
import { DescribeRegistryCommand, type ECRClient } from '@aws-sdk/client-ecr';
import type { RegistryReplication } from '../catalog-plan';
import { errorText } from './aws/clients';
import type { Severity } from './types';

export interface RegistryExpectation extends RegistryReplication {
  readonly account: string;
  /** The Region whose registry the templates configure (the primary). */
  readonly region: string;
}

/** A replication rule as ECR returns it. */
export interface RegistryRule {
  readonly destinations: readonly { readonly region?: string; readonly registryId?: string }[];
  readonly repositoryFilters?: readonly { readonly filter?: string; readonly filterType?: string }[];
}

export interface RegistryFinding {
  readonly check: 'ecr-replication';
  readonly severity: Severity;
  readonly region: string;
  readonly message: string;
}

/** Whether a rule is the one the templates write: the company prefix to every expected Region of this account. */
function isOurs(rule: RegistryRule, expected: RegistryExpectation): boolean {
  const filters = rule.repositoryFilters ?? [];
  const prefixed =
    filters.length === 1 && filters[0]!.filterType === 'PREFIX_MATCH' && filters[0]!.filter === expected.prefix;
  const regions = rule.destinations.filter((d) => d.registryId === expected.account).map((d) => d.region);
  return (
    prefixed &&
    rule.destinations.length === expected.regions.length &&
    expected.regions.every((r) => regions.includes(r))
  );
}

export function judgeRegistry(expected: RegistryExpectation, rules: readonly RegistryRule[]): RegistryFinding {
  const base = { check: 'ecr-replication', region: expected.region } as const;
  const ours = rules.some((r) => isOurs(r, expected));
  const others = rules.filter((r) => !isOurs(r, expected));
  const wanted = `${expected.prefix}* to ${expected.regions.join(', ')}`;
  const foreign = `${others.length} replication rule(s) the templates do not write`;
  if (ours && others.length === 0) {
    return { ...base, severity: 'ok', message: `the registry replicates ${wanted}, as the templates write it` };
  }
  if (ours) {
    return {
      ...base,
      severity: 'warning',
      message: `the registry replicates ${wanted}, and has ${foreign}: the next deploy replaces the whole list, and deleting the stack empties it (ECR-1); add them to the catalog's services or move them`,
    };
  }
  const missing = `the registry does not replicate ${wanted}: the services' images are not copied to the DR Region (OTH-9)`;
  if (others.length === 0) return { ...base, severity: 'breach', message: `${missing}; deploy the stacks` };
  return {
    ...base,
    severity: 'breach',
    message: `${missing}, and it has ${foreign}: CloudFormation refuses to create the replication configuration while the registry has rules (ECR-1), and an update would replace them; merge them into the catalog or remove them before deploying`,
  };
}

export async function auditRegistry(ecr: ECRClient, expected: RegistryExpectation): Promise<RegistryFinding> {
  try {
    const out = await ecr.send(new DescribeRegistryCommand({}));
    return judgeRegistry(expected, (out.replicationConfiguration?.rules ?? []) as RegistryRule[]);
  } catch (e) {
    return {
      check: 'ecr-replication',
      severity: 'unaudited',
      region: expected.region,
      message: `could not read the registry's replication (ecr:DescribeRegistry): ${errorText(e)}`,
    };
  }
}
