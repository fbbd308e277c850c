/**
 * `AWS::Backup::BackupSelection` → which resources a plan's rules apply to: `Resources` (references to resources of
 * the same stack, or ARN patterns with `*`), minus `NotResources`, narrowed by `ListOfTags` (any of them) and
 * `Conditions` (all of them) — the way AWS Backup evaluates a selection.
 */
import { arnMatches, isRecord, props, refsIn, render } from '../cfn';
import type { CfnResource, StackArtifact } from '../types';

/** A reference to resources of the same stack, or an ARN pattern with `*`. */
export type Target = { readonly logicalIds: readonly string[] } | { readonly pattern: string };

interface TagCondition {
  readonly key: string;
  readonly value: string;
}

export interface SelectionReading {
  readonly name: string;
  /** The logical id of the plan, when the selection refers to one in its stack. */
  readonly plan: string | null;
  readonly resources: readonly Target[];
  readonly notResources: readonly Target[];
  readonly anyTag: readonly TagCondition[];
  readonly equals: readonly TagCondition[];
  readonly notEquals: readonly TagCondition[];
  readonly like: readonly TagCondition[];
  readonly notLike: readonly TagCondition[];
}

/** Something a selection may pick: a data store of the stack, or the EBS volumes of a StorageClass. */
export interface Candidate {
  readonly logicalId: string | null;
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
}

const RESOURCE_TAG = 'aws:ResourceTag/';

export function targets(list: unknown, stack: Pick<StackArtifact, 'region' | 'account'>): Target[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry): Target[] => {
    const logicalIds = refsIn(entry);
    if (logicalIds.length > 0) return [{ logicalIds }];
    const pattern = render(entry, stack);
    return pattern === null ? [] : [{ pattern }];
  });
}

function conditions(list: unknown, keyPrefix: string): TagCondition[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).flatMap((c) =>
    typeof c.ConditionKey === 'string' && typeof c.ConditionValue === 'string'
      ? [
          {
            key: c.ConditionKey.startsWith(keyPrefix) ? c.ConditionKey.slice(keyPrefix.length) : c.ConditionKey,
            value: c.ConditionValue,
          },
        ]
      : [],
  );
}

export function readBackupSelection(
  resource: CfnResource,
  stack: Pick<StackArtifact, 'region' | 'account'>,
): SelectionReading {
  const p = props(resource);
  const s = isRecord(p.BackupSelection) ? p.BackupSelection : {};
  const c = isRecord(s.Conditions) ? s.Conditions : {};
  return {
    name: typeof s.SelectionName === 'string' ? s.SelectionName : '(unnamed)',
    plan: refsIn(p.BackupPlanId)[0] ?? null,
    resources: targets(s.Resources, stack),
    notResources: targets(s.NotResources, stack),
    anyTag: conditions(s.ListOfTags, RESOURCE_TAG),
    equals: conditions(c.StringEquals, RESOURCE_TAG),
    notEquals: conditions(c.StringNotEquals, RESOURCE_TAG),
    like: conditions(c.StringLike, RESOURCE_TAG),
    notLike: conditions(c.StringNotLike, RESOURCE_TAG),
  };
}

export function hits(target: Target, c: Candidate): boolean {
  return 'pattern' in target
    ? arnMatches(target.pattern, c.arn)
    : c.logicalId !== null && target.logicalIds.includes(c.logicalId);
}

export function selects(s: SelectionReading, c: Candidate): boolean {
  // A selection that names no resources but has tags selects every resource with the tags.
  const named = s.resources.length === 0 ? s.anyTag.length > 0 : s.resources.some((t) => hits(t, c));
  if (!named || s.notResources.some((t) => hits(t, c))) return false;
  const tag = (k: string) => c.tags[k];
  if (s.anyTag.length > 0 && !s.anyTag.some((t) => tag(t.key) === t.value)) return false;
  return (
    s.equals.every((t) => tag(t.key) === t.value) &&
    s.notEquals.every((t) => tag(t.key) !== t.value) &&
    s.like.every((t) => tag(t.key) !== undefined && arnMatches(t.value, tag(t.key)!)) &&
    s.notLike.every((t) => tag(t.key) === undefined || !arnMatches(t.value, tag(t.key)!))
  );
}
