/**
 * `Validations.of(app).addPlugins(new DrPostureCheck({ targets }))` on a CDK app written without the library's
 * constructs: aws-cdk-lib L2s a team already has, tagged `dr:asset`. The checker judges them from their templates,
 * writes the posture beside the cloud assembly (also when synth fails on a gap), and flags a data store without a tag.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DrPostureCheck } from '../../lib/posture';
import { parsePosture } from '../../lib/posture';
import { reported } from '../support/cdk-report';

const CATALOG = `
version: 1
company: Team App
profile: production
environment:
  account: "123456789012"
  regions: { primary: eu-west-2, dr: eu-west-1 }
  availabilityZones:
    eu-west-2: [eu-west-2a, eu-west-2b, eu-west-2c]
    eu-west-1: [eu-west-1a, eu-west-1b, eu-west-1c]
  kubernetes: { version: "1.32", namespace: team, clusters: { primary: team }, imageTag: "1.0.0" }
contacts:
  - { id: ops, role: Operations, email: ops@example.com, notify: true }
tiers:
  - id: gold
    name: Gold
    definition: Customer-facing.
    sla: 99.9
    policy:
      minReplicas: 2
      maxReplicas: 5
      priority: 1000
      retention: 7d
      immutableBackups: false
      vaultLock: { mode: governance, minRetention: 1d, maxRetention: 90d }
      backupWindow: { start: 1h, completion: 2h }
      evidenceValidity: 90d
      region: { rpo: 24h, rto: 24h, interpretation: A Region loss may cost a day. }
services: []
assets:
  - id: orders
    kind: postgres
    tier: gold
    rpo: 1h
    rto: 4h
    owner: ops
    backupMethod: RDS automated backups
    ACCEPT
  - id: media
    kind: object-store
    tier: gold
    rpo: 24h
    rto: 24h
    owner: ops
    backupMethod: versioning
    ACCEPT
`;
// Every mode's RTO (4h, 24h) is over the tier's monthly error budget (99.9 %: 43.8 min): accepted as such
// (DR-SLA-BUDGET): the budget check has its own tests (test/checker/budget.test.ts).
const ACCEPT = `accept:
      - { mode: instance, slaBudget: unbounded, reason: The SLA budget is not what this test is about, owner: ops, expires: 2099-01-01 }
      - { mode: az, slaBudget: unbounded, reason: The SLA budget is not what this test is about, owner: ops, expires: 2099-01-01 }
      - { mode: region, rpo: unbounded, rto: unbounded, slaBudget: unbounded, reason: No copy outside the primary Region yet, owner: ops, expires: 2099-01-01 }
      - { mode: corruption, rpo: unbounded, rto: unbounded, slaBudget: unbounded, reason: No copy that a versioned delete cannot reach yet, owner: ops, expires: 2099-01-01 }`;

/** The team's own app: a VPC, a Multi-AZ PostgreSQL instance and a versioned bucket, tagged for the catalog. */
function teamApp(outdir: string, targets: string, change: { multiAz?: boolean; untagged?: boolean } = {}) {
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const plugin = new DrPostureCheck({ targets, today: '2026-12-07' });
  Validations.of(app).addPlugins(plugin);
  const stack = new Stack(app, 'TeamData', { env: { account: '123456789012', region: 'eu-west-2' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-2a', 'eu-west-2b'],
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const secret = new rds.DatabaseSecret(stack, 'OrdersSecret', { username: 'admin' });
  secret.applyRemovalPolicy(RemovalPolicy.RETAIN);
  Tags.of(secret).add('dr:role', 'credentials');
  const db = new rds.DatabaseInstance(stack, 'Orders', {
    credentials: rds.Credentials.fromSecret(secret),
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    multiAz: change.multiAz ?? true,
    backupRetention: Duration.days(7),
    deleteAutomatedBackups: false,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    storageEncrypted: true,
  });
  Tags.of(db).add('dr:asset', 'orders');
  Tags.of(db).add('dr:tier', 'gold');
  const media = new s3.Bucket(stack, 'Media', { versioned: true, removalPolicy: RemovalPolicy.RETAIN });
  Tags.of(media).add('dr:asset', 'media');
  Tags.of(media).add('dr:tier', 'gold');
  if (change.untagged) new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.RETAIN });
  return { app, plugin };
}

describe('DrPostureCheck on any CDK app whose data stores carry dr:asset tags', () => {
  let dir: string;
  let targets: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-any-app-'));
    targets = join(dir, 'dr-targets.yaml');
    writeFileSync(targets, CATALOG.replaceAll('ACCEPT', ACCEPT));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the tagged L2s are read and judged; the posture is written beside the cloud assembly', () => {
    const outdir = join(dir, 'cdk.out');
    const { app, plugin } = teamApp(outdir, targets);
    // The team's database has no instance-mode experiment: CDK shows that warning, and only that one.
    expect(reported(() => app.synth()).report.match(/^WARNING .*/gm)).toEqual([
      expect.stringMatching(/^WARNING orders: a Multi-AZ database with no instance-mode experiment/),
    ]);
    const orders = plugin.result!.entries.get('orders')!;
    expect(orders.groups.flatMap((g) => g.mechanisms.map((m) => m.id))).toEqual(
      expect.arrayContaining(['rds-multi-az-instance', 'rds-automated-backups']),
    );
    expect(plugin.result!.entries.get('media')!.groups.flatMap((g) => g.mechanisms.map((m) => m.id))).toContain(
      's3-versioning',
    );
    const posture = parsePosture(readFileSync(join(outdir, 'dr-posture.json'), 'utf8'), 'dr-posture.json');
    expect(posture.asOf).toBe('2026-12-07');
    expect(posture.entries.map((e) => e.id).sort()).toEqual(['media', 'orders']);
    expect(posture.entries.find((e) => e.id === 'orders')!.modes.region.status).toBe('accepted');
    expect(existsSync(join(outdir, 'dr-posture.md'))).toBe(true);
    expect(existsSync(join(outdir, 'dr-posture.svg'))).toBe(true);
  });

  test('a gap fails synth naming the asset, and the posture is written first', () => {
    writeFileSync(targets, CATALOG.replaceAll('ACCEPT', ''));
    const outdir = join(dir, 'cdk.out');
    const { app } = teamApp(outdir, targets);
    expect(() => app.synth()).toThrow(/DR-GAP[\s\S]*orders · region/);
    const posture = parsePosture(readFileSync(join(outdir, 'dr-posture.json'), 'utf8'), 'dr-posture.json');
    expect(posture.entries.find((e) => e.id === 'orders')!.modes.region.status).toBe('gap');
  });

  test('Multi-AZ off is read from the template: the zone mode of orders gets worse', () => {
    // CDK's report of the warning (see the first test) is set aside here, as in the tests below.
    const multi = teamApp(join(dir, 'a'), targets);
    reported(() => multi.app.synth());
    const single = teamApp(join(dir, 'b'), targets, { multiAz: false });
    try {
      reported(() => single.app.synth());
    } catch {
      // a gap may fail synth; the result is there either way
    }
    const zone = (p: typeof multi.plugin) => p.result!.entries.get('orders')!.assessment.az;
    expect(single.plugin.result!.entries.get('orders')!.groups.flatMap((g) => g.mechanisms.map((m) => m.id))).toContain(
      'rds-single-az',
    );
    expect(zone(single.plugin).rto).not.toEqual(zone(multi.plugin).rto);
  });

  test('a data store without a dr:asset tag fails synth (DR-UNLABELLED)', () => {
    const { app } = teamApp(join(dir, 'cdk.out'), targets, { untagged: true });
    expect(() => app.synth()).toThrow(/Scratch[\s\S]*has no dr:asset tag[\s\S]*DR-UNLABELLED/);
  });

  test('postureOut: false writes nothing; a folder puts the files there', () => {
    const app = new App({ outdir: join(dir, 'none'), builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(new DrPostureCheck({ targets, today: '2026-12-07', postureOut: false }));
    new s3.Bucket(new Stack(app, 'S'), 'B', { removalPolicy: RemovalPolicy.RETAIN });
    expect(() => app.synth()).toThrow(/DR-/);
    expect(existsSync(join(dir, 'none', 'dr-posture.json'))).toBe(false);
    const elsewhere = join(dir, 'reports');
    const { app: app2 } = teamApp(join(dir, 'c'), targets);
    Validations.of(app2).addPlugins(new DrPostureCheck({ targets, today: '2026-12-07', postureOut: elsewhere }));
    reported(() => app2.synth());
    expect(existsSync(join(elsewhere, 'dr-posture.json'))).toBe(true);
  });
});
