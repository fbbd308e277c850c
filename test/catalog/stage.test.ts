/**
 * `environment.stage`: a stage other than production puts itself into every AWS and cluster-wide name, so a staging
 * and a production catalog deploy side by side; production (or no stage) keeps every name as it was; a stage that
 * pushes a name past its service's limit is a located error at `environment.stage`. Each catalog's synth writes into
 * its own folder (bin/outputs.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { main } from '../../bin/entry';
import { CatalogError, parseCatalog } from '../../lib/catalog';
import { generatedNames, type NameScope } from '../../lib/catalog/generated-names';
import { catalogSchema } from '../../lib/catalog/schema';
import { loadCloudAssembly, loadManifests } from '../../lib/checker';
import { reported } from '../support/cdk-report';

/** Inserts `stage: …` (and optionally more lines) at the top of `environment:`. */
const staged = (text: string, stage: string, more = '') =>
  text.replace(/^environment:\n/m, `environment:\n  stage: ${stage}\n${more}`);
const raw = (text: string) => catalogSchema.parse(parseDocument(text).toJS());

/** Names that live in an account, a Region or a whole cluster: what two stages sharing them must not both take. */
const SHARED: readonly NameScope[] = [
  's3-bucket',
  'db-identifier',
  'backup-vault',
  'backup-plan',
  'kms-alias',
  'iam-role',
  'secret',
  'sns-topic',
  'ecr-repository',
  'audit-framework',
  'restore-testing-plan',
  'stack',
  'org-policy',
  'db-subnet-group',
  'k8s:PriorityClass',
  'k8s:StorageClass',
];

describe('environment.stage in generated names', () => {
  const catalogs = ['dr-targets.yaml', 'test/fixtures/bookshop.yaml'];

  test.each(catalogs)('%s: stage production gives exactly the names of no stage', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(generatedNames(raw(staged(text, 'production')))).toEqual(generatedNames(raw(text)));
    expect(parseCatalog(staged(text, 'production'), file).naming).toEqual(parseCatalog(text, file).naming);
  });

  test.each(catalogs)('%s: stage staging changes every shared name and leaves none to collide', (file) => {
    const text = readFileSync(file, 'utf8');
    const shared = (t: string) =>
      new Set(
        generatedNames(raw(t))
          .filter((n) => SHARED.includes(n.scope))
          .map((n) => `${n.scope} ${n.name}`),
      );
    const production = shared(text);
    const staging = shared(staged(text, 'staging'));
    expect(staging.size).toBe(production.size);
    expect([...staging].filter((n) => production.has(n))).toEqual([]);
    expect([...staging].every((n) => /staging|Staging/.test(n))).toBe(true);
  });

  test('a stage that pushes a name past its limit is located at environment.stage, naming the name', () => {
    const text = staged(readFileSync('test/fixtures/minimal.yaml', 'utf8'), 'quality-assurance-eu-2026');
    let problems: CatalogError['problems'] = [];
    try {
      parseCatalog(text, 'staging.yaml');
    } catch (e) {
      if (!(e instanceof CatalogError)) throw e;
      problems = e.problems;
    }
    expect(problems.map((p) => [p.line, p.column, p.subject, p.field])).toEqual(
      problems.map(() => [5, 10, 'environment', 'stage']),
    );
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'expected a shorter stage: with it, the primary access-log bucket is "example-co-quality-assurance-eu-2026-access-logs-123456789012-eu-west-2": 71 characters; S3 bucket naming rules allow 3 to 63',
        'expected a shorter stage: with it, the backup plan name of tier gold is "example-co-quality-assurance-eu-2026-gold": 41 characters; AWS Backup plan names with their rule label (50) allow at most 24',
      ]),
    );
    // The same catalog without the stage is valid: the stage, not an id, is what is too long.
    expect(() => parseCatalog(readFileSync('test/fixtures/minimal.yaml', 'utf8'), 'staging.yaml')).not.toThrow();
  });

  test('a stage is a name of lowercase words joined by -', () => {
    expect(() => parseCatalog(staged(readFileSync('test/fixtures/minimal.yaml', 'utf8'), 'QA_1'), 'x.yaml')).toThrow(
      /x\.yaml:5:\d+: environment: stage: got "QA_1"; expected a stage name of lowercase letters and digits/,
    );
  });
});

