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
