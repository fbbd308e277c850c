/**
 * DR-MIN-REPLICAS: a service's (or a cache's) Deployment keeps at least its tier's `policy.minReplicas` — the targets
 * document's "HPA is configured with minimum replicas of 2 per Tier 1 service". The minimum is read from the HPA (or
 * the fixed `replicas`); the tier only says what is required.
 */
import type { Catalog } from '../../catalog';
import { whereOf } from '../read-kubernetes';
import { finding, type Finding } from '../findings';
import { describeWhere, type K8sObject } from '../types';
import { minReplicasPolicy, plannedWorkloads } from './workloads';

export function minReplicasFindings(catalog: Catalog, objects: readonly K8sObject[]): Finding[] {
  const out: Finding[] = [];
  for (const w of plannedWorkloads(catalog, objects)) {
    const required = w.tier.policy.minReplicas;
    if (w.minReplicas >= required) continue;
    const source = w.hpa
      ? `HorizontalPodAutoscaler ${w.hpa.name}: minReplicas ${w.minReplicas}`
      : `no HPA, replicas ${w.minReplicas}`;
    const where = describeWhere(whereOf(w.hpa ?? w.deployment));
    out.push(
      finding('min-replicas', {
        entry: w.entry,
        policy: minReplicasPolicy(w.tier),
        where,
        message:
          `${w.entry}: Deployment ${w.deployment.name} keeps as few as ${w.minReplicas} replica(s) (${source}); ` +
          `${minReplicasPolicy(w.tier)} requires at least ${required}`,
        fix: w.hpa
          ? `set spec.minReplicas of HorizontalPodAutoscaler ${w.hpa.name} to ${required} or more (synthesize again from the catalog)`
          : `add a HorizontalPodAutoscaler for Deployment ${w.deployment.name} with minReplicas ${required} or more`,
      }),
    );
  }
  return out;
}
