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
export function workloadOptions(policy: PlanPolicy, ctx: ModelContext): MechanismSpec[][] {
  const options: MechanismSpec[][] = [];
  const toleration = tolerationSeconds(policy.budget.rtoSeconds, policy.startupSeconds, ctx.kubernetesVersion);
  for (let minReplicas = 1; minReplicas <= Math.max(2, ctx.zones + 1); minReplicas++) {
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
