/**
 * `storage.k8s.io/v1 StorageClass` labelled `dr/asset` → the tags the EBS CSI driver puts on every volume it creates
 * (`parameters.tagSpecification_N: "key=value"`), which a backup selection's tag conditions are matched against.
 */
import { isRecord } from '../cfn';
import type { K8sObject } from '../types';

export function volumeTags(storageClass: K8sObject): Record<string, string> {
  const parameters = storageClass.doc.parameters;
  const tags: Record<string, string> = {};
  if (!isRecord(parameters)) return tags;
  for (const [key, value] of Object.entries(parameters)) {
    if (!/^tagSpecification_\d+$/.test(key) || typeof value !== 'string') continue;
    const eq = value.indexOf('=');
    if (eq > 0) tags[value.slice(0, eq).trim()] = value.slice(eq + 1).trim();
  }
  return tags;
}
