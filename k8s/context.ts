/**
 * What every chart reads: the catalog plan and the lookups on it. Charts take settings from here (tier policies,
 * service fields, mechanism specs) and never compute a figure of their own.
 */
import { type Asset, type Catalog, type Service, type Tier, tierOf } from '../lib/catalog';
import { LABEL, type NamingContext } from '../lib/names';
import { mechanism, type CatalogPlan } from '../lib/catalog-plan';
import type { MechanismId, Plan, SpecOf } from '../lib/model';
import { imagesOf, type ThirdPartyImage } from './images';

/**
 * Where the cluster's Prometheus runs: the only peer the Redis NetworkPolicies admit to the exporters' metrics port.
 * A cluster convention, not a DR setting, so deliberately not a catalog field: change MONITORING here, or give
 * `new PlanContext(plan, { monitoring })` another value.
 */
export interface Monitoring {
  /** Matched by the `kubernetes.io/metadata.name` label, which Kubernetes sets on every namespace. */
  readonly namespace: string;
  /** Labels of the Prometheus pods in that namespace (the Prometheus operator sets `app.kubernetes.io/name`). */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** The default: the Prometheus operator's pods in namespace `monitoring` (docs/kubernetes.md). */
export const MONITORING: Monitoring = {
  namespace: 'monitoring',
  podLabels: { 'app.kubernetes.io/name': 'prometheus' },
};

export interface PlanContextOptions {
  /** @default MONITORING */
  readonly monitoring?: Monitoring;
}

export class PlanContext {
  readonly catalog: Catalog;
  readonly naming: NamingContext;
  /** The namespace every namespaced object goes in (catalog `environment.kubernetes.namespace`). */
  readonly namespace: string;
  readonly monitoring: Monitoring;
  /** The third-party images, pinned by digest where the catalog pins them. */
  readonly images: Readonly<Record<ThirdPartyImage, string>>;

  constructor(
    readonly plan: CatalogPlan,
    options: PlanContextOptions = {},
  ) {
    this.catalog = plan.catalog;
    this.naming = plan.catalog.naming;
    this.namespace = plan.catalog.environment.kubernetes.namespace;
    this.monitoring = options.monitoring ?? MONITORING;
    this.images = imagesOf(plan.catalog.environment.kubernetes.images);
  }

  tier(tierId: string): Tier {
    return tierOf(this.catalog, tierId);
  }

  assetPlan(assetId: string): Plan {
    const p = this.plan.assets.get(assetId);
    if (!p) throw new Error(`no plan for asset \`${assetId}\``);
    return p;
  }

  servicePlan(serviceId: string): Plan {
    const p = this.plan.services.get(serviceId);
    if (!p) throw new Error(`no plan for service \`${serviceId}\``);
    return p;
  }

  /** A mechanism the plan must have for this chart to be built; its absence is a defect in the caller. */
  required<I extends MechanismId>(p: Plan, id: I): SpecOf<I> {
    const spec = mechanism(p, id);
    if (!spec)
      throw new Error(`the plan of \`${p.id}\` has no \`${id}\` mechanism; expected one for its ${p.kind} chart`);
    return spec;
  }

  /** Services that own or depend on an asset: the only clients a data store admits. */
  clientsOf(assetId: string): Service[] {
    const owner = this.catalog.assets.find((a) => a.id === assetId)?.owner;
    return this.catalog.services.filter(
      (s) => s.id === owner || s.owns.includes(assetId) || s.dependsOn.includes(assetId),
    );
  }

  /** Secret assets (kind `secret`) a service reads: each becomes an ExternalSecret-created Secret it mounts. */
  secretsOf(service: Service): Asset[] {
    return this.catalog.assets.filter(
      (a) => a.kind === 'secret' && (service.owns.includes(a.id) || service.dependsOn.includes(a.id)),
    );
  }

  /** The labels that join a service's objects to the catalog. */
  serviceLabels(service: Service): Record<string, string> {
    return { [LABEL.service]: service.id, [LABEL.tier]: service.tier };
  }

  /** The labels of objects that hold an asset's data or configuration. */
  assetLabels(asset: Asset): Record<string, string> {
    return { [LABEL.asset]: asset.id, [LABEL.tier]: asset.tier };
  }
}
