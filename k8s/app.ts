/** The Kubernetes side: cdk8s charts built from the catalog plan, one YAML document stream per chart. */
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import type { CatalogPlan } from '../lib/plan';

/** File name (e.g. `platform.k8s.yaml`) → YAML. */
export type Manifests = ReadonlyMap<string, string>;

export function synthManifests(plan: CatalogPlan): Manifests {
  const app = new App();
  const platform = new Chart(app, 'platform');
  new ApiObject(platform, 'namespace', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: plan.catalog.environment.kubernetes.namespace },
  });
  return new Map(app.charts.map((c) => [`${c.node.id}.k8s.yaml`, Yaml.stringify(...c.toJson())] as const));
}
