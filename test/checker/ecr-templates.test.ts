/**
 * DR-ECR-TEMPLATE: every Region ECR replication creates the company's repositories in has a creation template for
 * them, applied for REPLICATION, with immutable tags, KMS and the custom role a KMS key needs (ECR-2, ECR-3).
 */
import { check } from '../../lib/checker';
import { covers, readCreationTemplate } from '../../lib/checker/readers/ecr-template';
import { artifacts, catalog, DR_STACK, primary, type MutableArtifacts } from './fixture-app';
import { resource } from './helpers';

const found = (a: MutableArtifacts) =>
  check({ catalog: catalog(), artifacts: a, today: '2026-11-28' }).findings.filter((f) => f.rule === 'DR-ECR-TEMPLATE');
const template = (a: MutableArtifacts) =>
  a.stacks.find((s) => s.name === DR_STACK)!.resources.EcrReplicaTemplate!.Properties as Record<string, unknown>;

describe('DR-ECR-TEMPLATE: replicated repositories are created from a template of their Region', () => {
  test('the fixture: a KMS, immutable template with its role in the DR stack: nothing to report', () => {
    expect(found(artifacts())).toEqual([]);
  });

  test('the templates before issue 14: a replication configuration and no creation template', () => {
    const a = artifacts();
    delete a.stacks.find((s) => s.name === DR_STACK)!.resources.EcrReplicaTemplate;
    const f = found(a);
    expect(f.map((x) => [x.severity, x.where])).toEqual([
      ['error', 'ExampleDrPrimary/Registry (AWS::ECR::ReplicationConfiguration)'],
    ]);
    expect(f[0]!.message).toMatch(
      /replicates repositories example-co\/\* to eu-west-1, where no repository creation template applied for REPLICATION covers them: replicas would be created with mutable tags and AES-256 \(ECR-2\)/,
    );
  });

  test.each([
    ['applied for pull-through cache only', { AppliedFor: ['PULL_THROUGH_CACHE'] }, /no repository creation template/],
    ['another prefix', { Prefix: 'other' }, /no repository creation template/],
    ['mutable tags (the default)', { ImageTagMutability: undefined }, /its template leaves tags MUTABLE/],
    ['AES-256 (the default)', { EncryptionConfiguration: undefined }, /its template encrypts with AES256/],
    ['a KMS key without the custom role', { CustomRoleArn: undefined }, /without the custom role ECR needs/],
  ])('refused: %s', (_what, change, message) => {
    const a = artifacts();
    Object.assign(template(a), change);
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete template(a)[k];
    expect(found(a).map((f) => f.message)).toEqual([expect.stringMatching(message)]);
  });

  test('ROOT covers every repository; a prefix covers those under it with the `/` ECR adds', () => {
    const t = (Prefix: string) => readCreationTemplate(resource('AWS::ECR::RepositoryCreationTemplate', { Prefix }));
    expect([covers(t('ROOT'), null), covers(t('ROOT'), 'x/')]).toEqual([true, true]);
    expect([covers(t('example-co'), 'example-co/'), covers(t('example'), 'example-co/'), covers(t('x'), null)]).toEqual(
      [true, false, false],
    );
  });

  test('a replication rule into its own Region needs no template there', () => {
    const a = artifacts();
    delete a.stacks.find((s) => s.name === DR_STACK)!.resources.EcrReplicaTemplate;
    const rules = (primary(a, 'Registry').ReplicationConfiguration as { Rules: { Destinations: unknown[] }[] }).Rules;
    rules[0]!.Destinations = [{ Region: 'eu-west-2', RegistryId: '123456789012' }];
    expect(found(a)).toEqual([]);
  });
});
