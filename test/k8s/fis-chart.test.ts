/**
 * The pod experiments' Kubernetes access (issue 17): in the primary cluster only and only when there is a pod
 * experiment; the FIS user guide's Role rules (FIS-8) in the catalog's namespace, bound to the ServiceAccount the
 * templates name and to the user the FIS role's access entry maps to; the NetworkPolicy that lets FIS's own pod (the
 * label the templates give it) open HTTPS and nothing else (FIS-10: its needs are not published).
 */
import { Testing } from 'cdk8s';
import { buildCharts } from '../../k8s/app';
import { PlanContext } from '../../k8s/context';
import { FIS_POD_RULES, FisAccessChart } from '../../k8s/platform/fis-chart';
import { loadCatalog } from '../../lib/catalog';
import { planCatalog, podExperiments } from '../../lib/catalog-plan';
import { FIS_K8S } from '../../lib/names';
import type { Doc } from './support/docs';

const catalog = loadCatalog('dr-targets.yaml');
const plan = planCatalog(catalog);

describe('FisAccessChart', () => {
  const docs = Testing.synth(new FisAccessChart(Testing.app(), 'fis-experiments', new PlanContext(plan))) as Doc[];
  const one = (kind: string) => docs.find((d) => d.kind === kind)!;

  test('a ServiceAccount, Role, RoleBinding and NetworkPolicy, all in the namespace', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}/${d.metadata.namespace}`)).toEqual([
      'ServiceAccount/fis-experiments/lomash-wood',
      'Role/fis-experiments/lomash-wood',
      'RoleBinding/fis-experiments/lomash-wood',
      'NetworkPolicy/allow-fis-experiments/lomash-wood',
    ]);
    expect(docs.some((d) => /^Cluster/.test(d.kind as string))).toBe(false);
  });

  test("the Role is the FIS user guide's, bound to the ServiceAccount and the access entry's user", () => {
    expect(one('Role').rules).toEqual(FIS_POD_RULES);
    expect(FIS_POD_RULES.find((r) => r.resources?.includes('pods'))!.verbs).toEqual([
      'create',
      'list',
      'get',
      'delete',
      'deletecollection',
    ]);
    expect(one('RoleBinding').roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: FIS_K8S.role,
    });
    expect(one('RoleBinding').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'fis-experiments', namespace: 'lomash-wood' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dr-fis-experiments' },
    ]);
  });

  test("the NetworkPolicy selects FIS's pod by the label the templates give it: HTTPS out only, nothing in", () => {
    const np = one('NetworkPolicy');
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'dr/role': 'fis-experiment' } });
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toBeUndefined();
    expect(np.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
  });

  test('built in the primary cluster when a pod experiment exists; not in the DR site, not without a health signal', () => {
    const names = (app: ReturnType<typeof buildCharts>) => app.charts.map((c) => c.node.id);
    expect(podExperiments(plan).length).toBeGreaterThan(0);
    expect(names(buildCharts(plan))).toContain('fis-experiments');
    expect(names(buildCharts(plan, 'dr'))).not.toContain('fis-experiments');
    const quiet = planCatalog({ ...catalog, services: catalog.services.map(({ health: _h, ...s }) => s) });
    expect(quiet.catalog.services.filter((s) => s.health)).toEqual([]);
    expect(names(buildCharts(quiet))).not.toContain('fis-experiments');
  });
});
