/**
 * The Kubernetes side: cdk8s charts built from the catalog plan, one YAML document stream per chart. A platform chart
 * (namespace, PriorityClasses, StorageClasses), the secret store, one chart per Redis asset and one per service, and in
 * the primary cluster the fault-injection experiments' access (ServiceAccount, Role, RoleBinding, NetworkPolicy).
 */
import { App, Yaml } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Asset } from '../lib/catalog';
import { k8sName, OVERLAY, type Side } from '../lib/names';
import { mechanism, podExperiments, type CatalogPlan } from '../lib/catalog-plan';
import { PlanContext } from './context';
import { FisAccessChart } from './platform/fis-chart';
import { PlatformChart } from './platform/platform-chart';
import { RedisCacheChart } from './redis/cache-chart';
import { redisClient, type RedisClient } from './redis/objects';
import { RedisChart } from './redis/redis-chart';
import { SecretsChart } from './secrets/secrets-chart';
import { OverlayChart } from './service/overlay-chart';
import { ServiceChart } from './service/service-chart';

/** File name (e.g. `platform.k8s.yaml`, or `overlays/<service>/…` for an overlay's component) → YAML. */
export type Manifests = ReadonlyMap<string, string>;

/** The chart each in-cluster asset kind gets; other kinds live outside the cluster (RDS, S3, Git, Secrets Manager). */
const ASSET_CHARTS: Partial<
  Record<Asset['kind'], new (scope: Construct, id: string, ctx: PlanContext, asset: Asset) => unknown>
> = {
  redis: RedisChart,
  'redis-cache': RedisCacheChart,
};

/**
 * Builds every chart into a new cdk8s App; throws with every validation message when one fails. `site: 'dr'` builds the
 * DR Region's standby cluster's manifests of a pilot light (PlanContext `site`).
 */
export function buildCharts(plan: CatalogPlan, site: Side = 'primary'): App {
  const ctx = new PlanContext(plan, { site });
  const app = new App();
  new PlatformChart(app, 'platform', ctx);
  new SecretsChart(app, 'secrets', ctx);
  const redisClients = new Map<string, RedisClient>();
  for (const asset of ctx.catalog.assets) {
    const Chart = ASSET_CHARTS[asset.kind];
    if (!Chart) continue;
    new Chart(app, k8sName(asset.id), ctx, asset);
    const sentinel = mechanism(ctx.assetPlan(asset.id), 'redis-sentinel') !== undefined;
    redisClients.set(asset.id, redisClient(ctx, asset, sentinel));
  }
  for (const service of ctx.catalog.services) {
    if (service.workload === 'overlay') new OverlayChart(app, k8sName(service.id), ctx, service);
    else new ServiceChart(app, k8sName(service.id), ctx, service, { redisClients });
  }
  // The pod experiments' Kubernetes access (issue 17): experiments run in the primary cluster only.
  if (site === 'primary' && podExperiments(plan).length > 0) new FisAccessChart(app, 'fis-experiments', ctx);
  const errors = app.node.findAll().flatMap((c) => c.node.validate());
  if (errors.length > 0) {
    throw new Error(`the Kubernetes charts are not valid:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
  return app;
}

/** One chart as synthesized: the objects cdk8s rendered (`toJson()`) and the YAML written from them. */
export interface ChartManifest {
  readonly objects: readonly unknown[];
  readonly yaml: string;
}

/** File name (e.g. `platform.k8s.yaml`) → the chart's objects and the YAML written from them. */
export type ChartManifests = ReadonlyMap<string, ChartManifest>;

/** YAML of documents exactly as the manifest files are written (cdk8s `Yaml.stringify`: YAML 1.1, no line folding). */
export function manifestYaml(...docs: unknown[]): string {
  return Yaml.stringify(...docs);
}

/**
 * The charts' objects with their YAML, from one `toJson()` per chart: the DR checker reads the objects the files were
 * written from instead of parsing the files back (lib/checker `manifestsFromObjects`).
 */
export function synthChartManifests(plan: CatalogPlan, site: Side = 'primary'): ChartManifests {
  const app = buildCharts(plan, site);
  const file = (objects: unknown[]) => ({ objects, yaml: manifestYaml(...objects) });
  return new Map(
    app.charts.flatMap((c) => {
      const chart = [`${c.node.id}.k8s.yaml`, file(c.toJson())] as const;
      // Not `instanceof`: cdk8s's Chart answers it for every chart.
      if (!OverlayChart.isOverlayChart(c)) return [chart];
      const overlay = c;
      // The team's Deployment is patched by a kustomize component beside the charts' files, never applied as one.
      const dir = `${OVERLAY.dir}/${c.node.id}`;
      return [
        chart,
        [`${dir}/${OVERLAY.kustomization}`, file([overlay.kustomization])] as const,
        [`${dir}/${OVERLAY.patch}`, file([overlay.patch])] as const,
      ];
    }),
  );
}

/** The DR site's charts, for a catalog with a pilot light (written to their own folder, `dist/k8s-dr/`). */
export function synthDrChartManifests(plan: CatalogPlan): ChartManifests | undefined {
  return plan.catalog.environment.drCompute?.kind === 'pilot-light' ? synthChartManifests(plan, 'dr') : undefined;
}

/** The YAML of each file. */
export function manifestTexts(charts: ChartManifests): Manifests {
  return new Map([...charts].map(([file, c]) => [file, c.yaml] as const));
}

/** The YAML of each chart file, without the objects. */
export function synthManifests(plan: CatalogPlan): Manifests {
  return manifestTexts(synthChartManifests(plan));
}
