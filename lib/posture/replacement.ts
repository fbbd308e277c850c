/**
 * The replacement gate: base and head templates compared offline with @aws-cdk/cloudformation-diff. A data store the
 * deployment would destroy, replace (or may replace) or drop from the stack is a regression, whatever the posture says:
 * the change impact comes from CloudFormation's resource specification, not from a list kept here.
 */
import type * as CloudFormationDiff from '@aws-cdk/cloudformation-diff';
import { DATA_STORE_TYPES } from '../checker';
import type { StackArtifact } from '../checker';

export interface Replacement {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly impact: 'destroy' | 'replace' | 'may-replace' | 'orphan' | 'stack-removed';
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

const isDataStore = (type: string | undefined) =>
  type !== undefined && (type in DATA_STORE_TYPES || type === 'AWS::Backup::BackupVault');

export function replacements(base: readonly StackArtifact[], head: readonly StackArtifact[]): Replacement[] {
  const out: Replacement[] = [];
  for (const b of base) {
    const h = head.find((s) => s.name === b.name);
    if (!h) {
      for (const [logicalId, r] of Object.entries(b.resources))
        if (isDataStore(r.Type)) out.push({ stack: b.name, logicalId, type: r.Type, impact: 'stack-removed' });
      continue;
    }
    const diff = cloudFormationDiff().fullDiff({ Resources: b.resources }, { Resources: h.resources });
    diff.resources.forEachDifference((logicalId, change) => {
      const type = change.oldValue?.Type;
      const impact = IMPACT[change.changeImpact];
      if (isDataStore(type) && impact) out.push({ stack: b.name, logicalId, type: type!, impact });
    });
  }
  return out.sort((x, y) => `${x.stack}/${x.logicalId}`.localeCompare(`${y.stack}/${y.logicalId}`));
}
