/**
 * The Deployments the tier policies speak about: each one labelled `dr/service` (or `dr/asset`, a cache) with a
 * catalog id, with the tier that entry is in, the HPA that scales it and the minimum it keeps (the HPA's
 * `minReplicas`, or the fixed `replicas` without an HPA), read as `k8s-workload` reads it.
 */
import { type Catalog, type Tier, tierOf } from '../../catalog';
import { LABEL } from '../../names';
import { at, podLabels } from '../manifest-json';
import { hpaLookup, readWorkload } from '../readers/workload';
import type { K8sObject } from '../types';

export interface PlannedWorkload {
  /** The catalog id: a service, or an asset such as a `redis-cache`. */
  readonly entry: string;
  readonly tier: Tier;
  readonly deployment: K8sObject;
  readonly hpa: K8sObject | undefined;
  /** What the workload keeps at its lowest: the HPA minimum, or the fixed replica count. */
  readonly minReplicas: number;
  readonly namespace: string | null;
  readonly podLabels: Readonly<Record<string, string>>;
}

export function plannedWorkloads(catalog: Catalog, objects: readonly K8sObject[]): PlannedWorkload[] {
  const tiers = new Map([...catalog.services, ...catalog.assets].map((e) => [e.id, e.tier] as const));
  const services = new Set(catalog.services.map((s) => s.id));
  const assets = new Set(catalog.assets.map((a) => a.id));
  const out: PlannedWorkload[] = [];
  const hpaFor = hpaLookup(objects);
  for (const o of objects) {
    if (o.kind !== 'Deployment') continue;
    const service = o.labels[LABEL.service];
    const asset = o.labels[LABEL.asset];
    // A label naming no catalog entry is DR-UNKNOWN-ENTRY's business.
    const entry =
      service !== undefined && services.has(service)
        ? service
        : asset !== undefined && assets.has(asset)
          ? asset
          : undefined;
    if (entry === undefined) continue;
    const hpa = hpaFor(o);
    const namespace = at(o.doc, 'metadata', 'namespace');
    out.push({
      entry,
      tier: tierOf(catalog, tiers.get(entry)!),
      deployment: o,
      hpa,
      minReplicas: readWorkload(o, hpa).minReplicas,
      namespace: typeof namespace === 'string' ? namespace : null,
      podLabels: podLabels(o),
    });
  }
  return out;
}

/** `tier-1 policy minReplicas 2`: how findings name the requirement. */
export function minReplicasPolicy(tier: Tier): string {
  return `${tier.id} policy minReplicas ${tier.policy.minReplicas}`;
}
