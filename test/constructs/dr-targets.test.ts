/**
 * DrTargets and the constructs that declare to it: targets written in code (`ProtectedDatabase`, `ProtectedBucket`,
 * `protect` with tier/rpo/rto) join the catalog's and are planned once at synth; the plan is applied to the team's
 * resources; what cannot be applied to an imported one is a warning annotation the checker reports (DR-ADOPTION),
 * from the construct tree and from the cloud assembly on disk; mistakes are errors that name the construct and prop.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ADOPTION_ANNOTATION } from '../../constructs/adopt';
import { DrTargets } from '../../constructs/dr-targets';
import { assetIdOf, ProtectedBucket, ProtectedDatabase } from '../../constructs/protected';
import { EFFECTIVE_CATALOG_FILE } from '../../lib/catalog';
import { checkOnDisk } from '../../lib/checker';
import { DrPostureCheck } from '../../lib/posture';
import { asset, baseDoc } from './support';
import { reported } from '../support/cdk-report';

const ENV = { account: '222222222222', region: 'us-east-1' };
const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 });

function appWith(outdir: string) {
  const doc = baseDoc();
  // Data stores only: no service whose Deployment the checker would look for.
  doc.services = [];
  // An SLA whose monthly budget (90 %: 73 h) holds a day's Region RTO: the budget check (test/checker/budget.test.ts)
  // is not these tests' subject.
  for (const t of doc.tiers as { sla: number }[]) t.sla = 90;
  doc.assets.push(asset('orders', 'postgres', '15m', '1h', { owner: 'ops', tier: 'gold' }));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const targets = DrTargets.fromObject(app, doc, join(outdir, '..', 'dr-targets.yaml'));
  const stack = new Stack(app, 'Team', { env: ENV, crossRegionReferences: true });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  return { app, targets, stack, vpc };
}

describe('DrTargets with targets declared in code', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dr-targets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('ProtectedDatabase and ProtectedBucket take tier, rpo and rto; planned with the file, built into the team stack', () => {
    const { app, targets, stack, vpc } = appWith(join(dir, 'cdk.out'));
    const checkout = new ProtectedDatabase(stack, 'CheckoutDb', {
      tier: 'gold',
      rpo: Duration.minutes(1),
      rto: Duration.minutes(20),
      vpc,
      engine,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    new ProtectedBucket(stack, 'Media', { tier: 'bronze', rpo: '24h', rto: '8h' });
    targets.protect(
      new rds.DatabaseInstance(stack, 'Orders', {
        engine,
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      }),
      { asset: 'orders' },
    );
    const check = new DrPostureCheck({ today: '2026-12-07' });
    Validations.of(app).addPlugins(check);
    const { report } = reported(() => app.synth());
    // Neither database has an instance-mode experiment in this app: CDK shows the warning for each.
    expect(report.match(/^WARNING .*/gm)).toEqual([
      expect.stringMatching(/^WARNING checkout-db: a Multi-AZ database with no instance-mode experiment/),
      expect.stringMatching(/^WARNING orders: a Multi-AZ database with no instance-mode experiment/),
    ]);
    expect(checkout.assetId).toBe('checkout-db');
    const effective = targets.effectiveCatalog();
    expect(effective.assets.map((a) => [a.id, a.kind, a.tier, a.rpo, a.rtoSeconds])).toEqual([
      ['orders', 'postgres', 'gold', 900, 3600],
      ['checkout-db', 'postgres', 'gold', 60, 1200],
      ['media', 'object-store', 'bronze', 86400, 28800],
    ]);
    // RPO 1m on a zone loss, which PITR (RDS-2: 5 minutes) cannot give: the plan's Multi-AZ, on the construct's instance.
    const team = Template.fromStack(stack);
    team.hasResourceProperties('AWS::RDS::DBInstance', {
      MultiAZ: true,
      DeletionProtection: true,
      Tags: [
        { Key: 'dr:asset', Value: 'checkout-db' },
        { Key: 'dr:tier', Value: 'gold' },
      ],
    });
    team.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    // The DR layer: its own stacks beside the team's; the checker found DrTargets at the root without being told.
    expect(app.node.children.filter((c) => c instanceof Stack).map((c) => c.node.id)).toEqual(
      expect.arrayContaining(['AcmeTestDrPrimary', 'AcmeTestDrRecovery', 'Team']),
    );
    expect([...check.result!.entries.keys()]).toEqual(expect.arrayContaining(['checkout-db', 'media', 'orders']));
    expect(readFileSync(join(dir, 'cdk.out', EFFECTIVE_CATALOG_FILE), 'utf8')).toMatch(/id: checkout-db/);
  });

  test('an imported instance and bucket: nothing set on them, each named in an annotation the checker reports', () => {
    const { app, targets, stack } = appWith(join(dir, 'cdk.out'));
    const imported = rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Legacy', {
      instanceIdentifier: 'legacy',
      instanceEndpointAddress: 'legacy.example.internal',
      port: 5432,
      securityGroups: [],
    });
    targets.protect(imported, { asset: 'legacy', kind: 'postgres', tier: 'gold', rpo: '1h', rto: '4h' });
    targets.protect(s3.Bucket.fromBucketName(stack, 'Old', 'old-bucket'), {
      asset: 'archive',
      tier: 'bronze',
      rpo: '24h',
      rto: '24h',
    });
    const check = new DrPostureCheck({ today: '2026-12-07', postureOut: false });
    Validations.of(app).addPlugins(check);
    expect(() => app.synth()).toThrow(/DR-ADOPTION/);
    const adoption = check.result!.findings.filter((f) => f.rule === 'DR-ADOPTION');
    expect(adoption.map((f) => f.entry).sort()).toEqual(['archive', 'legacy']);
    expect(adoption.find((f) => f.entry === 'legacy')!.message).toMatch(
      /^legacy: Team\/Legacy is imported, so DrTargets cannot set what its plan needs \(Multi-AZ|automated backups/,
    );
    const unimplemented = check.result!.findings.filter((f) => f.rule === 'DR-UNIMPLEMENTED').map((f) => f.entry);
    expect(unimplemented).toEqual(expect.arrayContaining(['archive', 'legacy']));
    // The same from the cloud assembly on disk (its manifest keeps the annotations).
    const { result } = checkOnDisk({
      catalogFile: join(dir, 'cdk.out', EFFECTIVE_CATALOG_FILE),
      cdkOut: join(dir, 'cdk.out'),
      k8sDir: dir,
      today: '2026-12-07',
    });
    expect(
      result.findings
        .filter((f) => f.rule === 'DR-ADOPTION')
        .map((f) => f.entry)
        .sort(),
    ).toEqual(['archive', 'legacy']);
    expect(ADOPTION_ANNOTATION).toBe('dr-targets:adoption');
  });
});

