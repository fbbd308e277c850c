/**
 * The cross-Region read replica of a database whose catalog entry asks for one (`regionStrategy: replica`, Lomash
 * Wood's lomash_orders), read back from the synthesized app (readers/rds-replica.ts): its source ARN and Region, its key
 * in the DR Region, its deletion protection and ReplicaLag alarms; the Region mode takes the promote path (RPO its lag,
 * unknown; RTO the promote step's timeout, typical, plus the tier's overhead). Removing the replica or its promote step,
 * or weakening what the reader checks, fails `dr check` for that entry in mode region. Copies of the one synthesized
 * app; never re-synthesized.
 */
import { join } from 'node:path';
import { loadCatalog } from '../../lib/catalog';
import { mechanism, planCatalog } from '../../lib/catalog-plan';
import { checkOnDisk, loadCloudAssembly } from '../../lib/checker';
import { readAws } from '../../lib/checker/read-aws';
import { databaseIdentifier, replicaStackName } from '../../lib/names';
import { cdkOut, distDir } from '../support/synthesized';
import {
  CATALOG,
  check,
  database,
  editResources,
  removeResources,
  replica,
  type Copy,
  type Json,
  freshCopies,
} from './mutate';

const catalog = loadCatalog(CATALOG);
const plan = planCatalog(catalog);
const replicated = catalog.assets.filter((a) => mechanism(plan.assets.get(a.id)!, 'rds-read-replica'));
const id = replicated[0]!.id;
const { naming } = catalog;

describe('the read replica read back from the template', () => {
  const stacks = loadCloudAssembly(cdkOut());
  const aws = readAws(stacks);

  test('the shipped catalog asks for one replica (lomash_orders); it sits in the replicas stack of the DR Region', () => {
    expect(replicated.map((a) => a.id)).toEqual(['lomash_orders']);
    expect(aws.replicas.map((r) => [r.asset, r.stack.name, r.stack.region, r.identifier])).toEqual([
      [id, replicaStackName(naming), naming.drRegion, databaseIdentifier(naming, id)],
    ]);
  });

  test('its source by full ARN and SourceRegion, deletion protection, both lag alarms at the Region RPO target, its key in its Region', () => {
    const r = aws.replicas[0]!;
    expect([r.source, r.sourceRegion]).toEqual([
      `arn:aws:rds:${naming.primaryRegion}:${naming.account}:db:${databaseIdentifier(naming, id)}`,
      naming.primaryRegion,
    ]);
    expect([r.deletionProtection, r.lagAlarmSeconds, r.stoppedAlarm]).toEqual([
      true,
      replicated[0]!.modes.region.rpoSeconds,
      true,
    ]);
    expect(aws.keyProblems.get(`${r.stack.name}/${r.logicalId}`)).toBeUndefined();
  });

  test("the checker's Region mode for it is the planner's: the promote path, RPO its lag (unknown), RTO typical", () => {
    const { result } = checkOnDisk({
      catalogFile: CATALOG,
      cdkOut: cdkOut(),
      k8sDir: join(distDir(), 'k8s'),
      today: '2026-11-28',
    });
    const region = result.assessments.get(id)!.region;
    expect(region).toEqual(plan.assets.get(id)!.assessment.region);
    expect(region.rpo.kind === 'figure' && [region.rpo.figure.seconds, region.rpo.mechanism]).toEqual([
      null,
      'rds-read-replica',
    ]);
    expect(region.rto.kind === 'figure' && [region.rto.figure.bound, region.rto.mechanism]).toEqual([
      'typical',
      'region-switch',
    ]);
    expect(result.findings.filter((f) => f.rule === 'DR-REPLICA' || f.rule === 'DR-SWITCH-STEP')).toEqual([]);
  });
});

