/**
 * The replacement gate for Kubernetes state: a StatefulSet's PersistentVolumeClaims hold its data, and a change to the
 * StatefulSet's namespace or name, or to its volumeClaimTemplates (immutable: applying one means deleting and
 * recreating the StatefulSet), brings pods up on new, empty claims while the old ones stay behind, unused. Standalone
 * PersistentVolumeClaims that move or disappear are orphaned the same way. Objects are matched by kind, namespace and
 * name, as the API server identifies them.
 */
import type { K8sObject } from '../checker';
import type { Replacement } from './replacement';

interface ClaimTemplate {
  readonly name: string;
  readonly storageClassName: string | null;
  readonly accessModes: string;
  readonly storage: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function namespaceOf(o: K8sObject): string {
  const m = isRecord(o.doc.metadata) ? o.doc.metadata : {};
  return typeof m.namespace === 'string' ? m.namespace : 'default';
}

function templatesOf(o: K8sObject): ClaimTemplate[] {
  const spec = isRecord(o.doc.spec) ? o.doc.spec : {};
  const list = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
  return list.filter(isRecord).map((t) => {
    const meta = isRecord(t.metadata) ? t.metadata : {};
    const s = isRecord(t.spec) ? t.spec : {};
    const requests = isRecord(s.resources) && isRecord(s.resources.requests) ? s.resources.requests : {};
    return {
      name: typeof meta.name === 'string' ? meta.name : '',
      storageClassName: typeof s.storageClassName === 'string' ? s.storageClassName : null,
      accessModes: Array.isArray(s.accessModes) ? s.accessModes.join(',') : '',
      storage: requests.storage === undefined ? null : String(requests.storage),
    };
  });
}

function replicasOf(o: K8sObject): number {
  const spec = isRecord(o.doc.spec) ? o.doc.spec : {};
  return typeof spec.replicas === 'number' && Number.isInteger(spec.replicas) && spec.replicas >= 0
    ? Math.min(spec.replicas, 1000)
    : 1;
}

/** The claims a StatefulSet's controller creates: `<template>-<statefulset>-<ordinal>`. */
export function claimsOf(o: K8sObject): string[] {
  const n = replicasOf(o);
  return templatesOf(o).flatMap((t) => Array.from({ length: n }, (_, i) => `${t.name}-${o.name}-${i}`));
}

function templateChanges(before: ClaimTemplate[], after: ClaimTemplate[]): string[] {
  const out: string[] = [];
  const byName = new Map(after.map((t) => [t.name, t]));
  for (const b of before) {
    const a = byName.get(b.name);
    if (!a) {
      out.push(`claim template ${b.name} removed or renamed`);
      continue;
    }
    for (const key of ['storageClassName', 'accessModes', 'storage'] as const) {
      if (a[key] !== b[key]) out.push(`${b.name}.${key} ${b[key] ?? '(default)'} → ${a[key] ?? '(default)'}`);
    }
  }
  for (const a of after) if (!before.some((b) => b.name === a.name)) out.push(`claim template ${a.name} added`);
  return out;
}

const key = (o: K8sObject) => `${o.kind}/${namespaceOf(o)}/${o.name}`;

export function kubernetesReplacements(base: readonly K8sObject[], head: readonly K8sObject[]): Replacement[] {
  const out: Replacement[] = [];
  const heads = new Map(head.map((o) => [key(o), o]));
  for (const b of base) {
    if (b.kind === 'StatefulSet' && templatesOf(b).length > 0) {
      const claims = claimsOf(b);
      const where = { stack: `kubernetes:${namespaceOf(b)}`, logicalId: b.name, type: 'StatefulSet' };
      const h = heads.get(key(b));
      if (h) {
        const changes = templateChanges(templatesOf(b), templatesOf(h));
        if (changes.length > 0) {
          out.push({
            ...where,
            impact: 'replace',
            claims,
            reason: `volumeClaimTemplates are immutable: applying ${changes.join('; ')} deletes and recreates the StatefulSet`,
          });
        }
        continue;
      }
      // Found elsewhere: same name in another namespace, or the same asset under another name.
      const moved = head.find((o) => o.kind === 'StatefulSet' && o.name === b.name);
      const renamed = head.find(
        (o) =>
          o.kind === 'StatefulSet' &&
          namespaceOf(o) === namespaceOf(b) &&
          b.labels['dr/asset'] !== undefined &&
          o.labels['dr/asset'] === b.labels['dr/asset'],
      );
      const what = moved
        ? `namespace ${namespaceOf(b)} → ${namespaceOf(moved)}`
        : renamed
          ? `renamed to ${renamed.name}`
          : 'removed';
      out.push({
        ...where,
        impact: 'orphan',
        claims,
        reason: `${what}: its claims stay in ${namespaceOf(b)}, unused${moved || renamed ? ', and the new StatefulSet starts on new, empty ones' : ''}`,
      });
    } else if (b.kind === 'PersistentVolumeClaim' && !heads.has(key(b))) {
      out.push({
        stack: `kubernetes:${namespaceOf(b)}`,
        logicalId: b.name,
        type: 'PersistentVolumeClaim',
        impact: 'orphan',
        claims: [b.name],
        reason: 'removed or moved: its volume is no longer claimed by what the manifests deploy',
      });
    }
  }
  return out;
}
