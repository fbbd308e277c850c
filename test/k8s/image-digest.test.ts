/** Service images pinned by content: a catalog `imageTag` that is a digest renders `repository@sha256:…`. */
import { readFileSync } from 'node:fs';
import { synthManifests } from '../../k8s/app';
import { parseCatalog } from '../../lib/catalog';
import { planCatalog } from '../../lib/catalog-plan';
import { manifestsFromMemory } from '../../lib/checker';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const images = (tag: string) =>
  manifestsFromMemory(
    synthManifests(
      planCatalog(
        parseCatalog(
          readFileSync('test/fixtures/minimal.yaml', 'utf8').replace('imageTag: "2.0.1"', `imageTag: "${tag}"`),
          'm.yaml',
        ),
      ),
    ),
  )
    .filter((o) => o.kind === 'Deployment')
    .map((o) => (o.doc.spec as any).template.spec.containers[0].image as string);

test('a digest pins the image by content; a tag stays a tag', () => {
  expect(images(DIGEST)).toEqual([`123456789012.dkr.ecr.eu-west-2.amazonaws.com/example-co/web@${DIGEST}`]);
  expect(images('2.0.1')).toEqual(['123456789012.dkr.ecr.eu-west-2.amazonaws.com/example-co/web:2.0.1']);
});

describe('third-party images pinned by the catalog (environment.kubernetes.images)', () => {
  // A catalog with a Redis, so every third-party image (Redis, the AWS CLI, the exporter) runs somewhere.
  const withRedis = (pins: string) =>
    readFileSync('test/fixtures/minimal.yaml', 'utf8')
      .replace('imageTag: "2.0.1"', `imageTag: "2.0.1"${pins}`)
      .replace('    dependsOn: []', '    dependsOn: [keys]')
      .concat(
        '  - { id: sessions, kind: redis, rpo: 1h, rto: 30m, owner: web, backupMethod: AOF }\n',
        '  - { id: keys, kind: secret, rpo: 1h, rto: 30m, owner: web, backupMethod: Secrets Manager }\n',
      )
      .replace('    owns: [orders]', '    owns: [orders, sessions]');
  const containerImages = (text: string) =>
    new Set(
      manifestsFromMemory(synthManifests(planCatalog(parseCatalog(text, 'm.yaml')))).flatMap((o) => {
        const spec = (o.doc.spec as any)?.template?.spec ?? (o.doc.spec as any)?.jobTemplate?.spec?.template?.spec;
        return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((c: { image: string }) => c.image);
      }),
    );
  const pinned = {
    redis: `redis:7.0.15@sha256:${'1'.repeat(64)}`,
    awsCli: `123456789012.dkr.ecr.eu-west-2.amazonaws.com/mirror/aws-cli@sha256:${'2'.repeat(64)}`,
    redisExporter: `oliver006/redis_exporter:v1.62.0@sha256:${'3'.repeat(64)}`,
  };

  test('every pinned image runs by its digest, and no tag-only third-party image is left', () => {
    const pins = `\n    images:\n${Object.entries(pinned)
      .map(([k, v]) => `      ${k}: "${v}"`)
      .join('\n')}`;
    const used = containerImages(withRedis(pins));
    for (const ref of Object.values(pinned)) expect(used).toContain(ref);
    expect([...used].filter((i) => !i.includes('@sha256:') && !i.includes('/example-co/'))).toEqual([]);
  });

  test('without pins they run by version tag', () => {
    expect(containerImages(withRedis(''))).toContain('redis:7.0.15');
  });

  test('a pin that is only a tag is a located error', () => {
    expect(() => parseCatalog(withRedis('\n    images: { redis: "redis:7.0.15" }'), 'm.yaml')).toThrow(
      /m\.yaml:\d+:\d+: environment: kubernetes\.images\.redis: got "redis:7\.0\.15"; expected an image pinned by digest/,
    );
  });
});
