/**
 * Mutations of the synthesized app, catalog unchanged: each edits one field in a copy of cdk.out/ or dist/k8s/, on an
 * entry for which that mechanism is the one that matters (chosen from the plan, not by name), and `dr check` must exit
 * 1 naming that entry and mode. The unmutated copy passes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadCatalog } from '../../lib/catalog';
import { checkOnDisk } from '../../lib/checker';
import { buildPosture, diffPostures } from '../../lib/posture';
import type { MechanismId } from '../../lib/model';
import { planCatalog } from '../../lib/catalog-plan';
import { run } from '../../bin/dr';
import { cdkOut, distDir } from '../support/synthesized';
import { capture } from './io';
import {
  CATALOG,
  check,
  failingOf,
  type Checked,
  type PrintedFinding,
  database,
  editObjects,
  editResources,
  labels,
  named,
  podSpec,
  tagged,
  type Copy,
  type Json,
  freshCopies,
} from './mutate';

/** `dr check --json` on the copy, run as the command runs it (through the CLI): what `check` is held to. */
async function checkWithCli(c: Copy, ...extra: string[]): Promise<Checked> {
  const io = capture();
  await run(
    [
      'check',
      '--targets',
      CATALOG,
      '--cdk-out',
      c.cdkOut,
      '--k8s',
      c.k8s,
      '--evidence',
      join(c.dir, 'evidence.json'),
      '--json',
      ...extra,
    ],
    io,
  );
  const out = JSON.parse(io.out_.join('\n')) as { findings: PrintedFinding[] };
  return { code: io.code, failing: failingOf(out.findings, extra), findings: out.findings };
}

const catalog = loadCatalog(CATALOG);
const plan = planCatalog(catalog);
const has = (id: string, m: MechanismId) =>
  (plan.assets.get(id) ?? plan.services.get(id))!.mechanisms.some((x) => x.id === m);
const target = (id: string) => [...catalog.assets, ...catalog.services].find((e) => e.id === id)!;

