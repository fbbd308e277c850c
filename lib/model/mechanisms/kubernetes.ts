/** Kubernetes workloads (MECH-24..26): how fast a service is whole again after a pod, node or zone is lost. */
import { factValue } from '../facts';
import { automatic, figure, known, naField, none, noneField, notApplicable, unknown } from '../figure';
import type { Outcome } from '../types';
import type { MechanismModule, ModelContext, ProbeSpec, SpecOf } from './spec';

type Workload = SpecOf<'k8s-workload'>;

/** Seconds until the node lifecycle controller marks a dead node's pods not ready (K8S-13/14, K8S-15). */
export function nodeLossDetectionSeconds(kubernetesVersion: string): number {
  const grace = minor(kubernetesVersion) >= 32 ? factValue('K8S-14') : factValue('K8S-13');
  return grace + factValue('K8S-13', 'monitorPeriod');
}

export function graceFact(kubernetesVersion: string): 'K8S-13' | 'K8S-14' {
  return minor(kubernetesVersion) >= 32 ? 'K8S-14' : 'K8S-13';
}

/** failureThreshold × periodSeconds + timeoutSeconds (K8S-9). */
export function probeDetectionSeconds(p: ProbeSpec): number {
  return p.failureThreshold * p.periodSeconds + p.timeoutSeconds;
}

/** The most pods one zone (and so, worst case, one node) can hold under the spread constraint. */
export function mostPerZone(spec: Workload, zones: number): number {
  if (spec.zoneSpread === null || zones < 2) return spec.minReplicas;
  return Math.floor((spec.minReplicas + (zones - 1) * spec.zoneSpread.maxSkew) / zones);
}

function minor(version: string): number {
  const m = /^1\.(\d+)/.exec(version);
  if (!m) throw new Error(`Kubernetes version must look like 1.27, got ${version}`);
  return Number(m[1]);
}

function afterLosing(lost: number, spec: Workload, ctx: ModelContext, mode: 'instance' | 'az'): Outcome {
  const stateless = naField('a workload keeps no data; its state lives in the assets it depends on', ['MECH-24']);
  if (spec.readiness === null) {
    return {
      rpo: stateless,
      rto: noneField('without a readiness probe a hung pod keeps receiving traffic', ['K8S-8']),
    };
  }
  const detection = nodeLossDetectionSeconds(ctx.kubernetesVersion);
  const left = spec.minReplicas - lost;
  if (left >= Math.max(1, ctx.minReady)) {
    const seconds = Math.max(detection, probeDetectionSeconds(spec.readiness));
    const facts = [graceFact(ctx.kubernetesVersion), 'K8S-9', 'K8S-15', 'K8S-11', 'MECH-25'] as const;
    const stay =
      mode === 'az'
        ? `${left} of ${spec.minReplicas} replicas stay ready; spread holds at scheduling only, so typical`
        : `${left} of ${spec.minReplicas} replicas stay ready while the failed ones leave the endpoints`;
    // Clients stop reaching the failed pods only once endpoints and load balancers have caught up: not published
    // (MECH-25), so the figure is unknown unless the catalog declares the propagation.
    const propagation = ctx.endpointPropagationSeconds;
    return {
      rpo: stateless,
      rto: figure(
        propagation === null
          ? automatic(
              unknown(
                [...facts],
                `${stay}; plus endpoint and load-balancer propagation (not published, not declared)`,
                seconds,
              ),
            )
          : automatic(
              known(
                seconds + propagation,
                'typical',
                [...facts],
                `${stay}; plus ${propagation} s declared endpoint propagation`,
              ),
            ),
      ),
    };
  }
  if (mode === 'az' && spec.zoneSpread?.nodeTaintsPolicy === 'Ignore') {
    return {
      rpo: stateless,
      rto: noneField('replacements can stay Pending on the dead zone (nodeTaintsPolicy Ignore)', ['K8S-20']),
    };
  }
  if (spec.controller === 'StatefulSet') {
    return {
      rpo: stateless,
      rto: noneField('a StatefulSet pod on a dead node is not replaced automatically', ['K8S-18', 'MECH-26']),
    };
  }
  return {
    rpo: stateless,
    rto: figure(
      automatic(
        unknown(
          [graceFact(ctx.kubernetesVersion), 'K8S-16', 'MECH-24'],
          `only ${Math.max(left, 0)} of ${ctx.minReady} needed replicas remain; replacement after eviction, then scheduling, image pull and start (not published)`,
          detection + spec.unreachableTolerationSeconds,
        ),
      ),
    ),
  };
}

export const k8sWorkload: MechanismModule<'k8s-workload'> = {
  id: 'k8s-workload',
  title: 'Kubernetes workload (replicas, probes, zone spread)',
  row: 'MECH-25',
  cost: (s) => s.minReplicas,
  achieve: (spec, ctx) => ({
    instance: afterLosing(mostPerZone(spec, ctx.zones), spec, ctx, 'instance'),
    az: afterLosing(mostPerZone(spec, ctx.zones), spec, ctx, 'az'),
    region: none('the cluster is Regional', ['OTH-4', 'MECH-30']),
    corruption: notApplicable('a workload keeps no data; its state lives in the assets it depends on', ['MECH-24']),
  }),
};
