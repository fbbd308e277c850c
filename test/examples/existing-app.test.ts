/**
 * examples/existing-app: a team's CDK app (its own VPC, an RDS instance and an S3 bucket it defines, its own Kubernetes
 * Deployment) made DR-checked by a few library calls. It synthesizes with CloudFormation validation and the checker,
 * its posture is what its configuration achieves, `dr check` reads the same from disk, and taking one protection away
 * (Multi-AZ) fails its synth naming the asset.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { buildApp } from '../../examples/existing-app/app';
import { EFFECTIVE_CATALOG_FILE, parseCatalog } from '../../lib/catalog';
import { checkOnDisk, loadCloudAssembly } from '../../lib/checker';
import { parsePosture, type Posture } from '../../lib/posture';
import { reported } from '../support/cdk-report';

const EXAMPLE = 'examples/existing-app';

const statusOf = (p: Posture, id: string) =>
  Object.fromEntries(Object.entries(p.entries.find((e) => e.id === id)!.modes).map(([m, v]) => [m, v.status]));

describe('examples/existing-app', () => {
  let dir: string;
  let posture: Posture;
  let findings: readonly { severity: string; rule: string; entry?: string }[];
  let report: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-example-'));
    process.env.DR_TODAY = '2026-12-07';
    const { app, check } = buildApp({ outdir: join(dir, 'cdk.out') });
    report = reported(() => app.synth()).report;
    findings = check.result!.findings;
    posture = parsePosture(readFileSync(join(dir, 'cdk.out', 'dr-posture.json'), 'utf8'), 'dr-posture.json');
  });
  afterAll(() => {
    delete process.env.DR_TODAY;
    rmSync(dir, { recursive: true, force: true });
  });

  test('its library calls are at most 40 lines', () => {
    const text = readFileSync(join(EXAMPLE, 'app.ts'), 'utf8');
    const [start, end] = [text.indexOf('\n  // ---- DR'), text.indexOf('\n  // ---- end of DR')];
    expect([start > 0, end > start]).toEqual([true, true]);
    const calls = text
      .slice(start, end)
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.length).toBeLessThanOrEqual(40);
  });

  test('synthesizes with the checker: no failing finding, the posture beside the cloud assembly', () => {
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(posture.entries.map((e) => e.id).sort()).toEqual(['media', 'orders', 'web']);
    // What `cdk synth` shows the team: each warning once, with the rule to acknowledge it by.
    const warned = findings.filter((f) => f.severity === 'warning');
    expect(warned.length).toBeGreaterThan(0);
    for (const f of warned) expect(report).toContain(`DR-posture::${f.rule}`);
    expect(report.match(/^WARNING web: no health signal/gm)).toHaveLength(1);
  });

  test('the posture is what the adopted resources achieve', () => {
    // Multi-AZ (synchronous standby, RDS-8) holds RPO 0 on an instance or zone loss; the failover time is typical.
    expect(statusOf(posture, 'orders')).toEqual({
      instance: 'expected',
      az: 'expected',
      region: 'unverified',
      // A restore to the second before it, plus the declared 5 minutes unnoticed and 20 minutes of people: accepted.
      corruption: 'accepted',
    });
    const orders = posture.entries.find((e) => e.id === 'orders')!;
    expect([orders.modes.az.rpo.status, orders.modes.corruption.rpo.status]).toEqual(['met', 'accepted']);
    // The bucket declared in code: replicated with RTC to its twin in the DR Region.
    expect(posture.entries.find((e) => e.id === 'media')!.modes.region.rpo.status).toBe('met');
    // The team's Deployment, graded as a planned one; no cluster in the DR Region is accepted.
    expect(statusOf(posture, 'web').region).toBe('accepted');
  });

  test('the plan is applied to the team’s own resources, in the team’s stack', () => {
    const shop = loadCloudAssembly(join(dir, 'cdk.out')).find((s) => s.name === 'Shop')!;
    const db = Object.values(shop.resources).find((r) => r.Type === 'AWS::RDS::DBInstance')!;
    expect(db.Properties).toMatchObject({
      MultiAZ: true,
      DeletionProtection: true,
      DeleteAutomatedBackups: false,
      AutomaticBackupReplicationRegion: 'eu-west-1',
      Tags: expect.arrayContaining([{ Key: 'dr:asset', Value: 'orders' }]),
    });
    expect([db.DeletionPolicy, db.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    const bucket = Object.values(shop.resources).find((r) => r.Type === 'AWS::S3::Bucket')!;
    expect(bucket.Properties?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(JSON.stringify(bucket.Properties?.ReplicationConfiguration)).toContain(
      'acme-shop-media-111122223333-eu-west-1',
    );
    // The twin the bucket replicates to is the DR layer's, in the DR Region.
    const recovery = loadCloudAssembly(join(dir, 'cdk.out')).find((s) => s.name === 'AcmeShopDrRecovery')!;
    expect(
      Object.values(recovery.resources).some(
        (r) => r.Type === 'AWS::S3::Bucket' && r.Properties?.BucketName === 'acme-shop-media-111122223333-eu-west-1',
      ),
    ).toBe(true);
  });

  test('the effective catalog (file + the bucket declared in code) is in the cloud assembly; dr check reads the same', () => {
    const file = join(dir, 'cdk.out', EFFECTIVE_CATALOG_FILE);
    const catalog = parseCatalog(readFileSync(file, 'utf8'), file);
    expect(catalog.assets.map((a) => [a.id, a.kind, a.tier, a.rpo, a.rtoSeconds])).toEqual([
      ['orders', 'postgres', 'tier-1', 0, 1200],
      ['media', 'object-store', 'tier-1', 86400, 1800],
    ]);
    // The acceptance declared in code with the bucket is the effective catalog's.
    expect(catalog.assets[1]!.acceptances.map((a) => [a.mode, a.slaBudgetSeconds, a.owner])).toEqual([
      ['region', 86400, 'platform'],
    ]);
    const { result } = checkOnDisk({
      catalogFile: file,
      cdkOut: join(dir, 'cdk.out'),
      k8sDir: join(EXAMPLE, 'k8s'),
      today: '2026-12-07',
    });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(Object.fromEntries([...result.assessments].map(([id, a]) => [id, a.az.status]))).toEqual(
      Object.fromEntries(posture.entries.map((e) => [e.id, e.modes.az.status])),
    );
  });

  test('a probe missing from the team’s Deployment is a finding for its service', () => {
    const k8s = join(dir, 'k8s');
    cpSync(join(EXAMPLE, 'k8s'), k8s, { recursive: true });
    const text = readFileSync(join(k8s, 'web.yaml'), 'utf8');
    const without = text.replace(/ {10}readinessProbe:\n( {12}.*\n)+/, '');
    expect(without).not.toBe(text);
    writeFileSync(join(k8s, 'web.yaml'), without);
    const { result } = checkOnDisk({
      catalogFile: join(dir, 'cdk.out', EFFECTIVE_CATALOG_FILE),
      cdkOut: join(dir, 'cdk.out'),
      k8sDir: k8s,
      today: '2026-12-07',
    });
    expect(result.findings.filter((f) => f.severity === 'error' && f.entry === 'web').map((f) => f.rule)).toContain(
      'DR-GAP',
    );
  });

  test('taking Multi-AZ off the database fails the synth, naming the asset', () => {
    const { app, shop } = buildApp({ outdir: join(dir, 'tampered'), validation: false });
    (shop.database.node.defaultChild as rds.CfnDBInstance).addPropertyOverride('MultiAZ', false);
    expect(() => app.synth()).toThrow(/orders · az · RPO[\s\S]*rds-multi-az-instance is missing[\s\S]*DR-GAP/);
  });
});
