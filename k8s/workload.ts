/**
 * A Deployment as the plan's `k8s-workload` spec says: the HPA minimum (no fixed `replicas`), probes, zone spread and
 * node-loss tolerations, with a PodDisruptionBudget that keeps the tier's minimum through voluntary disruptions.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Tier } from '../lib/catalog';
import type { SpecOf } from '../lib/model';
import { nodeLossTolerations, podSecurityContext, probe, zoneSpread, type ProbeAction } from './pod';

export interface ProbeActions {
  readonly readiness: ProbeAction;
  readonly liveness: ProbeAction;
  readonly startup: ProbeAction;
}

export interface PlannedDeploymentProps {
  readonly name: string;
  /** Labels that select this workload's pods and nothing else. */
  readonly selector: Record<string, string>;
  /** More pod labels (the catalog joins, e.g. `dr/service`). */
  readonly podLabels: Record<string, string>;
  readonly workload: SpecOf<'k8s-workload'>;
  /** The tier whose policy gives `maxReplicas` and the replicas that must stay ready (`minReplicas`). */
  readonly tier: Tier;
  readonly priorityClassName: string;
  readonly serviceAccountName: string;
  readonly uid: number;
  /** The main container, without probes: they come from the plan. */
  readonly container: k8s.Container;
  readonly probes: ProbeActions;
  /**
   * More containers in the pod (a metrics exporter), without probes: they get their own actions with the plan's
   * timings. A pod is ready only when every container is, so a sidecar probed more slowly would slow what the plan
   * assessed (the checker reads the slowest probe of the pod).
   */
  readonly sidecars?: readonly { readonly container: k8s.Container; readonly probes: ProbeActions }[];
  readonly volumes?: k8s.Volume[];
  /**
   * Average CPU utilisation the HPA scales at.
   * @default 70
   */
  readonly cpuUtilization?: number;
  /** Annotations of the Deployment (what the checker reads beside the spec, e.g. a cache's declared warm-up). */
  readonly annotations?: Record<string, string>;
  /**
   * The DR site's pilot light: a fixed `replicas` (0 by default) the Region switch plan scales up, and the annotation
   * that marks it (PlanContext `idle`). The HPA keeps the plan's minimum: it does not scale a Deployment at 0.
   * @default - no `replicas`: the HPA owns the count
   */
  readonly idle?: { readonly replicas: number; readonly annotations: Record<string, string> };
}

/**
 * maxUnavailable for a PDB: at the HPA minimum it allows at least one eviction (a drain never blocks) and keeps at
 * least the tier's ready minimum, so never all. Throws when no budget can do both (one replica).
 */
export function pdbMaxUnavailable(minReplicas: number, minReady: number): number {
  if (minReplicas < 2) {
    throw new Error(
      `\`minReplicas\` ${minReplicas}: a PodDisruptionBudget either blocks every eviction or allows all of them; ` +
        'expected at least 2 replicas',
    );
  }
  return Math.min(minReplicas - 1, Math.max(1, minReplicas - minReady));
}

export class PlannedDeployment extends Construct {
  readonly deployment: k8s.KubeDeployment;
  readonly hpa: k8s.KubeHorizontalPodAutoscalerV2;
  readonly pdb: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: PlannedDeploymentProps) {
    super(scope, id);
    const { workload } = props;
    if (workload.controller !== 'Deployment') {
      throw new Error(`${props.name}: the plan asks for a ${workload.controller}; this construct builds Deployments`);
    }
    const probes = (actions: ProbeActions) => ({
      ...(workload.readiness ? { readinessProbe: probe(workload.readiness, actions.readiness) } : {}),
      ...(workload.liveness ? { livenessProbe: probe(workload.liveness, actions.liveness) } : {}),
      ...(workload.startup ? { startupProbe: probe(workload.startup, actions.startup) } : {}),
    });
    const sidecars = (props.sidecars ?? []).map((s) => ({ ...s.container, ...probes(s.probes) }));
    const annotations = { ...(props.annotations ?? {}), ...(props.idle?.annotations ?? {}) };
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: props.name, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
      spec: {
        // No `replicas`: the HPA owns the count, and a fixed value would reset it on every sync. A pilot light's idle
        // count is the exception: GitOps ignores it there (docs/kubernetes.md), so the plan's scaling stays.
        ...(props.idle ? { replicas: props.idle.replicas } : {}),
        selector: { matchLabels: props.selector },
        // Never below the ready count during a rollout: surge first, then retire.
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) },
        },
        template: {
          metadata: { labels: { ...props.podLabels, ...props.selector } },
          spec: {
            serviceAccountName: props.serviceAccountName,
            automountServiceAccountToken: false,
            priorityClassName: props.priorityClassName,
            securityContext: podSecurityContext(props.uid),
            containers: [{ ...props.container, ...probes(props.probes) }, ...sidecars],
            tolerations: nodeLossTolerations(workload.unreachableTolerationSeconds),
            ...(workload.zoneSpread
              ? { topologySpreadConstraints: zoneSpread(workload.zoneSpread, props.selector) }
              : {}),
            ...(props.volumes ? { volumes: props.volumes } : {}),
          },
        },
      },
    });
    const guard = plannedGuard(this, { ...props, deployment: props.name });
    this.hpa = guard.hpa;
    this.pdb = guard.pdb;
  }
}

export interface PlannedGuardProps {
  /** The name of the HPA and the PodDisruptionBudget. */
  readonly name: string;
  /** The Deployment the HPA scales. */
  readonly deployment: string;
  /** Labels that select the Deployment's pods and nothing else. */
  readonly selector: Record<string, string>;
  readonly workload: SpecOf<'k8s-workload'>;
  readonly tier: Tier;
  /** @default 70 */
  readonly cpuUtilization?: number;
}

/**
 * What keeps a Deployment at the plan's replicas, managed or the team's own: the HPA at the plan's minimum (no fixed
 * `replicas`) and a PodDisruptionBudget that keeps the tier's ready minimum through voluntary disruptions.
 */
export function plannedGuard(
  scope: Construct,
  props: PlannedGuardProps,
): { readonly hpa: k8s.KubeHorizontalPodAutoscalerV2; readonly pdb: k8s.KubePodDisruptionBudget } {
  const { workload, tier } = props;
  const hpa = new k8s.KubeHorizontalPodAutoscalerV2(scope, 'hpa', {
    metadata: { name: props.name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deployment },
      minReplicas: workload.minReplicas,
      maxReplicas: tier.policy.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.cpuUtilization ?? 70 } },
        },
      ],
    },
  });
  const pdb = new k8s.KubePodDisruptionBudget(scope, 'pdb', {
    metadata: { name: props.name },
    spec: {
      selector: { matchLabels: props.selector },
      maxUnavailable: k8s.IntOrString.fromNumber(pdbMaxUnavailable(workload.minReplicas, tier.policy.minReplicas)),
      // A crash-looping pod must not hold up a node drain (beta and on by default in 1.27).
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
  scope.node.addValidation({
    validate: () =>
      workload.minReplicas > tier.policy.maxReplicas
        ? [
            `${props.name}: 'minReplicas' (${workload.minReplicas}) must be less than or equal to ` +
              `'maxReplicas' (${tier.policy.maxReplicas}) of ${tier.id}`,
          ]
        : [],
  });
  return { hpa, pdb };
}