describe('a staging and a production catalog, synthesized side by side', () => {
  let dir: string;
  const codes: number[] = [];
  const reports: string[] = [];
  const accept = [
    '    accept:',
    '      - { mode: region, rto: unbounded, reason: No cluster runs in the DR Region yet, owner: ops, expires: 2099-12-31 }',
  ].join('\n');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-stages-'));
    const production = readFileSync('test/fixtures/minimal.yaml', 'utf8').replace(
      '    dependsOn: []\n',
      `    dependsOn: []\n${accept}\n`,
    );
    writeFileSync(join(dir, 'production.yaml'), production);
    writeFileSync(
      join(dir, 'staging.yaml'),
      staged(production, 'staging').replace('namespace: shop', 'namespace: shop-staging'),
    );
    for (const name of ['production', 'staging']) {
      const err: string[] = [];
      const { result, report } = reported(() =>
        main({ catalogFile: join(dir, `${name}.yaml`), validation: false, stderr: (t) => void err.push(t) }),
      );
      codes.push(result);
      reports.push(report);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('both synthesize, each into its own folder beside its catalog, with its own placement file', () => {
    expect(codes).toEqual([0, 0]);
    // CDK shows each the one warning of the catalog (its service has no health signal).
    for (const report of reports)
      expect(report.match(/^WARNING .*/gm)).toEqual([expect.stringMatching(/^WARNING web: no health signal/)]);
    expect(readdirSync(dir).sort()).toEqual([
      'production.out',
      'production.placement.yaml',
      'production.yaml',
      'staging.out',
      'staging.placement.yaml',
      'staging.yaml',
    ]);
    for (const name of ['production', 'staging'])
      for (const f of ['cdk.out/manifest.json', 'dist/dr-posture.json', 'dist/k8s/platform.k8s.yaml'])
        expect([name, f, existsSync(join(dir, `${name}.out`, f))]).toEqual([name, f, true]);
  });

  test('no AWS name, stack or cluster-wide Kubernetes object of one is the other’s', () => {
    const NAME_PROPERTY: Record<string, string> = {
      'AWS::S3::Bucket': 'BucketName',
      'AWS::IAM::Role': 'RoleName',
      'AWS::Backup::BackupVault': 'BackupVaultName',
      'AWS::Backup::BackupPlan': 'BackupPlan.BackupPlanName',
      'AWS::KMS::Alias': 'AliasName',
      'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
      'AWS::ECR::Repository': 'RepositoryName',
      'AWS::SecretsManager::Secret': 'Name',
      'AWS::SNS::Topic': 'TopicName',
      'AWS::Backup::Framework': 'FrameworkName',
      'AWS::RDS::DBSubnetGroup': 'DBSubnetGroupName',
    };
    const names = (name: string) => {
      const out = new Set<string>();
      for (const stack of loadCloudAssembly(join(dir, `${name}.out`, 'cdk.out'))) {
        out.add(`stack ${stack.name}`);
        for (const r of Object.values(stack.resources)) {
          const path = NAME_PROPERTY[r.Type];
          const value = path
            ?.split('.')
            .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], r.Properties);
          if (typeof value === 'string') out.add(`${r.Type} ${value}`);
        }
      }
      for (const o of loadManifests(join(dir, `${name}.out`, 'dist', 'k8s'))) {
        const namespace = (o.doc as { metadata?: { namespace?: string } }).metadata?.namespace;
        out.add(`${o.kind} ${namespace ?? '(cluster)'}/${o.name}`);
      }
      return out;
    };
    const production = names('production');
    const staging = names('staging');
    expect(production.size).toBeGreaterThan(25);
    expect([...staging].filter((n) => production.has(n))).toEqual([]);
    expect(production).toContain('stack ExampleCoDrPrimary');
    expect(staging).toContain('stack ExampleCoStagingDrPrimary');
    expect(staging).toContain('AWS::RDS::DBInstance example-co-staging-orders');
  });
});
