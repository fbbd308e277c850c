/**
 * Services on Kubernetes. Probe and toleration timings are derived from the RTO budget here, so the charts build what
 * the model assessed and the checker reads the same fields back.
 */
import { factValue } from '../facts';
import { nodeLossDetectionSeconds } from '../mechanisms/kubernetes';
import type { MechanismSpec, ModelContext, ProbeSpec } from '../mechanisms/spec';
import type { KindModule, PlanPolicy } from './kind';

/** A hung pod leaves the endpoints within 3 × 5 s + 2 s (K8S-9). */
export const READINESS: ProbeSpec = { periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 };
/** Liveness is slower than readiness, so a slow pod is taken out of traffic before it is restarted. */
export const LIVENESS: ProbeSpec = { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 };
const STARTUP_PERIOD = 5;

export function startupProbe(startupSeconds: number): ProbeSpec {
  return {
    periodSeconds: STARTUP_PERIOD,
    failureThreshold: Math.ceil(startupSeconds / STARTUP_PERIOD),
    timeoutSeconds: 2,
  };
}

/**
 * tolerationSeconds for the unreachable/not-ready taints: half of what the RTO budget leaves after detection and start,
 * at least 10 s, at most the API server's default (K8S-16). Lower values evict sooner on a flapping node.
 */
export function tolerationSeconds(rtoSeconds: number, startupSeconds: number, kubernetesVersion: string): number {
  const left = rtoSeconds - nodeLossDetectionSeconds(kubernetesVersion) - startupSeconds;
  return Math.max(10, Math.min(factValue('K8S-16'), Math.floor(left / 2)));
}

/** Deployments from the tier minimum up to one more per zone; the planner keeps the smallest that survives a zone loss. */
/**
 * The fewest replicas that keep `minReady` ready after losing the zone that holds the most of them: with a zone spread
 * of skew 1 over `zones` zones, the smallest n with n − ⌈n / zones⌉ ≥ minReady (5 for 3 in 3 zones); one more than
 * `minReady` in a single zone (a pod or node loss).
 */
export function replicasForZoneLoss(minReady: number, zones: number): number {
  if (zones < 2) return minReady + 1;
  let n = minReady;
  while (n - Math.ceil(n / zones) < minReady) n++;
  return n;
}

/**
 * Deployments of 2 replicas up to what survives a zone loss (never more than the tier's maxReplicas); the planner
 * keeps the cheapest that meets the targets. One replica is never offered: no PodDisruptionBudget of one pod allows a
 * drain without an outage (DR-PDB).
 */
export function workloadOptions(policy: PlanPolicy, ctx: ModelContext): MechanismSpec[][] {
  const options: MechanismSpec[][] = [];
  const toleration = tolerationSeconds(policy.budget.rtoSeconds, policy.startupSeconds, ctx.kubernetesVersion);
  const most = Math.min(policy.maxReplicas, Math.max(2, replicasForZoneLoss(ctx.minReady, ctx.zones)));
  if (most < 2) {
    throw new Error(
      `\`maxReplicas\` ${policy.maxReplicas}: a Deployment needs at least 2 replicas, or its PodDisruptionBudget either blocks every drain or allows an outage`,
    );
  }
  for (let minReplicas = 2; minReplicas <= most; minReplicas++) {
    options.push([
      {
        id: 'k8s-workload',
        controller: 'Deployment',
        minReplicas,
        zoneSpread: { maxSkew: 1, nodeTaintsPolicy: 'Honor' },
        readiness: READINESS,
        liveness: LIVENESS,
        startup: startupProbe(policy.startupSeconds),
        unreachableTolerationSeconds: toleration,
      },
    ]);
  }
  return options;
}

export const service: KindModule = {
  kind: 'service',
  title: 'Service on Kubernetes',
  stateful: false,
  backupResourceType: null,
  restoreServes: false,
  groups: (policy, ctx) => [
    { name: 'workload', options: workloadOptions(policy, ctx) },
    // Replication copies only images pushed after it is set up (OTH-9), so it exists before any DR compute does.
    { name: 'images', options: [[{ id: 'ecr-replication', regions: [policy.drRegion] }]] },
    { name: 'redeploy', options: [[{ id: 'stateless-redeploy' }]] },
  ],
};
