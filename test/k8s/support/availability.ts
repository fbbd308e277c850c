/**
 * Availability and hardening checks over a set of manifests, in the spirit of Polaris and kube-score: each is a pure
 * function of all documents that returns findings (empty when compliant), with a stable id.
 */
import { MONITORING } from '../../../k8s/context';
import { NODE_LOSS_TAINTS, ZONE_KEY } from '../../../k8s/pod';
import {
  allowedDisruptions,
  containers,
  floorReplicas,
  hpaFor,
  isServing,
  labels,
  name,
  ofKind,
  podTemplate,
  selects,
  type Doc,
} from './docs';

export interface Check {
  readonly id: string;
  readonly title: string;
  check(docs: readonly Doc[]): string[];
}

const where = (d: Doc) => `${d.kind}/${name(d)}`;
/** What a probe asks, without its timings. */
const probeAction = (p: Doc) => ({ httpGet: p.httpGet, exec: p.exec, tcpSocket: p.tcpSocket, grpc: p.grpc });
const workloads = (docs: readonly Doc[]) => docs.filter((d) => podTemplate(d) !== undefined);

/** Whether a NetworkPolicy peer is the monitoring namespace's Prometheus (both selectors, so no other pod there). */
const isPrometheus = (peer: Doc) =>
  peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === MONITORING.namespace &&
  Object.entries(MONITORING.podLabels).every(([k, v]) => peer.podSelector?.matchLabels?.[k] === v);

/** Peers the policies selecting these pods admit to a port (a rule without `ports` or `from` admits all of them). */
function peersOn(docs: readonly Doc[], podLabels: Record<string, string>, port: Doc): Doc[] {
  return ofKind(docs, 'NetworkPolicy')
    .filter((p) => selects(p.spec.podSelector, podLabels))
    .flatMap((p) => (p.spec.ingress ?? []) as Doc[])
    .filter((r) => !r.ports || (r.ports as Doc[]).some((x) => x.port === port.containerPort || x.port === port.name))
    .flatMap((r) => (r.from ?? [{}]) as Doc[]);
}

