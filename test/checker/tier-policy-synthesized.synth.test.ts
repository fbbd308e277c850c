/**
 * Tier-policy findings on the synthesized Lomash Wood app: the shipped artifacts produce none of them, and a mutated
 * copy (one field edited in cdk.out/ or dist/k8s/, entries chosen from the catalog and plan, not by name) makes
 * `dr check` exit 1 naming the entry and the policy. The recovery-point-age controls are read from the template.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../lib/catalog';
import { humanDuration } from '../../lib/catalog/duration';
import { checkOnDisk } from '../../lib/checker';
import { kindModule } from '../../lib/model';
import { buildPosture, postureMarkdown } from '../../lib/posture';
import { cdkOut, distDir } from '../support/synthesized';
import { CATALOG, check, copy, editObjects, editResources, labels, tagged, type Copy, type Json } from './mutate';

const TODAY = '2026-11-28';
const POLICY_RULES = ['DR-MIN-REPLICAS', 'DR-PDB', 'DR-IMMUTABLE-BACKUP', 'DR-PITR-DRILL'];
const catalog = loadCatalog(CATALOG);
const tierOf = (id: string) => catalog.tiers.find((t) => t.id === id)!;
const onDisk = (c: { cdkOut: string; k8s: string; dir?: string }) =>
  checkOnDisk({
    catalogFile: CATALOG,
    cdkOut: c.cdkOut,
    k8sDir: c.k8s,
    ...(c.dir ? { evidenceFile: join(c.dir, 'evidence.json') } : {}),
    today: TODAY,
  }).result;

describe('the shipped app and the tier policies', () => {
  const result = onDisk({ cdkOut: cdkOut(), k8s: join(distDir(), 'k8s') });

  test('no tier-policy finding', () => {
    expect(result.findings.filter((f) => POLICY_RULES.includes(f.rule)).map((f) => f.message)).toEqual([]);
  });

  test('every recovery-point-age control allows the model figure of the rules read, rounded up to whole hours, no more', () => {
    expect(result.recoveryPointControls.length).toBeGreaterThan(0);
    for (const c of result.recoveryPointControls) {
      expect([c.asset, c.configuredHours]).toEqual([c.asset, Math.max(1, Math.ceil(c.modelSeconds! / 3600))]);
    }
    const rounded = result.recoveryPointControls.filter((c) => c.configuredHours! * 3600 !== c.modelSeconds);
    expect(rounded.length).toBeGreaterThan(0);
  });
});

describe('mutations of the synthesized artifacts against the tier policies', () => {
  let c: Copy;
  beforeAll(() => (process.env.DR_TODAY = TODAY));
  afterAll(() => delete process.env.DR_TODAY);
  beforeEach(() => (c = copy()));
  afterEach(() => rmSync(c.dir, { recursive: true, force: true }));

  const service = catalog.services[0]!;
  test(`the PodDisruptionBudget of ${service.id} selecting no pod of it: DR-PDB`, async () => {
    const n = editObjects(
      c,
      (o) => o.kind === 'PodDisruptionBudget' && labels(o)['dr/service'] === service.id,
      (o) => void ((o.spec as Json).selector = { matchLabels: { 'app.kubernetes.io/name': 'nothing' } }),
    );
    expect(n).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(r.failing.map((f) => `${f.rule} ${f.entry}`)).toEqual([`DR-PDB ${service.id}`]);
    expect(r.failing[0]!.message).toContain('has no PodDisruptionBudget selecting its pods');
  });

  // A tier that asks for immutable backups, and an asset in it that AWS Backup protects.
  const locked = catalog.assets.find(
    (a) => tierOf(a.tier).policy.immutableBackups && kindModule(a.kind).backupResourceType !== null,
  )!;
  test(`the vault lock of ${locked.tier}'s primary vault removed: DR-IMMUTABLE-BACKUP for ${locked.id}`, async () => {
    const vault = (r: Json) =>
      r.Type === 'AWS::Backup::BackupVault' &&
      ((r.Properties as Json).BackupVaultTags as Record<string, string>)['dr:tier'] === locked.tier;
    const n = editResources(c, vault, (p) => void delete p.LockConfiguration);
    expect(n).toBeGreaterThanOrEqual(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    const found = r.failing.filter((f) => f.rule === 'DR-IMMUTABLE-BACKUP');
    expect(found.map((f) => f.entry)).toContain(locked.id);
    expect(found.every((f) => f.policy === `${locked.tier} policy immutableBackups: true`)).toBe(true);
    expect(new Set(found.map((f) => tierOf(catalog.assets.find((a) => a.id === f.entry)!.tier).id))).toEqual(
      new Set([locked.tier]),
    );
  });

  const drill = catalog.drills.find((d) => d.kind === 'pitr-restore' && d.assets.length > 1)!;
  const drilled = drill.assets[0]!;
  const dropRef = (list: unknown[], logicalId: string) =>
    list.filter((x) => !JSON.stringify(x).includes(`"${logicalId}"`));
  test(`${drilled} dropped from the restore-testing selection: DR-PITR-DRILL names it and the drill`, async () => {
    const db = databaseId(c, drilled);
    const n = editResources(
      c,
      (r) => r.Type === 'AWS::Backup::RestoreTestingSelection',
      (p) => void (p.ProtectedResourceArns = dropRef(p.ProtectedResourceArns as unknown[], db)),
    );
    expect(n).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(r.failing.map((f) => `${f.rule} ${f.entry} ${f.policy}`)).toEqual([
      `DR-PITR-DRILL ${drilled} pitr-restore drill ${drill.id}`,
    ]);
    expect(r.failing[0]!.message).toContain('no AWS::Backup::RestoreTestingSelection of type RDS covers it');
  });

  test(`${drilled} dropped from the continuous backup selection: its PITR is no longer AWS Backup's`, async () => {
    const db = databaseId(c, drilled);
    const continuous = (r: Json, id: string) => r.Type === 'AWS::Backup::BackupSelection' && id.includes('Continuous');
    const n = editResources(c, continuous, (p) => {
      const s = p.BackupSelection as Json;
      s.Resources = dropRef(s.Resources as unknown[], db);
    });
    expect(n).toBeGreaterThanOrEqual(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    const found = r.failing.filter((f) => f.rule === 'DR-PITR-DRILL');
    expect(found.map((f) => f.entry)).toEqual([drilled]);
    expect(found[0]!.message).toContain('no AWS Backup rule with `EnableContinuousBackup: true` selects it');
  });

  test('a recovery-point-age control set to 2 hours: the posture Markdown shows it against the model figure', () => {
    const row = onDisk({ cdkOut: cdkOut(), k8s: join(distDir(), 'k8s') }).recoveryPointControls.find(
      (x) => x.configuredHours === 1,
    )!;
    const n = editResources(
      c,
      (r) => r.Type === 'AWS::Backup::Framework',
      (p) => {
        for (const control of p.FrameworkControls as Json[]) {
          const scoped = JSON.stringify(control.ControlScope).includes(`"${row.asset}"`);
          if (control.ControlName !== 'BACKUP_LAST_RECOVERY_POINT_CREATED' || !scoped) continue;
          for (const param of control.ControlInputParameters as Json[])
            if (param.ParameterName === 'recoveryPointAgeValue') param.ParameterValue = '2';
        }
      },
    );
    expect(n).toBeGreaterThanOrEqual(1);
    const result = onDisk(c);
    const mutated = result.recoveryPointControls.find((x) => x.asset === row.asset)!;
    expect([mutated.modelSeconds, mutated.configuredHours]).toEqual([row.modelSeconds, 2]);
    const md = postureMarkdown(
      buildPosture({ catalog, assessments: result.assessments, asOf: '2026-11-28' }),
      catalog,
      {
        recoveryPointControls: result.recoveryPointControls,
      },
    );
    const model = row.modelSeconds!;
    expect(md).toContain(
      `| ${row.asset} | ${row.framework} · BACKUP_LAST_RECOVERY_POINT_CREATED | ${humanDuration(model)} | 2h | rounded up by ${humanDuration(7200 - model)} |`,
    );
  });
});

/** The logical id of the DB instance tagged with the asset, in the copy's templates. */
function databaseId(c: Copy, asset: string): string {
  for (const f of readdirSync(c.cdkOut).filter((x) => x.endsWith('.template.json'))) {
    const t = JSON.parse(readFileSync(join(c.cdkOut, f), 'utf8')) as { Resources: Record<string, Json> };
    const hit = Object.entries(t.Resources).find(([, r]) => r.Type === 'AWS::RDS::DBInstance' && tagged(asset)(r));
    if (hit) return hit[0];
  }
  throw new Error(`no DB instance tagged ${asset}`);
}
