/**
 * `workload: overlay` services: the team ships its own Deployment and the charts write only the DR parts — an HPA and a
 * PodDisruptionBudget applied with the other charts, and a kustomize component (`overlays/<service>/`) whose
 * strategic-merge patch gives the team's Deployment the plan's probe timings, zone spread, tolerations, priority class
 * and `dr/*` labels. The checker grades what the cluster would run: the team's Deployment (read from the catalog's
 * `deployment.manifests` folder) with the rendered patch applied, in place of the patch; the component's own files
 * are not objects of the cluster. What the patch cannot make whole is a `DR-OVERLAY` finding: no team Deployment of
 * that name, no container of that name, or a probe the patch times but the team's container does not have (a probe
 * with timings and no handler is no probe: the API server refuses it, and the reader counts it as missing). The team's
 * own tolerations, which the patch replaces, are a warning (`DR-OVERLAY-TOLERATIONS`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { FILE_LIMITS, FileReadError, readTextFile, type Catalog, type Service } from '../catalog';
import { LABEL, OVERLAY } from '../names';
import { isRecord } from './cfn';
import { InputError } from './errors';
import { finding, type Finding } from './findings';
import { parseManifestText } from './load';
import { at, records } from './manifest-json';
import { strategicMerge } from './strategic-merge';
import type { K8sObject } from './types';

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;

/** Whether a manifest file is part of an overlay's component rather than an object applied to the cluster. */
export function isOverlayFile(file: string): boolean {
  return file.startsWith(`${OVERLAY.dir}/`);
}

/** The folder of the team's manifests a service names, resolved against the catalog's folder. */
export function teamManifestDir(catalog: Catalog, service: Service): string | undefined {
  const dir = service.deployment?.manifests;
  return dir === undefined ? undefined : resolve(dirname(catalog.file), dir);
}

/**
 * The YAML files of every folder the catalog's overlay services name (each folder read once, not recursively), their
 * objects' `file` relative to the catalog's folder. A folder that does not exist is an input error.
 */
export function loadTeamManifests(catalog: Catalog): K8sObject[] {
  const problems: string[] = [];
  const dirs = new Set(catalog.services.flatMap((s) => teamManifestDir(catalog, s) ?? []));
  const objects = [...dirs].sort().flatMap((dir) => {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push(`${dir}: no such directory (a service's deployment.manifests in ${catalog.file})`);
      return [];
    }
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .flatMap((f) => {
        const file = join(dir, f);
        try {
          return parseManifestText(file, readTextFile(file, FILE_LIMITS.manifest), problems).map((o) => ({
            ...o,
            file: relative(dirname(resolve(catalog.file)), file),
          }));
        } catch (e) {
          if (!(e instanceof FileReadError)) throw e;
          problems.push(e.message);
          return [];
        }
      });
  });
  if (problems.length > 0) throw new InputError(problems);
  return objects;
}

export interface OverlaidManifests {
  /** The objects the cluster would run: the charts' applied files, each team Deployment with its patch applied. */
  readonly objects: readonly K8sObject[];
  readonly findings: readonly Finding[];
}

/** A value as JSON with its keys sorted: two tolerations written in another key order are the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isRecord(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** `key=value:Effect` as kubectl writes a taint. */
function tolerationText(t: Record<string, unknown>): string {
  const key = typeof t.key === 'string' ? t.key : '*';
  const value = typeof t.value === 'string' ? `=${t.value}` : '';
  return `${key}${value}${typeof t.effect === 'string' ? `:${t.effect}` : ''}`;
}

function hasHandler(probe: unknown): boolean {
  return isRecord(probe) && HANDLERS.some((h) => probe[h] !== undefined);
}

