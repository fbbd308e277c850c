/**
 * The replacement gate: base and head templates compared offline with @aws-cdk/cloudformation-diff. A data store — or
 * what its data depends on: a backup vault, a KMS key, an ECR repository — that the deployment would destroy, replace
 * (or may replace) or drop from the stack is a regression, whatever the posture says: the change impact comes from
 * CloudFormation's resource specification, not from a list kept here. Stacks are matched by name and Region: a stack
 * that moves to another Region is a new stack there and a removed one here. Kubernetes state: replacement-k8s.ts.
 */
import type * as CloudFormationDiff from '@aws-cdk/cloudformation-diff';
import { KEPT_TYPES } from '../checker';
import type { StackArtifact } from '../checker';

export interface Replacement {
  /** The stack, or `kubernetes:<namespace>`. */
  readonly stack: string;
  /** The logical id, or the Kubernetes object's name. */
  readonly logicalId: string;
  readonly type: string;
  readonly impact: 'destroy' | 'replace' | 'may-replace' | 'orphan' | 'stack-removed';
  /** What changed, when the impact alone does not say (a Region, a namespace, a claim template). */
  readonly reason?: string;
  /** The PersistentVolumeClaims whose data is left behind or replaced (Kubernetes). */
  readonly claims?: readonly string[];
}

/**
 * @aws-cdk/cloudformation-diff is loaded on first use: only `dr diff` compares templates, and synth (which loads this
 * folder for the posture) should not pay for it.
 */
function cloudFormationDiff(): typeof CloudFormationDiff {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@aws-cdk/cloudformation-diff') as typeof CloudFormationDiff;
}

/** The impacts that lose what a data store holds, by CloudFormationDiff.ResourceImpact (a string enum). */
const IMPACT: Readonly<Record<string, Replacement['impact']>> = {
  WILL_DESTROY: 'destroy',
  WILL_REPLACE: 'replace',
  MAY_REPLACE: 'may-replace',
  WILL_ORPHAN: 'orphan',
};

/**
 * What the gate guards: every type the checker keeps (data stores, backup vaults, KMS keys: lib/checker KEPT_TYPES, the
 * DR-RETAIN rule's list) and ECR repositories, whose images a recovery deploys from.
 */
export const GUARDED_TYPES: ReadonlySet<string> = new Set([...KEPT_TYPES, 'AWS::ECR::Repository']);

const isGuarded = (type: string | undefined) => type !== undefined && GUARDED_TYPES.has(type);

export function replacements(base: readonly StackArtifact[], head: readonly StackArtifact[]): Replacement[] {
  const out: Replacement[] = [];
  for (const b of base) {
    const h = head.find((s) => s.name === b.name && s.region === b.region);
    if (!h) {
      const moved = head.find((s) => s.name === b.name);
      const reason = moved
        ? `the stack moves from ${b.region ?? 'an unknown Region'} to ${moved.region ?? 'an unknown Region'}`
        : undefined;
      for (const [logicalId, r] of Object.entries(b.resources))
        if (isGuarded(r.Type))
          out.push({ stack: b.name, logicalId, type: r.Type, impact: 'stack-removed', ...(reason ? { reason } : {}) });
      continue;
    }
    const diff = cloudFormationDiff().fullDiff({ Resources: b.resources }, { Resources: h.resources });
    diff.resources.forEachDifference((logicalId, change) => {
      const type = change.oldValue?.Type;
      const impact = IMPACT[change.changeImpact];
      if (isGuarded(type) && impact) out.push({ stack: b.name, logicalId, type: type!, impact });
    });
  }
  return out.sort((x, y) => `${x.stack}/${x.logicalId}`.localeCompare(`${y.stack}/${y.logicalId}`));
}
