/**
 * What synth works out before it writes anything, shared by synth and `dr validate`. It loads no CDK: validation stays
 * fast, and anything CloudFormation would refuse is the catalog's validation's to find (lib/catalog).
 */
import { synthChartManifests, synthDrChartManifests } from '../k8s/app';
import { loadCatalog, withAccount } from '../lib/catalog';
import { planCatalog } from '../lib/catalog-plan';
import { evidencePath, loadEvidence, loadTeamManifests } from '../lib/checker';
import { REMOVE_ASSETS_FLAG, removeAssetsFrom, resolvePlacement } from '../lib/placement';

/**
 * Everything synth works out before it writes anything: the catalog, the evidence, the team's manifests, the plan, the
 * placement and the Kubernetes charts, all in memory. `dr validate` runs exactly this, so a catalog it accepts never fails synth for a
 * reason it could have seen. Catalog, evidence and placement problems throw here (CatalogError, InputError).
 */
export function prepareSynth(
  catalogFile: string,
  context: Record<string, unknown> | undefined,
  progress: (step: string) => void = () => undefined,
) {
  progress(`reading ${catalogFile}`);
  const catalog = withAccount(loadCatalog(catalogFile), deployAccount(context));
  const evidence = loadEvidence(evidencePath(catalog), false);
  // The team's own Deployments that overlay services patch: a file that is not valid YAML stops synth here, located.
  const teamManifests = loadTeamManifests(catalog);
  progress(`planning ${catalog.assets.length} assets and ${catalog.services.length} services`);
  const plan = planCatalog(catalog);
  // Placement problems (a malformed file, an asset removed without the flag) throw here too, before anything is written.
  const placement = resolvePlacement(plan, { remove: removeAssetsFrom(contextValue(context, REMOVE_ASSETS_FLAG)) });
  progress('Kubernetes manifests');
  const charts = synthChartManifests(plan);
  const drCharts = synthDrChartManifests(plan);
  return { catalog, evidence, teamManifests, plan, placement, charts, ...(drCharts ? { drCharts } : {}) };
}

/** `-c account=…` (from the options or, under the CDK CLI, CDK_CONTEXT_JSON), else the deploying credentials'. */
function deployAccount(context: Record<string, unknown> | undefined): string | undefined {
  const account = contextValue(context, 'account') ?? process.env.CDK_DEFAULT_ACCOUNT;
  return account === undefined ? undefined : String(account);
}

/** A context value from the options or, under the CDK CLI, CDK_CONTEXT_JSON (`-c key=value`). */
export function contextValue(context: Record<string, unknown> | undefined, key: string): unknown {
  const cli = process.env.CDK_CONTEXT_JSON ? (JSON.parse(process.env.CDK_CONTEXT_JSON) as Record<string, unknown>) : {};
  return context?.[key] ?? cli[key];
}