export const CHECKS: readonly Check[] = [
  {
    id: 'K8S-AV-1',
    title: 'every container requests CPU and memory and has a memory limit',
    check: (docs) =>
      workloads(docs).flatMap((d) =>
        containers(d)
          .filter((c) => !c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory)
          .map((c) => `${where(d)} container ${c.name} lacks requests or a memory limit`),
      ),
  },
  {
    id: 'K8S-AV-2',
    title: 'every serving container has readiness and liveness probes',
    check: (docs) =>
      docs
        .filter(isServing)
        .flatMap((d) =>
          (podTemplate(d)!.spec.containers as Doc[])
            .filter((c) => !c.readinessProbe || !c.livenessProbe)
            .map((c) => `${where(d)} container ${c.name} has no readiness or liveness probe`),
        ),
  },
  {
    id: 'K8S-AV-3',
    title: 'every image is pinned to a tag other than latest, or a digest',
    check: (docs) =>
      workloads(docs).flatMap((d) =>
        containers(d)
          .filter((c) => !/@sha256:|:[^/:]+$/.test(c.image) || /:latest$/.test(c.image))
          .map((c) => `${where(d)} image ${c.image} is not pinned`),
      ),
  },
  {
    id: 'K8S-AV-4',
    title: 'a Deployment has no fixed replicas and one autoscaling/v2 HPA with 2 ≤ min ≤ max',
    check: (docs) =>
      ofKind(docs, 'Deployment').flatMap((d) => {
        const hpa = hpaFor(docs, d);
        if (d.spec.replicas !== undefined) return [`${where(d)} fixes replicas; the HPA owns the count`];
        if (!hpa || hpa.apiVersion !== 'autoscaling/v2') return [`${where(d)} has no autoscaling/v2 HPA`];
        const { minReplicas: min, maxReplicas: max } = hpa.spec;
        return min >= 2 && min <= max ? [] : [`${where(d)} HPA min ${min}, max ${max}`];
      }),
  },
  {
    id: 'K8S-AV-5',
    title: 'a PDB selects every serving workload; at its floor it allows at least one eviction and never all',
    check: (docs) =>
      docs.filter(isServing).flatMap((d) => {
        const pdbs = ofKind(docs, 'PodDisruptionBudget').filter((p) =>
          selects(p.spec.selector, podTemplate(d)!.metadata.labels),
        );
        if (pdbs.length !== 1) return [`${where(d)} is selected by ${pdbs.length} PDBs`];
        if (pdbs[0]!.apiVersion !== 'policy/v1') return [`${where(d)} PDB is not policy/v1`];
        const floor = floorReplicas(docs, d) ?? 0;
        const allowed = allowedDisruptions(pdbs[0]!, floor);
        return allowed >= 1 && allowed < floor ? [] : [`${where(d)} PDB allows ${allowed} of ${floor} evictions`];
      }),
  },
  {
    id: 'K8S-AV-6',
    title: 'pods meet the restricted Pod Security Standard',
    check: (docs) =>
      workloads(docs).flatMap((d) => {
        const spec = podTemplate(d)!.spec;
        const pod = spec.securityContext ?? {};
        const found: string[] = [];
        if (pod.runAsNonRoot !== true) found.push(`${where(d)} does not set runAsNonRoot`);
        if (pod.seccompProfile?.type !== 'RuntimeDefault')
          found.push(`${where(d)} has no RuntimeDefault seccomp profile`);
        if (spec.hostNetwork || spec.hostPID || (spec.volumes ?? []).some((v: Doc) => v.hostPath))
          found.push(`${where(d)} uses the host`);
        for (const c of containers(d)) {
          const sc = c.securityContext ?? {};
          const dropsAll = (sc.capabilities?.drop ?? []).includes('ALL');
          if (
            sc.allowPrivilegeEscalation !== false ||
            !dropsAll ||
            sc.privileged ||
            sc.readOnlyRootFilesystem !== true
          ) {
            found.push(`${where(d)} container ${c.name} is not restricted`);
          }
        }
        return found;
      }),
  },
  {
    id: 'K8S-AV-7',
    title: 'serving workloads spread over zones with DoNotSchedule and nodeTaintsPolicy Honor',
    check: (docs) =>
      docs.filter(isServing).flatMap((d) => {
        const zone = (podTemplate(d)!.spec.topologySpreadConstraints ?? []).find(
          (t: Doc) => t.topologyKey === ZONE_KEY,
        );
        const ok =
          zone?.whenUnsatisfiable === 'DoNotSchedule' &&
          zone.nodeTaintsPolicy === 'Honor' &&
          selects(zone.labelSelector, podTemplate(d)!.metadata.labels);
        return ok ? [] : [`${where(d)} has no honoured zone spread on its own pods`];
      }),
  },
  {
    id: 'K8S-AV-8',
    title: 'Deployments tolerate node loss for a set time, only for NoExecute',
    check: (docs) =>
      ofKind(docs, 'Deployment').flatMap((d) => {
        const tolerations: Doc[] = podTemplate(d)!.spec.tolerations ?? [];
        return NODE_LOSS_TAINTS.flatMap((key) => {
          const t = tolerations.filter((x) => x.key === key);
          const ok = t.length === 1 && t[0]!.effect === 'NoExecute' && Number.isInteger(t[0]!.tolerationSeconds);
          return ok ? [] : [`${where(d)} toleration of ${key} is not one NoExecute with tolerationSeconds`];
        });
      }),
  },
  {
    id: 'K8S-AV-9',
    title: 'serving pods name a PriorityClass that the manifests define',
    check: (docs) => {
      const classes = ofKind(docs, 'PriorityClass').map(name);
      return docs
        .filter(isServing)
        .filter((d) => !classes.includes(podTemplate(d)!.spec.priorityClassName))
        .map((d) => `${where(d)} priority class ${podTemplate(d)!.spec.priorityClassName} is not defined`);
    },
  },
  {
    id: 'K8S-AV-10',
    title: 'pods run as a ServiceAccount the manifests define, never default',
    check: (docs) => {
      const accounts = ofKind(docs, 'ServiceAccount').map(name);
      return workloads(docs)
        .filter((d) => !accounts.includes(podTemplate(d)!.spec.serviceAccountName))
        .map((d) => `${where(d)} service account ${podTemplate(d)!.spec.serviceAccountName} is not defined`);
    },
  },
  {
    id: 'K8S-AV-11',
    title: 'no credential is written into a manifest',
    check: (docs) => [
      ...ofKind(docs, 'Secret').map((d) => `${where(d)} is a Secret in the manifests`),
      ...workloads(docs).flatMap((d) =>
        containers(d)
          .flatMap((c) => (c.env ?? []) as Doc[])
          .filter((e) => /PASS|SECRET|TOKEN|AUTH/.test(e.name) && e.value !== undefined)
          .map((e) => `${where(d)} env ${e.name} has a literal value`),
      ),
      ...ofKind(docs, 'ConfigMap').flatMap((d) =>
        Object.entries((d.data ?? {}) as Record<string, string>)
          .filter(([, text]) => /^\s*(requirepass|masterauth|sentinel auth-pass|sentinel sentinel-pass)\s/m.test(text))
          .map(([key]) => `${where(d)} ${key} holds a password`),
      ),
    ],
  },
  {
    id: 'K8S-AV-12',
    title: 'every pod that holds an asset is selected by a NetworkPolicy',
    check: (docs) =>
      docs
        .filter((d) => isServing(d) && podTemplate(d)!.metadata.labels['dr/asset'])
        .filter(
          (d) =>
            // The namespace's default-deny (an empty podSelector) denies; the pods' own policy is what admits clients.
            !ofKind(docs, 'NetworkPolicy').some(
              (p) =>
                Object.keys(p.spec.podSelector ?? {}).length > 0 &&
                selects(p.spec.podSelector, podTemplate(d)!.metadata.labels),
            ),
        )
        .map((d) => `${where(d)} holds ${labels(podTemplate(d)!)['dr/asset']} but no NetworkPolicy selects it`),
  },
  {
    id: 'K8S-AV-13',
    title: 'every Service selects the pods of a workload in the manifests',
    check: (docs) =>
      ofKind(docs, 'Service')
        .filter(
          (s) =>
            !docs
              .filter(isServing)
              .some((d) => selects({ matchLabels: s.spec.selector }, podTemplate(d)!.metadata.labels)),
        )
        .map((s) => `${where(s)} selects no pods`),
  },
  {
    id: 'K8S-AV-14',
    title: 'every pod that holds an asset serves metrics, reachable from the monitoring namespace only',
    check: (docs) =>
      docs
        .filter((d) => isServing(d) && podTemplate(d)!.metadata.labels['dr/asset'])
        .flatMap((d) => {
          const port = containers(d)
            .flatMap((c) => (c.ports ?? []) as Doc[])
            .find((p) => p.name === 'metrics');
          if (!port) return [`${where(d)} has no container port named metrics`];
          const peers = peersOn(docs, podTemplate(d)!.metadata.labels, port);
          if (peers.length === 0) return [`${where(d)} metrics port: no NetworkPolicy admits Prometheus`];
          return peers.every(isPrometheus)
            ? []
            : [`${where(d)} metrics port is open beyond ${MONITORING.namespace}'s Prometheus`];
        }),
  },
  {
    id: 'K8S-AV-15',
    title: 'readiness and liveness of a container ask different questions (kube-score: identical probes)',
    check: (docs) =>
      docs
        .filter(isServing)
        .flatMap((d) =>
          (podTemplate(d)!.spec.containers as Doc[])
            .filter(
              (c) =>
                c.readinessProbe &&
                c.livenessProbe &&
                JSON.stringify(probeAction(c.readinessProbe)) === JSON.stringify(probeAction(c.livenessProbe)),
            )
            .map((c) => `${where(d)} container ${c.name} probes readiness and liveness the same way`),
        ),
  },
];