/** The charts' objects with each overlay patch applied to the team's Deployment it names. */
export function applyOverlays(
  catalog: Catalog,
  manifests: readonly K8sObject[],
  team: readonly K8sObject[],
): OverlaidManifests {
  const objects = manifests.filter((o) => !isOverlayFile(o.file));
  const findings: Finding[] = [];
  const patches = manifests.filter((o) => isOverlayFile(o.file) && o.kind === 'Deployment');
  for (const service of catalog.services) {
    if (service.workload !== 'overlay') continue;
    const patch = patches.find((p) => p.labels[LABEL.service] === service.id);
    // Without its patch the service is implemented by nothing: the join reports it (DR-UNIMPLEMENTED).
    if (!patch) continue;
    const where = `${patch.file}: Deployment/${patch.name}`;
    const fail = (message: string, fix: string) =>
      findings.push(
        finding('overlay', { entry: service.id, where, message: `service ${service.id}: ${message}`, fix }),
      );
    const folder = service.deployment?.manifests;
    const base = team.find((o) => o.kind === 'Deployment' && o.name === patch.name);
    if (!base) {
      fail(
        folder === undefined
          ? `workload overlay patches the team's Deployment ${patch.name}, and no deployment.manifests folder is given to read it from`
          : `workload overlay patches the team's Deployment ${patch.name}, which ${folder} does not hold`,
        `set services[${service.id}].deployment.manifests to the folder of the team's Deployment manifests, or deployment.name to its name`,
      );
      continue;
    }
    // As kustomize applies a targeted patch: with the target's name and namespace, whatever the patch says.
    const namespace = catalog.environment.kubernetes.namespace;
    const own = at(base.doc, 'metadata', 'namespace');
    if (own !== undefined && own !== namespace) {
      fail(
        `the team's Deployment ${base.name} (${base.file}) is in namespace ${String(own)}; its HPA and PodDisruptionBudget are in ${namespace}`,
        `deploy it in ${namespace} (environment.kubernetes.namespace), or leave its namespace to the kustomization`,
      );
      continue;
    }
    const patchDoc = { ...patch.doc, metadata: { ...(isRecord(patch.doc.metadata) ? patch.doc.metadata : {}) } };
    delete (patchDoc.metadata as Record<string, unknown>).namespace;
    const merged = strategicMerge(base.doc, patchDoc) as Record<string, unknown>;
    // A Deployment without a namespace is applied into the charts' one (the kustomization's or kubectl's -n).
    const doc = { ...merged, metadata: { ...(isRecord(merged.metadata) ? merged.metadata : {}), namespace } };
    const baseContainers = records(at(base.doc, 'spec', 'template', 'spec', 'containers'));
    const patched = records(at(patch.doc, 'spec', 'template', 'spec', 'containers'));
    // The probes the plan times: the reader counts a pod as probed only when every container is (readers/workload.ts).
    const timed = PROBES.filter((key) => patched.some((c) => c[key] !== undefined));
    const names = new Set(patched.map((c) => c.name));
    for (const c of records(at(doc, 'spec', 'template', 'spec', 'containers'))) {
      const name = String(c.name);
      if (!baseContainers.some((b) => b.name === c.name)) {
        fail(
          `the team's Deployment ${base.name} (${base.file}) has no container ${name} for the overlay to patch`,
          `set services[${service.id}].deployment.container to the name of its application container`,
        );
        continue;
      }
      for (const key of timed) {
        if (hasHandler(c[key])) continue;
        // A probe with timings and no handler is none: the API server refuses it, and the model grades it missing.
        delete c[key];
        fail(
          `container ${name} of the team's Deployment ${base.name} (${base.file}) has no ${key}; ` +
            (names.has(c.name)
              ? 'the overlay sets only its timings'
              : 'without one on every container the pod has none'),
          `add a ${key} with a handler to container ${name} of the team's Deployment (for the application: ` +
            'httpGet on <healthPath>/ready for readiness, <healthPath>/live for liveness and startup)',
        );
      }
    }
    // Tolerations are replaced whole: the team's own ones the patch does not repeat are gone from the cluster's pods.
    const patchTolerations = records(at(patch.doc, 'spec', 'template', 'spec', 'tolerations'));
    if (at(patch.doc, 'spec', 'template', 'spec', 'tolerations') !== undefined) {
      const dropped = records(at(base.doc, 'spec', 'template', 'spec', 'tolerations')).filter(
        (t) => !patchTolerations.some((p) => canonical(p) === canonical(t)),
      );
      if (dropped.length > 0)
        findings.push(
          finding('overlay-tolerations', {
            entry: service.id,
            where,
            message:
              `service ${service.id}: the overlay's patch replaces the tolerations of the team's Deployment ${base.name} ` +
              `(${base.file}); its own are dropped: ${dropped.map(tolerationText).join(', ')}`,
            fix:
              "list them again after the component (a later patch in the team's kustomization setting every " +
              "toleration, the overlay's included), or remove them from the Deployment",
          }),
        );
    }
    const labels = at(doc, 'metadata', 'labels');
    objects.push({
      file: `${base.file} + ${patch.file}`,
      index: base.index,
      kind: 'Deployment',
      name: base.name,
      labels: Object.fromEntries(
        Object.entries(isRecord(labels) ? labels : {}).filter(([, v]) => typeof v === 'string'),
      ) as Record<string, string>,
      doc,
    });
  }
  return { objects, findings };
}
