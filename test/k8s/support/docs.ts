/** Helpers to read Kubernetes documents (plain JSON) in tests: pod templates, containers, selectors. */
import { manifestFiles, manifests } from '../../support/synthesized';

/** Parsed YAML is untyped; the one `any` of the k8s tests, so assertions can walk documents without casts. */
export type Doc = Record<string, any>;

/** Every document of every synthesized chart, with the file it came from. */
export function allDocs(): { file: string; doc: Doc }[] {
  return manifestFiles().flatMap((file) => manifests(file).map((doc) => ({ file, doc: doc as Doc })));
}

export const name = (d: Doc): string => d.metadata?.name;
export const labels = (d: Doc): Record<string, string> => d.metadata?.labels ?? {};
export const ofKind = (docs: readonly Doc[], kind: string) => docs.filter((d) => d.kind === kind);

/** The pod template of a workload (Deployment, StatefulSet, Job, CronJob), if it has one. */
export function podTemplate(d: Doc): Doc | undefined {
  if (d.kind === 'CronJob') return d.spec?.jobTemplate?.spec?.template;
  if (['Deployment', 'StatefulSet', 'Job', 'DaemonSet'].includes(d.kind)) return d.spec?.template;
  return undefined;
}

export function containers(d: Doc): Doc[] {
  const spec = podTemplate(d)?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}

/** Whether a label selector (matchLabels and matchExpressions with In) selects these labels. */
export function selects(selector: Doc | undefined, podLabels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => podLabels[k] === v);
  const byExpr = (selector.matchExpressions ?? []).every(
    (e: Doc) => e.operator === 'In' && (e.values as string[]).includes(podLabels[e.key] ?? ''),
  );
  return byLabels && byExpr;
}

/** Long-running workloads: what probes, spread and disruption budgets are about. */
export const isServing = (d: Doc) => d.kind === 'Deployment' || d.kind === 'StatefulSet';

/** The HPA that scales a Deployment, if any. */
export function hpaFor(docs: readonly Doc[], deployment: Doc): Doc | undefined {
  return ofKind(docs, 'HorizontalPodAutoscaler').find(
    (h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name(deployment),
  );
}

/** The replicas always present: the HPA minimum for a Deployment, `replicas` for a StatefulSet. */
export function floorReplicas(docs: readonly Doc[], workload: Doc): number | undefined {
  return workload.kind === 'Deployment' ? hpaFor(docs, workload)?.spec.minReplicas : workload.spec.replicas;
}

/** Evictions a PDB allows when `replicas` pods are healthy (K8S-6), for integer or percentage budgets. */
export function allowedDisruptions(pdb: Doc, replicas: number): number {
  const value = (v: number | string, roundUp: boolean) =>
    typeof v === 'number' ? v : (roundUp ? Math.ceil : Math.floor)((Number(v.replace('%', '')) / 100) * replicas);
  if (pdb.spec.maxUnavailable !== undefined) return Math.min(replicas, value(pdb.spec.maxUnavailable, true));
  if (pdb.spec.minAvailable !== undefined) return Math.max(0, replicas - value(pdb.spec.minAvailable, true));
  return 0;
}
