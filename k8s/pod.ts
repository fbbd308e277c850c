/** Pod-spec pieces every chart shares: the restricted security profile, probes, tolerations, spread, resources. */
import { k8s } from 'cdk8s-plus-27';
import type { ProbeSpec } from '../lib/model';

export const ZONE_KEY = 'topology.kubernetes.io/zone';
const HOST_KEY = 'kubernetes.io/hostname';
/** The taints the node lifecycle controller puts on a dead node (K8S-15). */
export const NODE_LOSS_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'] as const;

/** The pod half of the `restricted` Pod Security Standard, which the namespace enforces. */
export function podSecurityContext(uid: number): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    // Only re-own a volume whose root does not match, so a large Redis volume does not slow every restart.
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The container half of `restricted`; a read-only root so writes go only to declared volumes. */
export function containerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}

export type ProbeAction = Pick<k8s.Probe, 'httpGet' | 'exec' | 'tcpSocket'>;

/** A probe with the plan's timings (K8S-7: successThreshold must be 1 for liveness and startup). */
export function probe(spec: ProbeSpec, action: ProbeAction): k8s.Probe {
  return {
    ...action,
    periodSeconds: spec.periodSeconds,
    failureThreshold: spec.failureThreshold,
    timeoutSeconds: spec.timeoutSeconds,
    successThreshold: 1,
  };
}

/**
 * Tolerations of the node-loss taints with the plan's tolerationSeconds (K8S-16 defaults them to 300). They name
 * `effect: NoExecute`, so they do not also tolerate the NoSchedule variant: replacements never land on a dead node.
 */
export function nodeLossTolerations(tolerationSeconds: number): k8s.Toleration[] {
  return NODE_LOSS_TAINTS.map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds }));
}

/**
 * The zone spread the plan assessed: DoNotSchedule on the zone key; nodeTaintsPolicy Honor so a dead zone's tainted
 * nodes stop counting as a domain and replacements schedule in the surviving zones (K8S-11, K8S-20). A soft host
 * spread keeps replicas of one zone off a single node where it can.
 */
export function zoneSpread(
  spread: { readonly maxSkew: number; readonly nodeTaintsPolicy: 'Honor' | 'Ignore' },
  selector: Record<string, string>,
): k8s.TopologySpreadConstraint[] {
  return [
    {
      topologyKey: ZONE_KEY,
      maxSkew: spread.maxSkew,
      whenUnsatisfiable: 'DoNotSchedule',
      nodeTaintsPolicy: spread.nodeTaintsPolicy,
      labelSelector: { matchLabels: selector },
    },
    {
      topologyKey: HOST_KEY,
      maxSkew: 1,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
    },
  ];
}

export interface ResourceSizes {
  readonly cpu: string;
  readonly memory: string;
}

/**
 * Requests for both, a limit for memory only: a CPU limit throttles a busy pod into failing its probes, which costs
 * RTO; a memory limit keeps one pod from starving its node's neighbours.
 */
export function resources(size: ResourceSizes): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(size.cpu), memory: k8s.Quantity.fromString(size.memory) },
    limits: { memory: k8s.Quantity.fromString(size.memory) },
  };
}

/** A writable scratch directory for a read-only root filesystem. */
export function scratchVolume(name = 'tmp'): { volume: k8s.Volume; mount: k8s.VolumeMount } {
  return { volume: { name, emptyDir: {} }, mount: { name, mountPath: '/tmp' } };
}

/** Plain environment variables from a record, in its order. */
export function envVars(vars: Readonly<Record<string, string>>): k8s.EnvVar[] {
  return Object.entries(vars).map(([name, value]) => ({ name, value }));
}
