/**
 * `dr validate` and synth agree: a catalog at every limit validation allows — each id as long as its longest
 * generated name permits, every kind that gets names, drills of both kinds — is accepted by validation and then
 * synthesizes with CDK's CloudFormation validation on, ending in a posture (exit 0, or 1 on a DR gap), never in an
 * error validation could have seen. Every name the artifacts carry is one validation predicted and checked.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { parseCatalog } from '../../lib/catalog';
import { generatedNames } from '../../lib/catalog/generated-names';
import { nameProblem } from '../../lib/catalog/names-check';
import { catalogSchema } from '../../lib/catalog/schema';
import { loadCloudAssembly, manifestsFromMemory } from '../../lib/checker';
import { parsePosture } from '../../lib/posture';
import { cachedSynth, type CachedSynth } from '../support/cached-synth';

const long = (n: number, stem: string) => `${stem}${'x'.repeat(n - stem.length)}`;
// With company Example Co (prefix example-co), account 123456789012 and Regions eu-west-2/eu-west-1:
const ID = {
  tier: long(24 - 'example-co-'.length, 'gold'), // backup plan names with their rule label: 50
  service: long(63, 'web'), // label values and Services: 63
  db: long(63 - '-pre-deploy-backup'.length, 'orders'), // its pre-deploy backup Job: 63
  bucket: long(63 - 'example-co--123456789012-eu-west-2'.length, 'media'), // bucket names: 63
  redis: long(52 - '-restore-test'.length, 'sessions'), // CronJobs: 52
  drill: long(50 - 'example_co_'.length, 'pitr'), // restore testing plans: 50
};

function boundaryCatalog(): string {
  const base = readFileSync('test/fixtures/minimal.yaml', 'utf8')
    .replace('id: gold', `id: ${ID.tier}`)
    .replace(/tier: gold/g, `tier: ${ID.tier}`)
    .replace('  - id: web\n', `  - id: ${ID.service}\n`)
    .replace('owner: web', `owner: ${ID.service}`)
    .replace('owns: [orders]', `owns: [${ID.db}, ${ID.bucket}, ${ID.redis}, app-secrets]`)
    .replace('  - id: orders\n', `  - id: ${ID.db}\n`)
    .replace('    backupMethod: PITR\n', '    backupMethod: PITR\n    preDeploySnapshot: true\n')
    // The Region-loss path: a pilot light (network, standby cluster, Region switch plan) and DNS failover.
    .replace(
      '    imageTag: "2.0.1"\n',
      '    imageTag: "2.0.1"\n  drCompute: { kind: pilot-light, kubernetesVersion: "1.33" }\n' +
        '  dns:\n    hostedZoneId: Z0123456789ABCDEFGHIJ\n    recordName: shop.example.com\n    targets:\n' +
        '      eu-west-2: { dnsName: primary.shop.example.com }\n      eu-west-1: { dnsName: dr.shop.example.com }\n',
    )
    .replace(
      'services:',
      `drills:\n  - { id: ${ID.drill}, name: PITR, kind: pitr-restore, frequency: quarterly, owner: ops, assets: [${ID.db}] }\n` +
        `  - { id: redis-drill, name: Redis, kind: redis-restore, frequency: monthly, owner: ops, assets: [${ID.redis}] }\nservices:`,
    );
  const asset = (id: string, kind: string) =>
    `  - { id: ${id}, kind: ${kind}, rpo: 1h, rto: 4h, owner: ${ID.service}, backupMethod: native }\n`;
  return base + asset(ID.bucket, 'object-store') + asset(ID.redis, 'redis') + asset('app-secrets', 'secret');
}

describe('validation and synth agree at the limits', () => {
  let dir: string;
  let synth: CachedSynth;
  const text = boundaryCatalog();
  beforeAll(() => {
    const scratch = mkdtempSync(join(tmpdir(), 'dr-agree-'));
    const file = join(scratch, 'catalog.yaml');
    writeFileSync(file, text);
    try {
      // Cached by its inputs' hash (test/support/cached-synth.ts). A DR gap (exit 1) is a finding about the targets,
      // not a disagreement (the outcome says which); anything else is thrown and fails every test below.
      synth = cachedSynth('agreement', file);
      dir = synth.dir;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  test('the boundary catalog is valid', () => {
    expect(parseCatalog(text, 'catalog.yaml').assets.map((a) => a.id.length)).toEqual([45, 29, 39, 11]);
  });

  test('synth with CloudFormation validation ends in a posture: exit 0, or 1 on a DR gap', () => {
    expect(readdirSorted(join(dir, 'dist'))).toEqual([
      'dr-posture.json',
      'dr-posture.md',
      'dr-posture.svg',
      'k8s',
      'k8s-dr',
    ]);
    const posture = parsePosture(readFileSync(join(dir, 'dist', 'dr-posture.json'), 'utf8'), 'dr-posture.json');
    expect(posture.entries.length).toBeGreaterThan(0);
    expect(['ok', 'dr-gap']).toContain(synth.outcome);
  });

  test('every Kubernetes object name was predicted by validation and is within its kind’s rules', () => {
    const raw = catalogSchema.parse(parseDocument(text).toJS());
    const predicted = new Set(generatedNames(raw).map((n) => `${n.scope} ${n.name}`));
    // Both clusters' manifests: the primary's and the DR site's (the standby cluster of the pilot light).
    for (const folder of ['k8s', 'k8s-dr']) {
      const files = new Map<string, string>(
        readdirSync(join(dir, 'dist', folder)).map(
          (f) => [f, readFileSync(join(dir, 'dist', folder, f), 'utf8')] as const,
        ),
      );
      const objects = manifestsFromMemory(files);
      // The DR site has no jobs (shipping, restore tests and pre-deploy backups run where the data is written).
      expect(objects.length).toBeGreaterThan(folder === 'k8s' ? 30 : 20);
      for (const o of objects) {
        const key = `k8s:${o.kind} ${o.name}`;
        expect([key, predicted.has(key), nameProblem(`k8s:${o.kind}`, o.name)]).toEqual([key, true, undefined]);
      }
      for (const f of files.keys()) expect([f, predicted.has(`manifest-file ${f}`)]).toEqual([f, true]);
    }
  });

  test('every AWS resource name was predicted by validation and is within its service’s rules', () => {
    const raw = catalogSchema.parse(parseDocument(text).toJS());
    const predicted = generatedNames(raw);
    const has = (scope: string, name: string) => predicted.some((n) => n.scope === scope && n.name === name);
    const NAME_PROPERTY: Record<string, [string, string]> = {
      'AWS::S3::Bucket': ['s3-bucket', 'BucketName'],
      'AWS::IAM::Role': ['iam-role', 'RoleName'],
      'AWS::Backup::BackupVault': ['backup-vault', 'BackupVaultName'],
      'AWS::KMS::Alias': ['kms-alias', 'AliasName'],
      'AWS::RDS::DBInstance': ['db-identifier', 'DBInstanceIdentifier'],
      'AWS::ECR::Repository': ['ecr-repository', 'RepositoryName'],
      'AWS::SecretsManager::Secret': ['secret', 'Name'],
      'AWS::SNS::Topic': ['sns-topic', 'TopicName'],
      'AWS::Backup::Framework': ['audit-framework', 'FrameworkName'],
      'AWS::Backup::RestoreTestingPlan': ['restore-testing-plan', 'RestoreTestingPlanName'],
      'AWS::RDS::DBSubnetGroup': ['db-subnet-group', 'DBSubnetGroupName'],
      'AWS::RDS::DBParameterGroup': ['db-parameter-group', 'DBParameterGroupName'],
      'AWS::EC2::SecurityGroup': ['security-group', 'GroupName'],
      'AWS::EKS::Cluster': ['eks-cluster', 'Name'],
      'AWS::ARCRegionSwitch::Plan': ['region-switch-plan', 'Name'],
    };
    let checked = 0;
    for (const stack of loadCloudAssembly(join(dir, 'cdk.out'))) {
      for (const [id, r] of Object.entries(stack.resources)) {
        const rule = NAME_PROPERTY[r.Type];
        const name = rule && r.Properties?.[rule[1]];
        if (typeof name !== 'string') continue;
        checked++;
        const key = `${stack.name}/${id} ${rule[0]} ${name}`;
        expect([key, has(rule[0], name), nameProblem(rule[0] as never, name)]).toEqual([key, true, undefined]);
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});

function readdirSorted(dir: string): string[] {
  return readdirSync(dir).sort();
}
