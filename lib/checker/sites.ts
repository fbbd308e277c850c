/**
 * The two sites a catalog's manifests are for: the primary cluster's, and, with a pilot light, the DR Region's standby
 * cluster's, whose objects carry `dr/site: dr` (k8s/context.ts `siteLabels`). The sites share names and a namespace, so
 * every reading and rule that joins objects (an HPA to its Deployment, a budget to its pods) runs within one site.
 */
import { LABEL } from '../names';
import { at } from './manifest-json';
import type { K8sObject } from './types';

export function bySite(objects: readonly K8sObject[]): { primary: K8sObject[]; dr: K8sObject[] } {
  const primary: K8sObject[] = [];
  const dr: K8sObject[] = [];
  for (const o of objects) (o.labels[LABEL.site] === 'dr' ? dr : primary).push(o);
  return { primary, dr };
}

/**
 * Per secret asset, the Regions whose ExternalSecrets read it in the DR site: an ExternalSecret labelled with the asset
 * whose SecretStore (same namespace, by name) reads Secrets Manager in a Region.
 */
export function secretReads(drObjects: readonly K8sObject[]): Map<string, string[]> {
  const stores = new Map<string, string>();
  for (const o of drObjects) {
    const region = at(o.doc, 'spec', 'provider', 'aws', 'region');
    if (o.kind === 'SecretStore' && typeof region === 'string') stores.set(storeKey(o, o.name), region);
  }
  const out = new Map<string, string[]>();
  for (const o of drObjects) {
    const asset = o.labels[LABEL.asset];
    const ref = at(o.doc, 'spec', 'secretStoreRef', 'name');
    if (o.kind !== 'ExternalSecret' || asset === undefined || typeof ref !== 'string') continue;
    const region = stores.get(storeKey(o, ref));
    if (region !== undefined) out.set(asset, [...new Set([...(out.get(asset) ?? []), region])].sort());
  }
  return out;
}

function storeKey(o: K8sObject, name: string): string {
  return `${String(at(o.doc, 'metadata', 'namespace') ?? '')}/${name}`;
}