describe('mutations of the synthesized artifacts make dr check fail on the right entry and mode', () => {
  let c: Copy;
  freshCopies((copied) => (c = copied));

  test('the unmutated copy passes', async () => {
    const r = await check(c);
    expect([r.code, r.failing]).toEqual([0, []]);
  });

  // An escape hatch that lets CloudFormation delete what holds data: every asset's store, vault and key must be kept.
  test.each([
    ['a database', (r: Json) => r.Type === 'AWS::RDS::DBInstance'],
    ['a bucket', (r: Json) => r.Type === 'AWS::S3::Bucket'],
    ['a backup vault', (r: Json) => r.Type === 'AWS::Backup::BackupVault'],
    ['a KMS key', (r: Json) => r.Type === 'AWS::KMS::Key'],
  ])('DeletionPolicy Delete on %s fails with DR-RETAIN naming it', async (_what, pick) => {
    // The first such resource of the first template only (the other side's stack reuses logical ids).
    let first: string | undefined;
    let edited = 0;
    editResources(
      c,
      (r, id) => edited === 0 && pick(r) && (first ??= id) === id,
      (_p, r) => void ((r.DeletionPolicy = 'Delete'), edited++),
    );
    expect(edited).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(r.failing.filter((f) => f.rule === 'DR-RETAIN').map((f) => f.where)).toEqual([
      expect.stringContaining(`/${first} (`),
    ]);
  });

  // A database that must lose nothing in a zone outage: only the synchronous standby gives RPO 0 (MECH-2).
  const zeroLoss = catalog.assets.find((a) => has(a.id, 'rds-multi-az-instance') && a.modes.az.rpoSeconds === 0)!;
  // The suite's `check` parses the files a test left alone once per suite; `dr check` itself must say the same.
  test('check says what `dr check --json` says: unmutated, with a template and a manifest edited, and with --strict', async () => {
    expect(await check(c)).toEqual(await checkWithCli(c));
    expect(editResources(c, database(zeroLoss.id), (p) => void (p.MultiAZ = false))).toBe(1);
    expect(
      editObjects(
        c,
        (o) => o.kind === 'CronJob',
        (o) => void ((o.spec as Json).schedule = '0 3 * * *'),
      ),
    ).toBeGreaterThan(0);
    const [inMemory, cli] = [await check(c, '--strict'), await checkWithCli(c, '--strict')];
    expect(inMemory).toEqual(cli);
    expect(inMemory.code).toBe(1);
    expect(named(inMemory.failing)).toContain(`gap ${zeroLoss.id}.az.rpo`);
  });

  test(`Multi-AZ off: ${zeroLoss.id} loses its zone-outage RPO`, async () => {
    expect(editResources(c, database(zeroLoss.id), (p) => void (p.MultiAZ = false))).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(named(r.failing)).toContain(`gap ${zeroLoss.id}.az.rpo`);
  });

  // The same database's corruption ceiling is a second: only deletion protection keeps PITR to the second (RDS-22).
  test(`deletion protection off: ${zeroLoss.id} can be deleted with its unreplicated logs`, async () => {
    expect(editResources(c, database(zeroLoss.id), (p) => void (p.DeletionProtection = false))).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    // The tier asks for deletion protection: a named finding, whatever the figures say.
    expect(r.failing.filter((f) => f.rule === 'DR-DELETION-PROTECTION').map((f) => f.entry)).toEqual([zeroLoss.id]);
    // And the corruption RPO gets weaker (a deletion loses the logs not yet uploaded, RDS-2): past its acceptance.
    expect(named(r.failing)).toContain(`gap ${zeroLoss.id}.corruption.rpo`);
  });

  // A database whose PITR is RDS's own (no continuous AWS Backup rule), with an RPO tighter than a daily snapshot.
  const ownPitr = catalog.assets.find(
    (a) => has(a.id, 'rds-automated-backups') && (a.modes.corruption.rpoSeconds ?? Infinity) < 86400,
  )!;
  test(`retention 0: ${ownPitr.id} has no PITR left`, async () => {
    expect(editResources(c, database(ownPitr.id), (p) => void (p.BackupRetentionPeriod = 0))).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(named(r.failing)).toEqual(
      expect.arrayContaining([`gap ${ownPitr.id}.corruption.rpo`, `gap ${ownPitr.id}.region.rpo`]),
    );
  });

  // A database whose PITR is an AWS Backup continuous rule's (BKP-7): retention 0 on the instance turns off the automated
  // backups the rule is made of (RDS-4). Two settings for one thing: the weaker counts.
  // (Not one with a read replica: RDS refuses retention 0 on a replica's source, RDS-4, and its Region path is the replica.)
  const continuous = catalog.assets.find(
    (a) =>
      has(a.id, 'backup-continuous') &&
      !has(a.id, 'rds-read-replica') &&
      (a.modes.corruption.rpoSeconds ?? Infinity) < 86400,
  )!;
  test(`retention 0 under a continuous AWS Backup rule: ${continuous.id} has no PITR left`, async () => {
    expect(editResources(c, database(continuous.id), (p) => void (p.BackupRetentionPeriod = 0))).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    // Neither the continuous rule's PITR nor the replicated automated backups count: the daily snapshot is what is left.
    const gap = r.failing.find((f) => f.entry === continuous.id && f.mode === 'corruption' && f.field === 'rpo');
    expect([gap?.kind, gap?.mechanism]).toEqual(['gap', 'backup-snapshot']);
    expect(named(r.failing)).toContain(`gap ${continuous.id}.region.rpo`);
  });

  test(`backup replication removed: ${ownPitr.id} has nothing in the DR Region`, async () => {
    expect(editResources(c, database(ownPitr.id), (p) => void delete p.AutomaticBackupReplicationRegion)).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(named(r.failing)).toContain(`gap ${ownPitr.id}.region.rpo`);
  });

  // A bucket whose Region-loss RPO is under 48 hours: only replication with RTC bounds it (S3-3, S3-5).
  const bucket = catalog.assets.find(
    (a) => a.kind === 'object-store' && (a.modes.region.rpoSeconds ?? Infinity) < 48 * 3600,
  )!;
  const isBucket = (r: Json) =>
    r.Type === 'AWS::S3::Bucket' &&
    tagged(bucket.id)(r) &&
    (r.Properties as Json).ReplicationConfiguration !== undefined;
  test(`bucket replication removed: ${bucket.id} has no copy outside the Region`, async () => {
    expect(editResources(c, isBucket, (p) => void delete p.ReplicationConfiguration)).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(named(r.failing)).toEqual(
      expect.arrayContaining([`gap ${bucket.id}.region.rpo`, `gap ${bucket.id}.corruption.rpo`]),
    );
  });

  test(`RTC removed: ${bucket.id} replicates within 48 hours at worst`, async () => {
    expect(
      editResources(c, isBucket, (p) => {
        for (const rule of (p.ReplicationConfiguration as Json).Rules as Json[])
          delete (rule.Destination as Json).ReplicationTime;
      }),
    ).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(named(r.failing)).toContain(`gap ${bucket.id}.region.rpo`);
  });

  // The persistent Redis: its RDB shipping rule bounds the Region-loss and corruption RPO; AOF and RDB its restarts.
  const redis = catalog.assets.find((a) => has(a.id, 'redis-rdb-shipping'))!;
  test(`the shipping backup rule made daily: ${redis.id} ships a day of writes at a time`, async () => {
    const n = editObjects(
      c,
      (o) => o.kind === 'CronJob' && labels(o)['dr/asset'] === redis.id && labels(o)['dr/role'] === 'rdb-shipping',
      (o) => void ((o.spec as Json).schedule = '0 3 * * *'),
    );
    expect(n).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(named(r.failing)).toEqual(
      expect.arrayContaining([`gap ${redis.id}.region.rpo`, `gap ${redis.id}.corruption.rpo`]),
    );
  });

  // Here the shipped snapshots (every 30 minutes, 10 to ship) still meet the 1-hour RPO, so AOF is not the mechanism
  // that matters: dr check passes and dr diff shows the weaker figure. test/checker/check.test.ts has an asset where
  // AOF is the one that matters, and there the same edit fails dr check.
  test(`AOF off together with RDB saves off: ${redis.id} still meets its RPO by shipping, and the posture shows the failover lost`, async () => {
    const n = editObjects(
      c,
      (o) =>
        o.kind === 'ConfigMap' &&
        labels(o)['dr/asset'] === redis.id &&
        typeof (o.data as Json | undefined)?.['redis.conf'] === 'string',
      (o) => {
        const data = o.data as Record<string, string>;
        data['redis.conf'] =
          `${data['redis.conf']!.replace(/^appendonly yes$/m, 'appendonly no').replace(/^save .*$/gm, '')}\nsave ""\n`;
      },
    );
    expect(n).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(0);
    const { result } = checkOnDisk({
      catalogFile: CATALOG,
      cdkOut: c.cdkOut,
      k8sDir: c.k8s,
      evidenceFile: join(c.dir, 'evidence.json'),
      today: '2026-11-28',
    });
    const { result: base } = checkOnDisk({
      catalogFile: CATALOG,
      cdkOut: cdkOut(),
      k8sDir: join(distDir(), 'k8s'),
      evidenceFile: join(c.dir, 'evidence.json'),
      today: '2026-11-28',
    });
    const posture = (x: typeof result) => buildPosture({ catalog, assessments: x.assessments, asOf: '2026-11-28' });
    const regressions = diffPostures(posture(base), posture(result)).filter(
      (x) => x.kind === 'regression' && x.entry === redis.id,
    );
    expect(regressions.map((x) => `${x.mode}: ${x.what}`)).toEqual(
      // A primary without persistence that restarts wipes its replicas (REDIS-13): Sentinel is no path any more.
      expect.arrayContaining([
        'instance: mechanism redis-aof disappeared',
        'instance: mechanism redis-sentinel disappeared',
      ]),
    );
  });

  // A tier that asks for offsite copies: removing the copy actions leaves no recovery point outside the Region that
  // nobody there can delete (the tier policy, BKP-10, BKP-15).
  const copied = catalog.assets.find((a) => has(a.id, 'backup-copy'))!;
  const plans = (r: Json) => r.Type === 'AWS::Backup::BackupPlan';
  test(`the copy action removed: ${copied.id} has no locked copy in the DR Region`, async () => {
    const n = editResources(c, plans, (p) => {
      for (const rule of (p.BackupPlan as Json).BackupPlanRule as Json[]) delete rule.CopyActions;
    });
    expect(n).toBeGreaterThan(0);
    const r = await check(c);
    expect(r.code).toBe(1);
    const offsite = r.failing.filter((f) => f.rule === 'DR-OFFSITE-COPY').map((f) => f.entry);
    expect(offsite).toContain(copied.id);
    const tier = catalog.tiers.find((t) => t.id === copied.tier)!;
    expect(r.failing.find((f) => f.entry === copied.id && f.rule === 'DR-OFFSITE-COPY')?.policy).toBe(
      `${tier.id} policy offsiteCopy: true`,
    );
  });

  // A database whose PITR AWS Backup owns (a PITR drill): its continuous rule made a daily snapshot rule leaves the
  // drill with no continuous recovery points to restore. RDS's own automated backups are still underneath (BKP-7),
  // so the corruption figure holds; the drill policy is what breaks.
  const drilled = catalog.assets.find((a) => has(a.id, 'backup-continuous'))!;
  test(`the continuous backup rule made daily: ${drilled.id}'s PITR drill has nothing continuous to restore`, async () => {
    const n = editResources(c, plans, (p) => {
      for (const rule of (p.BackupPlan as Json).BackupPlanRule as Json[]) {
        if (rule.EnableContinuousBackup === true) rule.EnableContinuousBackup = false;
      }
    });
    expect(n).toBeGreaterThan(0);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(r.failing.filter((f) => f.rule === 'DR-PITR-DRILL').map((f) => f.entry)).toContain(drilled.id);
    expect(named(r.failing).filter((f) => f.startsWith(`gap ${drilled.id}.`))).toEqual([]);
  });

  const service = catalog.services.find((s) => has(s.id, 'k8s-workload'))!;
  const deployment = (o: Json) => o.kind === 'Deployment' && labels(o)['dr/service'] === service.id;
  test(`probes removed: a hung ${service.id} pod keeps its traffic`, async () => {
    const n = editObjects(c, deployment, (o) => {
      for (const container of podSpec(o).containers as Json[]) {
        delete container.readinessProbe;
        delete container.livenessProbe;
      }
    });
    expect(n).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(named(r.failing)).toEqual(
      expect.arrayContaining([`gap ${service.id}.instance.rto`, `gap ${service.id}.az.rto`]),
    );
  });

  // Losing the only pod means waiting for a replacement, a time nobody publishes: unverified (fails --strict). And the
  // tier's policy asks for at least its minReplicas, so the same edit now fails dr check without --strict.
  test(`HPA minimum 1: ${service.id} falls below its tier's minReplicas (fails without --strict) and waits for a replacement pod`, async () => {
    const n = editObjects(
      c,
      (o) =>
        o.kind === 'HorizontalPodAutoscaler' && ((o.spec as Json).scaleTargetRef as Json).name === deploymentName(c),
      (o) => void ((o.spec as Json).minReplicas = 1),
    );
    expect(n).toBe(1);
    const tier = catalog.tiers.find((t) => t.id === service.tier)!;
    expect(tier.policy.minReplicas).toBeGreaterThan(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    const policy = r.failing.filter((f) => f.rule === 'DR-MIN-REPLICAS');
    expect(policy.map((f) => [f.entry, f.policy])).toEqual([
      [service.id, `${tier.id} policy minReplicas ${tier.policy.minReplicas}`],
    ]);
    expect(policy[0]!.message).toContain(
      `minReplicas 1); ${tier.id} policy minReplicas ${tier.policy.minReplicas} requires at least ${tier.policy.minReplicas}`,
    );
    // The figure it produces: a zone loss now waits for a replacement pod, not only for the endpoints to catch up.
    const read = (dir: { cdkOut: string; k8s: string }) =>
      checkOnDisk({
        catalogFile: CATALOG,
        cdkOut: dir.cdkOut,
        k8sDir: dir.k8s,
        today: '2026-11-28',
      }).result.assessments.get(service.id)!.az.rto;
    const [before, after] = [read({ cdkOut: cdkOut(), k8s: join(distDir(), 'k8s') }), read(c)];
    const floor = (f: typeof before) => (f.kind === 'figure' ? (f.figure.atLeast ?? 0) : 0);
    expect(floor(after)).toBeGreaterThan(floor(before));
    expect((await check(c, '--strict')).failing.map((f) => `${f.kind} ${f.entry}.${f.mode}.${f.field}`)).toContain(
      `unverified ${service.id}.az.rto`,
    );
    expect(target(service.id).modes.instance.rtoSeconds).toBeGreaterThan(0);
  });
});

/** The name of the service's Deployment, as the chart wrote it. */
function deploymentName(c: Copy): string {
  for (const f of readdirSync(c.k8s)) {
    for (const d of parseAllDocuments(readFileSync(join(c.k8s, f), 'utf8')).map((x) => x.toJS() as Json)) {
      if (
        d?.kind === 'Deployment' &&
        labels(d)['dr/service'] === catalog.services.find((s) => has(s.id, 'k8s-workload'))!.id
      )
        return (d.metadata as Json).name as string;
    }
  }
  throw new Error('no Deployment');
}
