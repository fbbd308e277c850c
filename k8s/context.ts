/**
 * What every chart reads: the catalog plan and the lookups on it. Charts take settings from here (tier policies,
 * service fields, mechanism specs) and never compute a figure of their own.
 */
import { type Asset, type Catalog, type Service, type Tier, tierOf } from '../lib/catalog';
import { ANNOTATION, LABEL, regionOf, type NamingContext, type Side } from '../lib/names';
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
  /**
   * Which cluster the charts are for: the primary's, or the DR Region's standby cluster of a pilot light (images from
   * the replicated repositories, secrets from the replicas, workloads idle at the pilot-light scale).
   * @default 'primary'
   */
  readonly site?: Side;
}

export class PlanContext {
  readonly catalog: Catalog;
  readonly naming: NamingContext;
  /** The namespace every namespaced object goes in (catalog `environment.kubernetes.namespace`). */
  readonly namespace: string;
  readonly monitoring: Monitoring;
  readonly site: Side;
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
    this.site = options.site ?? 'primary';
    if (this.site === 'dr' && this.catalog.environment.drCompute?.kind !== 'pilot-light') {
      throw new Error("PlanContext: `site` 'dr' needs a pilot light (environment.drCompute.kind: pilot-light)");
    }
  }

  /** The pilot light, for the DR site's charts. */
  get pilotLight(): Extract<NonNullable<Catalog['environment']['drCompute']>, { kind: 'pilot-light' }> | undefined {
    const c = this.catalog.environment.drCompute;
    return this.site === 'dr' && c?.kind === 'pilot-light' ? c : undefined;
  }

  /** The Region the charts' cluster runs in. */
  get region(): string {
    return regionOf(this.naming, this.site);
  }

  /** The cluster's Kubernetes version (the DR cluster has its own). */
  get kubernetesVersion(): string {
    return this.pilotLight?.kubernetesVersion ?? this.catalog.environment.kubernetes.version;
  }

  /** The EBS CSI provisioner of the cluster's StorageClasses (Auto Mode has its own, EKS-3). */
  get storageProvisioner(): string {
    return this.pilotLight?.storageProvisioner ?? 'ebs.csi.aws.com';
  }

  /**
   * The replicas a workload keeps while idle (the pilot-light scale of the DR site), with the annotation that says so;
   * undefined on the primary site, where the HPA owns the count.
   */
  idle(): { readonly replicas: number; readonly annotations: Record<string, string> } | undefined {
    const light = this.pilotLight;
    if (!light) return undefined;
    return { replicas: light.replicas, annotations: { [ANNOTATION.pilotLight]: String(light.replicas) } };
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

  /** `dr/site: dr` on every object of the DR site's manifests (none on the primary's: their bytes stay as they were). */
  siteLabels(): Record<string, string> {
    return this.site === 'dr' ? { [LABEL.site]: 'dr' } : {};
  }

  /** The labels that join a service's objects to the catalog. */
  serviceLabels(service: Service): Record<string, string> {
    return { [LABEL.service]: service.id, [LABEL.tier]: service.tier, ...this.siteLabels() };
  }

  /** The labels of objects that hold an asset's data or configuration. */
  assetLabels(asset: Asset): Record<string, string> {
    return { [LABEL.asset]: asset.id, [LABEL.tier]: asset.tier, ...this.siteLabels() };
  }
}
