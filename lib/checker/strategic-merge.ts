/**
 * The strategic-merge patch kustomize applies to a Deployment (`patches:` of a kustomization or component), for the
 * fields a DR overlay patches: maps merge key by key, `null` removes a key, a list of containers (and the other lists
 * the Kubernetes API gives a merge key, below) merges its items by that key, and any other list is replaced whole.
 * Directives (`$patch`, `$setElementOrder`) are not interpreted: the overlays written here use none.
 */
import { isRecord } from './cfn';

/** The merge key of the pod-spec lists the API marks `patchStrategy: merge` (k8s.io/api core/v1 types.go). */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
  ports: 'containerPort',
  topologySpreadConstraints: 'topologyKey',
  imagePullSecrets: 'name',
};

/** `base` with `patch` applied; neither is modified. */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (!isRecord(patch) || !isRecord(base)) return clone(patch);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (Array.isArray(value) && Array.isArray(base[key]) && MERGE_KEYS[key])
      out[key] = mergeList(base[key] as unknown[], value, MERGE_KEYS[key]);
    else out[key] = key in base ? strategicMerge(base[key], value) : clone(value);
  }
  return out;
}

/** Items of the patch merge into the base's item with the same key, or are appended after the base's items. */
function mergeList(base: readonly unknown[], patch: readonly unknown[], key: string): unknown[] {
  const out = base.map(clone);
  for (const item of patch) {
    const i = isRecord(item) ? out.findIndex((b) => isRecord(b) && b[key] === item[key]) : -1;
    if (i >= 0) out[i] = strategicMerge(out[i], item);
    else out.push(clone(item));
  }
  return out;
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
  return v;
}
