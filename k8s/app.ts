/**
 * The Kubernetes side: cdk8s charts built from the catalog plan, one YAML document stream per chart. A platform chart
 * (namespace, PriorityClasses, StorageClasses), the secret store, one chart per Redis asset and one per service.
 */
import { App, Yaml } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Asset } from '../lib/catalog';
import { k8sName } from '../lib/names';
import { mechanism, type CatalogPlan } from '../lib/plan';
import { PlanContext } from './context';
import { PlatformChart } from './platform/platform-chart';
import { RedisCacheChart } from './redis/cache-chart';
import { redisClient, type RedisClient } from './redis/objects';
import { RedisChart } from './redis/redis-chart';
import { SecretsChart } from './secrets/secrets-chart';
import { ServiceChart } from './service/service-chart';

/** File name (e.g. `platform.k8s.yaml`) → YAML. */
export type Manifests = ReadonlyMap<string, string>;

/** The chart each in-cluster asset kind gets; other kinds live outside the cluster (RDS, S3, Git, Secrets Manager). */
const ASSET_CHARTS: Partial<Record<Asset['kind'], new (scope: Construct, id: string, ctx: PlanContext, asset: Asset) => unknown>> = {
  redis: RedisChart,
  'redis-cache': RedisCacheChart,
};

/** Builds every chart into a new cdk8s App; throws with every validation message when one fails. */
export function buildCharts(plan: CatalogPlan): App {
  const ctx = new PlanContext(plan);
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
    new ServiceChart(app, k8sName(service.id), ctx, service, { redisClients });
  }
  const errors = app.node.findAll().flatMap((c) => c.node.validate());
  if (errors.length > 0) {
    throw new Error(`the Kubernetes charts are not valid:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
  return app;
}

export function synthManifests(plan: CatalogPlan): Manifests {
  const app = buildCharts(plan);
  return new Map(app.charts.map((c) => [`${c.node.id}.k8s.yaml`, Yaml.stringify(...c.toJson())] as const));
}