describe('mutations of the read replica fail dr check for its entry, in mode region', () => {
  let c: Copy;
  freshCopies((copied) => (c = copied));

  const rules = (r: Awaited<ReturnType<typeof check>>, rule: string) =>
    r.failing.filter((f) => f.rule === rule).map((f) => `${f.entry}.${f.mode}`);

  test('the replica removed: its promote step has nothing to promote (DR-SWITCH-STEP)', async () => {
    expect(removeResources(c, replica(id))).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(rules(r, 'DR-SWITCH-STEP')).toEqual([`${id}.region`]);
    expect(r.failing.find((f) => f.rule === 'DR-SWITCH-STEP')!.message).toMatch(/creates a read replica/);
  });

  const isPlan = (r: Json) => r.Type === 'AWS::ARCRegionSwitch::Plan';
  const dropStep = (type: string) =>
    editResources(c, isPlan, (p) => {
      const workflows = p.Workflows as { WorkflowTargetRegion: string; Steps: Json[] }[];
      const activation = workflows.find((w) => w.WorkflowTargetRegion === naming.drRegion)!;
      for (const s of activation.Steps) {
        const par = (s.ExecutionBlockConfiguration as Json).ParallelConfig as { Steps: Json[] } | undefined;
        if (par) par.Steps = par.Steps.filter((x) => x.ExecutionBlockType !== type);
      }
    });

  test('its promote step removed: the endpoint step waits for a promotion nothing runs (DR-SWITCH-STEP)', async () => {
    expect(dropStep('RdsPromoteReadReplica')).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(rules(r, 'DR-SWITCH-STEP')).toEqual([`${id}.region`]);
    expect(r.failing.find((f) => f.rule === 'DR-SWITCH-STEP')!.message).toMatch(/no RdsPromoteReadReplica step/);
  });

  test('deletion protection off: DR-RETAIN, though its DeletionPolicy says Retain (CloudFormation ignores it)', async () => {
    expect(editResources(c, replica(id), (p) => void (p.DeletionProtection = false))).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    const retain = r.failing.filter((f) => f.rule === 'DR-RETAIN');
    expect(retain.map((f) => f.message)).toEqual([expect.stringMatching(/a read replica.*OTH-41, here Retain/)]);
  });

  test('the source instance keeps its DeletionPolicy rule: Delete there is still DR-RETAIN', async () => {
    editResources(c, database(id), (_p, r) => void (r.DeletionPolicy = 'Delete'));
    const r = await check(c);
    expect(r.failing.filter((f) => f.rule === 'DR-RETAIN').map((f) => f.message)).toEqual([
      expect.stringMatching(/DeletionPolicy Delete/),
    ]);
  });

  /** The mechanism that gives the entry's Region RPO in the mutated copy. */
  const regionRpoBy = () => {
    const { result } = checkOnDisk({ catalogFile: CATALOG, cdkOut: c.cdkOut, k8sDir: c.k8s, today: '2026-11-28' });
    const rpo = result.assessments.get(id)!.region.rpo;
    return rpo.kind === 'figure' ? rpo.mechanism : rpo.kind;
  };

  test('retention 0 on its source: DR-REPLICA (RDS refuses it on a source of read replicas)', async () => {
    expect(editResources(c, database(id), (p) => void (p.BackupRetentionPeriod = 0))).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(r.failing.filter((f) => f.rule === 'DR-REPLICA').map((f) => f.message)).toEqual([
      expect.stringMatching(/BackupRetentionPeriod 0, which RDS refuses on a source of read replicas \(RDS-4\)/),
    ]);
  });

  test('SourceRegion removed: DR-REPLICA, and the replica no longer counts (the replicated backups are the path)', async () => {
    expect(editResources(c, replica(id), (p) => void delete p.SourceRegion)).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(rules(r, 'DR-REPLICA')).toEqual([`${id}.region`]);
    expect(regionRpoBy()).toBe('rds-backup-replication');
  });

  test('a bare source identifier (its own Region) instead of the ARN: DR-REPLICA', async () => {
    editResources(c, replica(id), (p) => void (p.SourceDBInstanceIdentifier = databaseIdentifier(naming, id)));
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(r.failing.find((f) => f.rule === 'DR-REPLICA')!.message).toMatch(/not a DB instance ARN/);
  });

  test('the lag alarm removed, or one looser than the Region RPO target: DR-REPLICA', async () => {
    const lag = (r: Json) => r.Type === 'AWS::CloudWatch::Alarm' && (r.Properties as Json).MetricName === 'ReplicaLag';
    expect(
      editResources(c, lag, (p) => {
        if (p.ComparisonOperator === 'GreaterThanThreshold') p.Threshold = 86400;
      }),
    ).toBe(2);
    let r = await check(c);
    expect(rules(r, 'DR-REPLICA')).toEqual([`${id}.region`]);
    expect(r.failing.find((f) => f.rule === 'DR-REPLICA')!.message).toMatch(/fires only above 86400 s/);
    expect(removeResources(c, lag)).toBe(2);
    r = await check(c);
    expect(r.failing.find((f) => f.rule === 'DR-REPLICA')!.message).toMatch(
      /no ReplicaLag alarm above a threshold; no ReplicaLag alarm below 0/,
    );
  });

  test('a key of the primary Region: DR-KEY-REGION, and the replica does not count', async () => {
    editResources(
      c,
      replica(id),
      (p) => void (p.KmsKeyId = `arn:aws:kms:${naming.primaryRegion}:${naming.account}:alias/${naming.prefix}/rds`),
    );
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(r.failing.find((f) => f.rule === 'DR-KEY-REGION')!.message).toMatch(/KmsKeyId names a key in/);
    expect(regionRpoBy()).toBe('rds-backup-replication');
  });
});
