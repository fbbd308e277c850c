/**
 * A service whose Deployment the team ships itself (`workload: overlay`): the charts write only the DR parts — its
 * HPA at the plan's minimum, its PodDisruptionBudget, its NetworkPolicy and any pre-deploy backup hook (this chart,
 * applied with the others) — and a kustomize
 * component whose strategic-merge patch gives the team's Deployment the plan's probe timings, zone spread, node-loss
 * tolerations, priority class and the `dr/*` labels the checker joins by (`overlays/<service>/`). The probes'
 * handlers stay the team's: the patch sets timings on probes its container already has, and a probe the team lacks is
 * a finding of the checker, which reads the patched Deployment (lib/checker overlays.ts).
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Service } from '../../lib/catalog';
import { k8s as names, OVERLAY } from '../../lib/names';
import type { PlanContext } from '../context';
import { nodeLossTolerations, zoneSpread } from '../pod';
import { plannedGuard } from '../workload';
import { serviceNetworkPolicy } from './network-policy';
import { PreDeployBackup } from './pre-deploy-backup';

const OVERLAY_CHART = Symbol.for('dr-targets.OverlayChart');

export class OverlayChart extends Chart {
  /** Whether a construct is an OverlayChart (`instanceof` is true of every cdk8s Chart). */
  static isOverlayChart(x: unknown): x is OverlayChart {
    return typeof x === 'object' && x !== null && OVERLAY_CHART in x;
  }

  /** The patch and the component that applies it, as documents (written to `overlays/<service>/`). */
  readonly patch: Record<string, unknown>;
  readonly kustomization: Record<string, unknown>;

  constructor(scope: Construct, id: string, ctx: PlanContext, service: Service) {
    super(scope, id, { namespace: ctx.namespace, labels: ctx.serviceLabels(service) });
    Object.defineProperty(this, OVERLAY_CHART, { value: true });
    const deployment = service.deployment;
    if (service.workload !== 'overlay' || !deployment)
      throw new Error(`OverlayChart: service '${service.id}' has workload ${service.workload}; expected overlay`);
    const workload = ctx.required(ctx.servicePlan(service.id), 'k8s-workload');
    const tier = ctx.tier(service.tier);
    const labels = () => ctx.serviceLabels(service);
    // The PDB and the zone spread select the pods by the labels the patch adds: the team's own labels are unknown.
    plannedGuard(this, { name: deployment.name, deployment: deployment.name, selector: labels(), workload, tier });
    // The namespace denies by default (platform chart): the team's pods get the managed service's policy, and an owner
    // of a database with preDeploySnapshot its pre-deploy backup hook, as a managed service does.
    const used = [...service.owns, ...service.dependsOn];
    serviceNetworkPolicy(this, {
      name: deployment.name,
      selector: labels(),
      service,
      uses: ctx.catalog.assets.filter((a) => used.includes(a.id)),
    });
    for (const asset of ctx.catalog.assets.filter(
      (a) => a.preDeploySnapshot && (service.owns.includes(a.id) || a.owner === service.id),
    )) {
      new PreDeployBackup(this, `pre-deploy-backup-${asset.id}`, ctx, asset);
    }

    const timing = (p: NonNullable<typeof workload.readiness>) => ({
      periodSeconds: p.periodSeconds,
      failureThreshold: p.failureThreshold,
      timeoutSeconds: p.timeoutSeconds,
      successThreshold: 1,
    });
    // A tree without shared objects (a JSON copy), so the YAML writer repeats the labels rather than writing anchors.
    this.patch = json({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      // No namespace: kustomize gives a targeted patch the target's; the team's Deployment must be in the charts' one.
      metadata: { name: deployment.name, labels: labels() },
      spec: {
        // The HPA owns the count: a fixed `replicas` would reset it on every sync.
        replicas: null,
        template: {
          metadata: { labels: labels() },
          spec: {
            priorityClassName: names.priorityClass(ctx.naming.prefix, tier.id),
            containers: [
              {
                name: deployment.container,
                ...(workload.readiness ? { readinessProbe: timing(workload.readiness) } : {}),
                ...(workload.liveness ? { livenessProbe: timing(workload.liveness) } : {}),
                ...(workload.startup ? { startupProbe: timing(workload.startup) } : {}),
              },
            ],
            tolerations: nodeLossTolerations(workload.unreachableTolerationSeconds),
            ...(workload.zoneSpread ? { topologySpreadConstraints: zoneSpread(workload.zoneSpread, labels()) } : {}),
          },
        },
      },
    });
    this.kustomization = {
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      patches: [
        {
          path: OVERLAY.patch,
          target: { group: 'apps', version: 'v1', kind: 'Deployment', name: deployment.name },
        },
      ],
    };
  }
}

function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
