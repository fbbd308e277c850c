/**
 * `AWS::Backup::RestoreTestingPlan` and `AWS::Backup::RestoreTestingSelection` (BKP-17, BKP-18): which recovery points
 * a plan restores (types, vaults) and which resources a selection puts under it — `ProtectedResourceType`,
 * `ProtectedResourceArns` (references, ARNs or `*`; absent means every resource of the type) and
 * `ProtectedResourceConditions` (StringEquals / StringNotEquals on `aws:ResourceTag/…`, all of them).
 */
import { isRecord, props, refsIn, render } from '../cfn';
import type { CfnResource, StackArtifact } from '../types';
import { hits, targets, type Candidate, type Target } from './backup-selection';

export interface RestoreTestingPlanReading {
  readonly name: string | null;
  /** `SNAPSHOT`, `CONTINUOUS`; empty when the template does not say. */
  readonly recoveryPointTypes: readonly string[];
  /** References to vaults of the stack, or vault ARN patterns (`*` for every vault). */
  readonly includeVaults: readonly Target[];
  readonly excludeVaults: readonly Target[];
}

export interface RestoreTestingSelectionReading {
  readonly name: string | null;
  /** The plan's name, as the selection writes it. */
  readonly plan: string | null;
  /** The plan's logical id, when the selection refers to it with `Ref` or `Fn::GetAtt`. */
  readonly planRef: string | null;
  readonly resourceType: string | null;
  readonly resources: readonly Target[];
  readonly equals: readonly { readonly key: string; readonly value: string }[];
  readonly notEquals: readonly { readonly key: string; readonly value: string }[];
}

type Stack = Pick<StackArtifact, 'region' | 'account'>;
const RESOURCE_TAG = 'aws:ResourceTag/';

export function readRestoreTestingPlan(resource: CfnResource, stack: Stack): RestoreTestingPlanReading {
  const p = props(resource);
  const selection = isRecord(p.RecoveryPointSelection) ? p.RecoveryPointSelection : {};
  const types = Array.isArray(selection.RecoveryPointTypes)
    ? selection.RecoveryPointTypes.filter((t): t is string => typeof t === 'string')
    : [];
  return {
    name: render(p.RestoreTestingPlanName, stack),
    recoveryPointTypes: types,
    includeVaults: targets(selection.IncludeVaults, stack),
    excludeVaults: targets(selection.ExcludeVaults, stack),
  };
}

function keyValues(list: unknown): { key: string; value: string }[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter(isRecord)
    .flatMap((c) =>
      typeof c.Key === 'string' && typeof c.Value === 'string'
        ? [{ key: c.Key.startsWith(RESOURCE_TAG) ? c.Key.slice(RESOURCE_TAG.length) : c.Key, value: c.Value }]
        : [],
    );
}

export function readRestoreTestingSelection(resource: CfnResource, stack: Stack): RestoreTestingSelectionReading {
  const p = props(resource);
  const conditions = isRecord(p.ProtectedResourceConditions) ? p.ProtectedResourceConditions : {};
  return {
    name: render(p.RestoreTestingSelectionName, stack),
    plan: render(p.RestoreTestingPlanName, stack),
    planRef: refsIn(p.RestoreTestingPlanName)[0] ?? null,
    resourceType: typeof p.ProtectedResourceType === 'string' ? p.ProtectedResourceType : null,
    resources: p.ProtectedResourceArns === undefined ? [{ pattern: '*' }] : targets(p.ProtectedResourceArns, stack),
    equals: keyValues(conditions.StringEquals),
    notEquals: keyValues(conditions.StringNotEquals),
  };
}

/** Whether the selection puts the candidate (a resource of `resourceType`) under restore testing. */
export function restoreSelects(s: RestoreTestingSelectionReading, c: Candidate, resourceType: string): boolean {
  if (s.resourceType !== resourceType || !s.resources.some((t) => hits(t, c))) return false;
  return s.equals.every((t) => c.tags[t.key] === t.value) && s.notEquals.every((t) => c.tags[t.key] !== t.value);
}
