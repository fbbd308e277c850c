/**
 * A service's `workload` (managed, the default, or overlay) and the team's `deployment` an overlay patches: shapes and
 * cross-field rules are located errors naming the service and the field.
 */
import { stringify } from 'yaml';
import { CatalogError, parseCatalog } from '../../lib/catalog';
import { baseDoc } from '../constructs/support';

type Doc = ReturnType<typeof baseDoc>;

function problems(doc: Doc): { lines: string[]; message: string } {
  try {
    parseCatalog(stringify(doc), 'workload.yaml');
    return { lines: [], message: '' };
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    return { lines: e.problems.map((p) => `${p.subject}: ${p.field}: ${p.message}`), message: e.message };
  }
}

function withWeb(fields: Record<string, unknown>, more: Record<string, unknown>[] = []): Doc {
  const doc = baseDoc();
  Object.assign(doc.services[0]!, fields);
  doc.services.push(...(more as Doc['services']));
  return doc;
}

test('absent, a service is managed; overlay defaults the Deployment and container to the service’s name', () => {
  expect(parseCatalog(stringify(baseDoc()), 'w.yaml').services[0]).toMatchObject({ workload: 'managed' });
  expect(parseCatalog(stringify(baseDoc()), 'w.yaml').services[0]!.deployment).toBeUndefined();
  const overlay = parseCatalog(stringify(withWeb({ workload: 'overlay' })), 'w.yaml').services[0]!;
  expect(overlay).toMatchObject({ workload: 'overlay', deployment: { name: 'web', container: 'web' } });
});

test.each([
  [{ workload: 'helm' }, 'service web: workload: expected managed or overlay'],
  [
    { workload: 'overlay', deployment: { name: 'Web_App' } },
    'service web: deployment.name: expected a Kubernetes name: lowercase letters, digits and -, at most 63',
  ],
  [
    { deployment: { name: 'web' } },
    'service web: deployment: expected only with workload: overlay (a managed Deployment is the charts’ own)',
  ],
  [
    { workload: 'overlay', deployment: { manifests: '../../elsewhere' } },
    'service web: deployment.manifests: expected a file inside the project',
  ],
  [
    { workload: 'overlay', deployment: { manifests: 'no-such-folder' } },
    "service web: deployment.manifests: expected the folder of the team's manifests, relative to the catalog: there is none",
  ],
  [
    { workload: 'overlay', deployment: { manifests: 'package.json' } },
    "service web: deployment.manifests: expected the folder of the team's manifests, relative to the catalog: there is none",
  ],
])('%j is a located error', (fields, message) => {
  const { lines, message: text } = problems(withWeb(fields));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(message);
  expect(text).toMatch(/workload\.yaml:\d+:\d+: /);
});

test('an overlay naming another service’s Deployment is a located error naming both', () => {
  const api = { id: 'api', tier: 'gold', rpo: 'stateless', rto: '10m', notes: 'API.', owns: [], dependsOn: [] };
  const { lines } = problems(withWeb({}, [{ ...api, workload: 'overlay', deployment: { name: 'web' } }]));
  expect(lines).toEqual(['service api: deployment.name: expected a Deployment name no other service has; web has web']);
});
