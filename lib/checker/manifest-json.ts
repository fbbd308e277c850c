/** Reading Kubernetes objects as plain JSON: nested fields, the pod template of a controller, its containers. */
import { isRecord } from './cfn';
import type { K8sObject } from './types';

export function at(v: unknown, ...path: (string | number)[]): unknown {
  let x = v;
  for (const key of path) {
    if (typeof key === 'number') x = Array.isArray(x) ? x[key] : undefined;
    else x = isRecord(x) ? x[key] : undefined;
  }
  return x;
}

export function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** The pod spec of a Deployment or StatefulSet (spec.template.spec) or of a CronJob's job template. */
export function podSpec(o: K8sObject): Record<string, unknown> {
  const spec =
    o.kind === 'CronJob'
      ? at(o.doc, 'spec', 'jobTemplate', 'spec', 'template', 'spec')
      : at(o.doc, 'spec', 'template', 'spec');
  return isRecord(spec) ? spec : {};
}

export function podLabels(o: K8sObject): Record<string, string> {
  const labels = at(o.doc, 'spec', 'template', 'metadata', 'labels');
  return isRecord(labels)
    ? (Object.fromEntries(Object.entries(labels).filter(([, v]) => typeof v === 'string')) as Record<string, string>)
    : {};
}

export function containers(o: K8sObject): Record<string, unknown>[] {
  return records(podSpec(o).containers);
}

export function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}
