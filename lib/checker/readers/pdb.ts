/**
 * `policy/v1 PodDisruptionBudget` → which pods it guards (its selector, K8S-5: an empty selector selects every pod of
 * the namespace, an absent one none) and how many voluntary evictions it allows when a workload runs n ready pods.
 * Kubernetes rounds percentages up for both `minAvailable` and `maxUnavailable`; a budget with neither keeps nothing.
 */
import { isRecord } from '../cfn';
import { at, records } from '../manifest-json';
import type { K8sObject } from '../types';

export type Budget = { readonly count: number } | { readonly percent: number };

export interface PdbReading {
  readonly namespace: string | null;
  /** Null: no selector, so no pod is guarded. */
  readonly selector: {
    readonly matchLabels: Readonly<Record<string, string>>;
    readonly matchExpressions: readonly Record<string, unknown>[];
  } | null;
  readonly minAvailable: Budget | null;
  readonly maxUnavailable: Budget | null;
  /** Settings that are not an integer or a percentage. */
  readonly problems: readonly string[];
}

function budget(v: unknown, key: string, problems: string[]): Budget | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { count: v };
  if (typeof v === 'string' && /^\d+%$/.test(v)) return { percent: Number(v.slice(0, -1)) };
  problems.push(`${key} ${JSON.stringify(v)} is neither a non-negative integer nor a percentage`);
  return null;
}

export function readPdb(o: K8sObject): PdbReading {
  const problems: string[] = [];
  const spec = at(o.doc, 'spec');
  const selector = at(spec, 'selector');
  const labels = at(selector, 'matchLabels');
  const namespace = at(o.doc, 'metadata', 'namespace');
  if (at(spec, 'minAvailable') !== undefined && at(spec, 'maxUnavailable') !== undefined) {
    problems.push('minAvailable and maxUnavailable are both set: the API server rejects the budget');
  }
  return {
    namespace: typeof namespace === 'string' ? namespace : null,
    selector: isRecord(selector)
      ? {
          matchLabels: isRecord(labels)
            ? (Object.fromEntries(Object.entries(labels).filter(([, v]) => typeof v === 'string')) as Record<
                string,
                string
              >)
            : {},
          matchExpressions: records(at(selector, 'matchExpressions')),
        }
      : null,
    minAvailable: budget(at(spec, 'minAvailable'), 'minAvailable', problems),
    maxUnavailable: budget(at(spec, 'maxUnavailable'), 'maxUnavailable', problems),
    problems,
  };
}

/** Whether a label selector (matchLabels and matchExpressions, ANDed) selects pods with these labels. */
export function selectsPods(pdb: PdbReading, pod: Readonly<Record<string, string>>): boolean {
  if (pdb.selector === null) return false;
  if (!Object.entries(pdb.selector.matchLabels).every(([k, v]) => pod[k] === v)) return false;
  return pdb.selector.matchExpressions.every((e) => {
    const key = typeof e.key === 'string' ? e.key : '';
    const values = Array.isArray(e.values) ? e.values.filter((x): x is string => typeof x === 'string') : [];
    const value = pod[key];
    if (e.operator === 'In') return value !== undefined && values.includes(value);
    if (e.operator === 'NotIn') return value === undefined || !values.includes(value);
    if (e.operator === 'Exists') return value !== undefined;
    if (e.operator === 'DoesNotExist') return value === undefined;
    return false;
  });
}

const scaled = (b: Budget, replicas: number) => ('count' in b ? b.count : Math.ceil((b.percent * replicas) / 100));

/** Evictions the budget allows with `replicas` ready pods, from 0 (a drain never finishes) to `replicas` (all at once). */
export function allowedEvictions(pdb: PdbReading, replicas: number): number {
  const desiredHealthy = pdb.maxUnavailable
    ? replicas - scaled(pdb.maxUnavailable, replicas)
    : pdb.minAvailable
      ? scaled(pdb.minAvailable, replicas)
      : 0;
  return Math.min(replicas, Math.max(0, replicas - desiredHealthy));
}

/** The budget as written, for messages. */
export function describeBudget(pdb: PdbReading): string {
  const show = (b: Budget) => ('count' in b ? String(b.count) : `${b.percent}%`);
  if (pdb.maxUnavailable) return `maxUnavailable ${show(pdb.maxUnavailable)}`;
  if (pdb.minAvailable) return `minAvailable ${show(pdb.minAvailable)}`;
  return 'neither minAvailable nor maxUnavailable';
}
