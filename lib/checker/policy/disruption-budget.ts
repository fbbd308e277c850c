/**
 * DR-PDB: every planned Deployment has exactly one PodDisruptionBudget selecting its pods, and at the HPA minimum n
 * that budget allows at least one eviction (a node drain can finish) and at most max(1, n − the tier's minReplicas),
 * never n (a drain cannot empty the service) — the rule the charts build the budget from. Two budgets over the same
 * pods make the Eviction API refuse every eviction. Read from the PDB's selector, `minAvailable` / `maxUnavailable`.
 */
import type { Catalog } from '../../catalog';
import { finding, type Finding } from '../findings';
import { whereOf } from '../read-kubernetes';
import { allowedEvictions, describeBudget, readPdb, selectsPods, type PdbReading } from '../readers/pdb';
import { describeWhere, type K8sObject } from '../types';
import { plannedWorkloads, type PlannedWorkload } from './workloads';

/** The most evictions a budget may allow at n replicas: one at least, and what keeps the tier's minimum ready. */
export function mostEvictions(n: number, minReady: number): number {
  return Math.min(n - 1, Math.max(1, n - minReady));
}

function policyOf(w: PlannedWorkload): string {
  const n = w.minReplicas;
  const tier = `${w.tier.id} policy minReplicas ${w.tier.policy.minReplicas}`;
  if (n < 2)
    return `${tier}: a PodDisruptionBudget allowing some evictions and never all, which needs an HPA minimum of 2 or more`;
  const most = mostEvictions(n, w.tier.policy.minReplicas);
  return `${tier}: a PodDisruptionBudget allowing ${most === 1 ? 'exactly 1 eviction' : `1 to ${most} evictions`} at the HPA minimum ${n}`;
}

export interface BudgetObject {
  readonly o: K8sObject;
  readonly pdb: PdbReading;
}

/**
 * The budgets that select a workload's pods, in manifest order, without trying every budget: budgets are indexed by
 * namespace and by one of their matchLabels (a budget selects only pods with every one of them); `selectsPods` decides.
 */
export function budgetLookup(
  budgets: readonly BudgetObject[],
): (namespace: string | null, pod: Readonly<Record<string, string>>) => BudgetObject[] {
  const byNamespace = new Map<
    string | null,
    { readonly any: number[]; readonly byLabel: Map<string, Map<string, number[]>> }
  >();
  budgets.forEach((b, i) => {
    // Without a selector a budget selects no pod.
    if (b.pdb.selector === null) return;
    let ns = byNamespace.get(b.pdb.namespace);
    if (!ns) byNamespace.set(b.pdb.namespace, (ns = { any: [], byLabel: new Map() }));
    const first = Object.entries(b.pdb.selector.matchLabels)[0];
    if (!first) {
      ns.any.push(i);
      return;
    }
    let values = ns.byLabel.get(first[0]);
    if (!values) ns.byLabel.set(first[0], (values = new Map()));
    const list = values.get(first[1]);
    if (list) list.push(i);
    else values.set(first[1], [i]);
  });
  return (namespace, pod) => {
    const ns = byNamespace.get(namespace);
    if (!ns) return [];
    const found = new Set(ns.any);
    for (const [key, values] of ns.byLabel) {
      const value = pod[key];
      if (value !== undefined) values.get(value)?.forEach((i) => found.add(i));
    }
    return [...found]
      .sort((a, b) => a - b)
      .map((i) => budgets[i]!)
      .filter((b) => selectsPods(b.pdb, pod));
  };
}

export function disruptionBudgetFindings(catalog: Catalog, objects: readonly K8sObject[]): Finding[] {
  const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => ({ o, pdb: readPdb(o) }));
  const budgetsOf = budgetLookup(budgets);
  const out: Finding[] = [];
  for (const w of plannedWorkloads(catalog, objects)) {
    const n = w.minReplicas;
    const minReady = w.tier.policy.minReplicas;
    const mine = budgetsOf(w.namespace, w.podLabels);
    const base = { entry: w.entry, policy: policyOf(w) };
    const deployment = `Deployment ${w.deployment.name}`;
    const report = (where: K8sObject, found: string, fix: string) =>
      out.push(
        finding('disruption-budget', {
          ...base,
          where: describeWhere(whereOf(where)),
          message: `${w.entry}: ${deployment} ${found}; ${base.policy} is required`,
          fix,
        }),
      );
    const fixValue = n < 2 ? 'raise the HPA minReplicas to at least 2, then ' : '';
    const wanted = `${fixValue}give ${deployment} one policy/v1 PodDisruptionBudget with its selector and maxUnavailable ${mostEvictions(Math.max(n, 2), minReady)}`;
    if (mine.length === 0) {
      report(
        w.deployment,
        'has no PodDisruptionBudget selecting its pods: a drain may evict all of them at once',
        wanted,
      );
      continue;
    }
    if (mine.length > 1) {
      const names = mine.map((b) => b.o.name).join(', ');
      report(
        mine[0]!.o,
        `has ${mine.length} PodDisruptionBudgets selecting its pods (${names}): the Eviction API refuses to evict a pod under more than one, so every eviction fails`,
        `keep one budget for ${deployment}`,
      );
      continue;
    }
    const { o, pdb } = mine[0]!;
    if (pdb.problems.length > 0) {
      report(o, `has PodDisruptionBudget ${o.name} with ${pdb.problems.join('; ')}`, wanted);
      continue;
    }
    const allowed = allowedEvictions(pdb, n);
    const budget = `PodDisruptionBudget ${o.name} (${describeBudget(pdb)})`;
    if (n < 2) {
      report(
        o,
        `keeps ${n} replica at its HPA minimum, so ${budget} either blocks every eviction or allows all of them`,
        wanted,
      );
    } else if (allowed === 0) {
      report(
        o,
        `is guarded by ${budget}, which allows no eviction at the HPA minimum ${n}: a node drain never finishes`,
        wanted,
      );
    } else if (allowed >= n) {
      report(o, `is guarded by ${budget}, which allows evicting all ${n} pods at the HPA minimum at once`, wanted);
    } else if (allowed > mostEvictions(n, minReady)) {
      report(
        o,
        `is guarded by ${budget}, which allows ${allowed} evictions at the HPA minimum ${n}, leaving ${n - allowed} ready, fewer than the tier's ${minReady}`,
        wanted,
      );
    }
  }
  return out;
}