describe('DrTargets: mistakes name the construct, the prop and the value', () => {
  const dir = join(tmpdir(), 'dr-targets-errors');

  test('an unknown tier, from the construct that declared it', () => {
    const { app, stack } = appWith(dir);
    new ProtectedBucket(stack, 'Media', { tier: 'platinum', rpo: '1h', rto: '4h' });
    expect(() => app.synth()).toThrow(
      /DrTargets: the assets protected in code do not fit [^\n]*\n {2}- Team\/Media\/Bucket: `tier`: got "platinum"; expected one of the tiers: gold, bronze/,
    );
  });

  test('a declaration that is half there, an asset twice, a file asset redeclared, an id the file lacks', () => {
    const { targets, stack } = appWith(dir);
    const bucket = (id: string) => new s3.Bucket(stack, id);
    expect(() => targets.protect(bucket('A'), { asset: 'a', tier: 'gold' })).toThrow(
      "Team/A: give `tier`, `rpo` and `rto` together to declare asset 'a'",
    );
    targets.protect(bucket('B'), { asset: 'b', tier: 'gold', rpo: '1h', rto: '1h' });
    expect(() => targets.protect(bucket('C'), { asset: 'b', tier: 'gold', rpo: '1h', rto: '1h' })).toThrow(
      "Team/C: `asset` 'b' is already protected at Team/B; one resource per asset",
    );
    expect(() => targets.protect(bucket('D'), { asset: 'orders', tier: 'gold', rpo: '1h', rto: '1h' })).toThrow(
      /Team\/D: asset 'orders' is already in .*dr-targets\.yaml; protect it without `tier`, `rpo` and `rto`/,
    );
    expect(() => targets.protect(bucket('E'), { asset: 'nowhere' })).toThrow(
      /Team\/E: `asset` 'nowhere' is not in .*; give `tier`, `rpo` and `rto` to declare it here/,
    );
    expect(() => targets.protect(bucket('F'), { asset: 'orders' })).toThrow(
      /Team\/F: asset 'orders' is a postgres in .*, but the resource is a object-store/,
    );
    const accept = [{ mode: 'region', slaBudget: '1d', reason: 'r', owner: 'ops', expires: '2099-01-01' }] as const;
    expect(() => targets.protect(bucket('G'), { asset: 'orders', accept })).toThrow(
      /Team\/G: asset 'orders' is in .*dr-targets\.yaml; accept its shortfalls there, not with `accept`/,
    );
  });

  test("accept: a declared asset's acceptances join the effective catalog, checked as the file's are", () => {
    const { targets, stack } = appWith(dir);
    targets.protect(new s3.Bucket(stack, 'Media'), {
      asset: 'media',
      tier: 'gold',
      rpo: '24h',
      rto: '8h',
      accept: [
        {
          mode: 'region',
          rto: 'unbounded',
          slaBudget: Duration.days(1),
          reason: 'A Region loss is a declared major incident',
          owner: 'ops',
          expires: '2099-01-01',
        },
      ],
    });
    const media = targets.effectiveCatalog().assets.find((a) => a.id === 'media')!;
    expect(media.acceptances.map((a) => [a.mode, a.rtoSeconds, a.slaBudgetSeconds, a.owner])).toEqual([
      ['region', 'unbounded', 86400, 'ops'],
    ]);
    const { targets: bad, stack: badStack } = appWith(dir);
    bad.protect(new s3.Bucket(badStack, 'Media'), {
      asset: 'media',
      tier: 'gold',
      rpo: '24h',
      rto: '8h',
      accept: [
        {
          mode: 'region',
          rto: '1h',
          reason: 'A Region loss is a declared major incident',
          owner: 'nobody',
          expires: '2099-01-01',
        },
      ],
    });
    expect(() => bad.effectiveCatalog()).toThrow(/- Team\/Media: `accept\.0\.owner`: got "nobody"; expected/);
  });

  test('protecting after the targets were planned, and DrTargets away from the root', () => {
    const { targets, stack } = appWith(dir);
    targets.plan();
    expect(() =>
      targets.protect(new s3.Bucket(stack, 'Late'), { asset: 'late', tier: 'gold', rpo: '1h', rto: '1h' }),
    ).toThrow(
      "Team/Late: DrTargets.protect('late') came after the targets were planned: protect every resource before the app synthesizes",
    );
    expect(() => DrTargets.of(new Stack(new App(), 'Lonely'))).toThrow(
      "Lonely: no DrTargets at the app root; add one first, e.g. DrTargets.fromFile(app, 'dr-targets.yaml')",
    );
  });

  test('a protected resource in a stack of another Region than the catalog’s primary', () => {
    const { app, targets } = appWith(dir);
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: ENV.account, region: 'eu-west-1' } });
    targets.protect(new s3.Bucket(elsewhere, 'B'), { asset: 'b', tier: 'gold', rpo: '1h', rto: '1h' });
    expect(() => app.synth()).toThrow(
      "DrTargets: stack Elsewhere (222222222222/eu-west-1) holds an adopted resource, but the catalog's primary side is 222222222222/us-east-1: give the stack that env",
    );
  });

  test('asset ids from construct ids', () => {
    expect(['Orders', 'OrderHistory', 'S3Media', 'my_db'].map(assetIdOf)).toEqual([
      'orders',
      'order-history',
      's3-media',
      'my-db',
    ]);
  });
});
