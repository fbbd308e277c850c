/**
 * Sizes in the catalog: a database's instance class and storage (`instanceClass`, `storageGiB`, `maxStorageGiB`) and a
 * service's image tag and container resources. Absent, they are the sizes every entry had before (lib/catalog
 * defaults.ts), so a catalog without them synthesizes the same templates and manifests; given, the constructs and
 * charts build them; outside what RDS takes (OTH-80, OTH-81) they are located errors.
 */
import { stringify } from 'yaml';
import { synthChartManifests } from '../../k8s/app';
import { CatalogError, DATABASE_SIZE, parseCatalog, SERVICE_RESOURCES } from '../../lib/catalog';
import { planCatalog } from '../../lib/catalog-plan';
import { manifestsFromMemory } from '../../lib/checker';
import { manifestTexts } from '../../k8s/app';
import { asset, awsTemplates, baseDoc, planOf } from '../constructs/support';

const messages = (doc: ReturnType<typeof baseDoc>): string[] => {
  try {
    parseCatalog(stringify(doc), 'sizes.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    return e.problems.map((p) => `${p.subject}: ${p.field}: ${p.message}`);
  }
};

describe('database sizes', () => {
  test('absent: db.t4g.medium, 20 GiB, autoscaling to 200 GiB, as every database had', () => {
    const doc = baseDoc();
    doc.assets.push(asset('orders', 'postgres', '15m', '1h'));
    const { primary } = awsTemplates(planOf(doc));
    primary.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: DATABASE_SIZE.instanceClass,
      AllocatedStorage: String(DATABASE_SIZE.storageGiB),
      MaxAllocatedStorage: DATABASE_SIZE.maxStorageGiB,
    });
  });

  test('given: the instance is built with them', () => {
    const doc = baseDoc();
    doc.assets.push(
      asset('orders', 'postgres', '15m', '1h', { instanceClass: 'db.r6g.large', storageGiB: 100, maxStorageGiB: 500 }),
    );
    const { primary } = awsTemplates(planOf(doc));
    primary.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.r6g.large',
      AllocatedStorage: '100',
      MaxAllocatedStorage: 500,
    });
  });

  test.each([
    [
      { instanceClass: 't4g.medium' },
      'instanceClass: expected an RDS instance class such as db.t4g.medium or db.r6g.large',
    ],
    [{ storageGiB: 10 }, 'storageGiB: expected a whole number ≥ 20'],
    [{ storageGiB: 70000 }, 'storageGiB: expected at most 65536 GiB (gp3, OTH-80)'],
    [
      { storageGiB: 100, maxStorageGiB: 105 },
      'maxStorageGiB: expected at least 110: the storage autoscaling ceiling must be at least 10% above storageGiB 100 (OTH-81)',
    ],
    [
      { storageGiB: 500 },
      'storageGiB: expected maxStorageGiB of at least 550 beside it: the default ceiling, 200 GiB, is not 10% above 500 (OTH-81)',
    ],
  ])('%j is a located error', (fields, message) => {
    const doc = baseDoc();
    doc.assets.push(asset('orders', 'postgres', '15m', '1h', fields));
    expect(messages(doc)).toEqual([`asset orders: ${message}`]);
  });

  test('on anything but a database it is an error naming the kind', () => {
    const doc = baseDoc();
    doc.assets.push(asset('media', 'object-store', '1h', '4h', { storageGiB: 50 }));
    expect(messages(doc)).toEqual([
      "asset media: storageGiB: expected only on kind postgres or mysql (this asset's kind is object-store)",
    ]);
  });
});

describe('service image and resources', () => {
  const deployment = (doc: ReturnType<typeof baseDoc>) => {
    const objects = manifestsFromMemory(
      manifestTexts(synthChartManifests(planCatalog(parseCatalog(stringify(doc), 'x.yaml')))),
    );
    const d = objects.find((o) => o.kind === 'Deployment' && o.name === 'web')!;
    return (d.doc as any).spec.template.spec.containers[0] as {
      image: string;
      resources: { requests: Record<string, string>; limits: Record<string, string> };
    };
  };

  test('absent: the environment image tag, 250m CPU and 512Mi memory, as every service had', () => {
    const c = deployment(baseDoc());
    expect(c.image).toBe('222222222222.dkr.ecr.us-east-1.amazonaws.com/acme-test/web:1.0.0');
    expect(c.resources).toEqual({
      requests: { cpu: SERVICE_RESOURCES.cpu, memory: SERVICE_RESOURCES.memory },
      limits: { memory: SERVICE_RESOURCES.memory },
    });
  });

  test("given: the service's own tag (or digest) and resources", () => {
    const doc = baseDoc();
    Object.assign(doc.services[0]!, { imageTag: '2.3.1', resources: { cpu: '1', memory: '2Gi' } });
    const c = deployment(doc);
    expect(c.image).toBe('222222222222.dkr.ecr.us-east-1.amazonaws.com/acme-test/web:2.3.1');
    expect(c.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } });
    const digest = `sha256:${'a'.repeat(64)}`;
    Object.assign(doc.services[0]!, { imageTag: digest, resources: { memory: '1Gi' } });
    const d = deployment(doc);
    expect(d.image).toBe(`222222222222.dkr.ecr.us-east-1.amazonaws.com/acme-test/web@${digest}`);
    expect(d.resources.requests).toEqual({ cpu: '250m', memory: '1Gi' });
  });

  test.each([
    [{ imageTag: 'latest' }, 'imageTag: expected a version: latest moves, so GitOps could not pin it'],
    [{ resources: { cpu: '0' } }, 'resources.cpu: expected a CPU quantity above 0'],
    [{ resources: { cpu: 'two' } }, 'resources.cpu: expected a CPU quantity such as 250m, 1 or 1.5'],
    [{ resources: { memory: '512MB' } }, 'resources.memory: expected a memory quantity such as 512Mi or 2Gi'],
  ])('%j is a located error', (fields, message) => {
    const doc = baseDoc();
    Object.assign(doc.services[0]!, fields);
    expect(messages(doc)).toEqual([`service web: ${message}`]);
  });
});
