/**
 * `apps/v1 Deployment` (or StatefulSet) + the `autoscaling/v2 HorizontalPodAutoscaler` that targets it → `k8s-workload`
 * (docs/artifacts.md): the HPA minimum (K8S-3 default 1) or the fixed replica count, probes with their defaults
 * (K8S-7), zone spread that holds (DoNotSchedule on topology.kubernetes.io/zone, K8S-11) and the toleration of the
 * unreachable/not-ready taints (K8S-16 default 300 s).
 */
import { factValue, type ProbeSpec, type SpecOf } from '../../model';
import { isRecord } from '../cfn';
import { at, containers, int, podLabels, podSpec, records } from '../manifest-json';
import type { K8sObject } from '../types';

type Workload = SpecOf<'k8s-workload'>;
const ZONE = 'topology.kubernetes.io/zone';
const TAINTS = ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'];
/** A toleration without tolerationSeconds keeps pods on a dead node for ever; a century stands in for that. */
export const FOREVER_SECONDS = 100 * 365 * 86400;

function probe(v: unknown): ProbeSpec | null {
  if (!isRecord(v)) return null;
  return {
    periodSeconds: int(v.periodSeconds) ?? factValue('K8S-7'),
    failureThreshold: int(v.failureThreshold) ?? factValue('K8S-7', 'failureThreshold'),
    timeoutSeconds: int(v.timeoutSeconds) ?? factValue('K8S-7', 'timeoutSeconds'),
  };
}

/** A pod is ready only when every container is: without a probe on every container, there is none. */
function podProbe(o: K8sObject, key: string): ProbeSpec | null {
  const probes = containers(o).map((c) => probe(c[key]));
  if (probes.length === 0 || probes.some((p) => p === null)) return null;
  const detection = (p: ProbeSpec) => p.failureThreshold * p.periodSeconds + p.timeoutSeconds;
  return (probes as ProbeSpec[]).sort((a, b) => detection(b) - detection(a))[0]!;
}

/** A zone constraint counts when it cannot be skipped and selects the workload's own pods. */
export function zoneSpread(o: K8sObject): Workload['zoneSpread'] {
  const labels = podLabels(o);
  const constraint = records(podSpec(o).topologySpreadConstraints).find((c) => {
    const match = at(c, 'labelSelector', 'matchLabels');
    const selectsOwnPods = isRecord(match) && Object.entries(match).every(([k, v]) => labels[k] === v);
    return c.topologyKey === ZONE && (c.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule' && selectsOwnPods;
  });
  if (!constraint) return null;
  return {
    maxSkew: int(constraint.maxSkew) ?? 1,
    nodeTaintsPolicy: constraint.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
  };
}

/** The longer of the unreachable and not-ready tolerations: pods stay on a dead node that long. */
export function tolerationSeconds(o: K8sObject): number {
  const tolerations = records(podSpec(o).tolerations);
  const seconds = TAINTS.map((taint) => {
    const t = tolerations.find(
      (x) =>
        (x.key === taint || (x.key === undefined && x.operator === 'Exists')) &&
        (x.effect === undefined || x.effect === 'NoExecute'),
    );
    if (!t) return factValue('K8S-16');
    return int(t.tolerationSeconds) ?? FOREVER_SECONDS;
  });
  return Math.max(...seconds);
}

export function readWorkload(controller: K8sObject, hpa: K8sObject | undefined): Workload {
  const fixed = int(at(controller.doc, 'spec', 'replicas')) ?? factValue('K8S-3');
  const minReplicas = hpa ? (int(at(hpa.doc, 'spec', 'minReplicas')) ?? factValue('K8S-3')) : fixed;
  return {
    id: 'k8s-workload',
    controller: controller.kind === 'StatefulSet' ? 'StatefulSet' : 'Deployment',
    minReplicas,
    zoneSpread: zoneSpread(controller),
    readiness: podProbe(controller, 'readinessProbe'),
    liveness: podProbe(controller, 'livenessProbe'),
    startup: podProbe(controller, 'startupProbe'),
    unreachableTolerationSeconds: tolerationSeconds(controller),
  };
}

/** Whether an object is an HPA whose scaleTargetRef names the controller. */
function scales(o: K8sObject, controller: K8sObject): boolean {
  return (
    o.kind === 'HorizontalPodAutoscaler' &&
    at(o.doc, 'spec', 'scaleTargetRef', 'kind') === controller.kind &&
    at(o.doc, 'spec', 'scaleTargetRef', 'name') === controller.name &&
    (at(o.doc, 'metadata', 'namespace') ?? null) === (at(controller.doc, 'metadata', 'namespace') ?? null)
  );
}

/** The HPA whose scaleTargetRef names the controller (the first one). */
export function hpaFor(controller: K8sObject, objects: readonly K8sObject[]): K8sObject | undefined {
  return objects.find((o) => scales(o, controller));
}

/** `hpaFor` over the same objects for many controllers: the HPAs indexed once by the kind and name they target. */
export function hpaLookup(objects: readonly K8sObject[]): (controller: K8sObject) => K8sObject | undefined {
  const byTarget = new Map<string, Map<string, K8sObject[]>>();
  for (const o of objects) {
    if (o.kind !== 'HorizontalPodAutoscaler') continue;
    const kind = at(o.doc, 'spec', 'scaleTargetRef', 'kind');
    const name = at(o.doc, 'spec', 'scaleTargetRef', 'name');
    // A controller's kind and name are strings: an HPA naming anything else targets none.
    if (typeof kind !== 'string' || typeof name !== 'string') continue;
    let names = byTarget.get(kind);
    if (!names) byTarget.set(kind, (names = new Map()));
    const list = names.get(name);
    if (list) list.push(o);
    else names.set(name, [o]);
  }
  return (controller) =>
    byTarget
      .get(controller.kind)
      ?.get(controller.name)
      ?.find((o) => scales(o, controller));
}
