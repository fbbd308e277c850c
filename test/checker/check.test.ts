import { check, fails, type Artifacts, type Finding } from '../../lib/checker';
import { canonical } from '../../lib/checker/join';
import { MODES } from '../../lib/model';
import { planCatalog } from '../../lib/catalog-plan';
import { artifacts, catalog, DR_VAULT_ARN, object, primary } from './fixture-app';

const TODAY = '2026-11-28';
const run = (a: Artifacts, today = TODAY) => check({ catalog: catalog(), artifacts: a, today });
const errors = (fs: readonly Finding[]) => fs.filter((f) => f.severity === 'error');
const gapsOf = (fs: readonly Finding[]) =>
  fs.filter((f) => f.kind === 'gap').map((f) => `${f.entry}.${f.mode}.${f.field}`);

describe('check: artifacts that implement the plan achieve what the plan promised', () => {
  test('every entry and mode has the status the planner predicted, and nothing fails', () => {
    const cat = catalog();
    const plan = planCatalog(cat);
    const result = run(artifacts());
    for (const a of cat.assets) {
      for (const m of MODES)
        expect([a.id, m, result.assessments.get(a.id)![m].status]).toEqual([
          a.id,
          m,
          plan.assets.get(a.id)!.assessment[m].status,
        ]);
    }
    for (const s of cat.services) {
      for (const m of MODES)
        expect([s.id, m, result.assessments.get(s.id)![m].status]).toEqual([
          s.id,
          m,
          plan.effective.get(s.id)![m].status,
        ]);
    }
    expect(errors(result.findings)).toEqual([]);
  });

  test('the mechanisms read back are the planned ones', () => {
    const cat = catalog();
    const plan = planCatalog(cat);
    const result = run(artifacts());
    const sorted = (xs: readonly unknown[]) => xs.map(canonical).sort();
    for (const id of ['orders', 'media', 'secrets', 'sessions', 'cache', 'config']) {
      expect([id, sorted(result.entries.get(id)!.groups.flatMap((g) => g.mechanisms))]).toEqual([
        id,
        sorted(plan.assets.get(id)!.mechanisms),
      ]);
    }
    expect(sorted(result.entries.get('web')!.groups[0]!.mechanisms)).toEqual(
      sorted(plan.services.get('web')!.mechanisms),
    );
  });
});

describe('check: a weakened artifact is a gap naming the asset and the mode', () => {
  test('Multi-AZ off: a zone outage means a restore of unpublished length, so orders is unverified (fails --strict)', () => {
    const a = artifacts();
    primary(a, 'OrdersDatabase').MultiAZ = false;
    const r = run(a);
    const f = r.findings.find((x) => x.entry === 'orders' && x.mode === 'az' && x.field === 'rto')!;
    expect([f.kind, f.targetSeconds, f.achieved]).toEqual(['unverified', 1800, { seconds: null, bound: 'unknown' }]);
    expect(f.where).toMatch(/OrdersDatabase/);
    expect([fails(r.findings, false), fails(r.findings, true)]).toEqual([false, true]);
  });

  test('retention 0 with no AWS Backup rule: orders has no PITR, a gap the fix names', () => {
    const a = artifacts();
    primary(a, 'OrdersDatabase').BackupRetentionPeriod = 0;
    delete primary(a, 'OrdersDatabase').AutomaticBackupReplicationRegion;
    primary(a, 'GoldSelection').BackupSelection = {
      SelectionName: 'x',
      IamRoleArn: 'r',
      Resources: [{ 'Fn::GetAtt': ['MediaBucket', 'Arn'] }],
    };
    const r = run(a);
    expect(gapsOf(r.findings)).toEqual(expect.arrayContaining(['orders.corruption.rpo', 'orders.region.rpo']));
    const f = r.findings.find(
      (x) => x.kind === 'gap' && x.entry === 'orders' && x.mode === 'corruption' && x.field === 'rpo',
    )!;
    expect(f.fix).toMatch(/rds-automated-backups: retentionDays 0 \(plan: 35\)/);
  });

  test('a service owning a weakened asset is bounded by it, and the fix points at the asset', () => {
    const a = artifacts();
    primary(a, 'OrdersDatabase').BackupRetentionPeriod = 0;
    delete primary(a, 'OrdersDatabase').AutomaticBackupReplicationRegion;
    primary(a, 'GoldSelection').BackupSelection = {
      SelectionName: 'x',
      IamRoleArn: 'r',
      Resources: [{ 'Fn::GetAtt': ['MediaBucket', 'Arn'] }],
    };
    const f = run(a).findings.find(
      (x) => x.kind === 'gap' && x.entry === 'web' && x.mode === 'corruption' && x.field === 'rto',
    )!;
    expect(f.message).toMatch(/via orders/);
    expect(f.fix).toBe(
      "bounded by orders: fix that entry's corruption RTO first, or accept it on this entry with a ceiling that covers it",
    );
  });

  test('replication removed from the bucket: media loses its Region-loss RPO', () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    expect(gapsOf(run(a).findings)).toContain('media.region.rpo');
  });

  test('HPA minimum 1: the cache waits for a replacement pod, a time nobody publishes (unverified)', () => {
    const a = artifacts();
    (object(a, 'HorizontalPodAutoscaler', 'cache').spec as Record<string, unknown>).minReplicas = 1;
    const r = run(a);
    const f = r.findings.find((x) => x.entry === 'cache' && x.mode === 'instance' && x.field === 'rto')!;
    expect([f.kind, f.achieved]).toEqual(['unverified', { seconds: null, bound: 'unknown', atLeastSeconds: 45 + 262 }]);
  });

  test('AOF off together with RDB saves off: a restarted sessions primary comes back empty and wipes its replicas (REDIS-13)', () => {
    const a = artifacts();
    (object(a, 'ConfigMap', 'sessions-config').data as Record<string, string>)['redis.conf'] =
      'appendonly no\nsave ""\nmin-replicas-to-write 1\n';
    // The failover path is gone: only the shipped snapshots still bound the loss on an instance failure.
    const shipped = run(a).assessments.get('sessions')!.instance;
    expect(shipped.rpo).toMatchObject({ mechanism: 'redis-rdb-shipping' });
    expect(shipped.mechanisms.map((m) => m.id)).not.toContain('redis-sentinel');
    // Without them too, nothing keeps the data: a gap whose fix names the persistence.
    a.manifests.splice(
      a.manifests.findIndex((o) => o.kind === 'CronJob' && o.name === 'sessions-rdb-shipping'),
      1,
    );
    const r = run(a);
    expect(gapsOf(r.findings)).toContain('sessions.instance.rpo');
    expect(r.findings.find((f) => f.kind === 'gap' && f.entry === 'sessions' && f.mode === 'instance')!.fix).toMatch(
      /redis-aof is missing — add `appendonly yes`/,
    );
  });

  test('the copy action removed where it was the only Region-loss path: unverified becomes a gap', () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const rule = (primary(a, 'GoldPlan').BackupPlan as { BackupPlanRule: Record<string, unknown>[] })
      .BackupPlanRule[0]!;
    rule.ScheduleExpression = 'cron(0 * ? * * *)';
    rule.CopyActions = [{ DestinationBackupVaultArn: DR_VAULT_ARN, Lifecycle: { DeleteAfterDays: 35 } }];
    const withCopy = run(a).findings.find((f) => f.entry === 'media' && f.mode === 'region' && f.field === 'rpo')!;
    expect([withCopy.kind, withCopy.achieved]).toEqual([
      'unverified',
      // Twice the hourly rule's interval (one missed run) plus its completion window, and a copy time not published.
      { seconds: null, bound: 'unknown', atLeastSeconds: 2 * 3600 + 7200 },
    ]);
    delete rule.CopyActions;
    expect(gapsOf(run(a).findings)).toContain('media.region.rpo');
  });

  test('DR-RULE-OVERLAP: a copy on a rule another rule of its plan may run in place of does not count (BKP-26)', () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const rules = (primary(a, 'GoldPlan').BackupPlan as { BackupPlanRule: Record<string, unknown>[] }).BackupPlanRule;
    rules[0]!.ScheduleExpression = 'cron(0 * ? * * *)';
    rules[0]!.CopyActions = [{ DestinationBackupVaultArn: DR_VAULT_ARN, Lifecycle: { DeleteAfterDays: 35 } }];
    expect(run(a).findings.filter((f) => f.rule === 'DR-RULE-OVERLAP')).toEqual([]);
    // A second rule at the same time, kept as long: AWS Backup "selects one", and the copy may never run.
    rules.push({ ...rules[0]!, RuleName: 'other', CopyActions: undefined, ScheduleExpression: 'cron(0 3 ? * * *)' });
    const r = run(a);
    expect(r.findings.filter((f) => f.rule === 'DR-RULE-OVERLAP').map((f) => [f.severity, f.where])).toEqual([
      ['error', 'ExampleDrPrimary/GoldPlan (AWS::Backup::BackupPlan)'],
    ]);
    expect(r.findings.find((f) => f.rule === 'DR-RULE-OVERLAP')!.message).toMatch(
      /rule daily copies to another vault, but its start window overlaps rule\(s\) other of the same plan/,
    );
    expect(gapsOf(r.findings)).toContain('media.region.rpo');
  });

  test('a backup rule made daily where it was hourly: the copy lags at least a day, past the Region-loss target', () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const rule = (primary(a, 'GoldPlan').BackupPlan as { BackupPlanRule: Record<string, unknown>[] })
      .BackupPlanRule[0]!;
    rule.CopyActions = [{ DestinationBackupVaultArn: DR_VAULT_ARN, Lifecycle: { DeleteAfterDays: 35 } }];
    rule.ScheduleExpression = 'cron(0 * ? * * *)';
    expect(gapsOf(run(a).findings)).not.toContain('media.region.rpo');
    rule.ScheduleExpression = 'cron(0 3 ? * * *)';
    const f = run(a).findings.find(
      (x) => x.kind === 'gap' && x.entry === 'media' && x.mode === 'region' && x.field === 'rpo',
    )!;
    expect(f.achieved).toEqual({ seconds: null, bound: 'unknown', atLeastSeconds: 2 * 86400 + 7200 });
  });

  test('probes removed: a hung web pod keeps its traffic, a gap in every mode that needs the pods', () => {
    const a = artifacts();
    const c = (object(a, 'Deployment', 'web').spec as { template: { spec: { containers: Record<string, unknown>[] } } })
      .template.spec.containers[0]!;
    delete c.readinessProbe;
    delete c.livenessProbe;
    const r = run(a);
    expect(gapsOf(r.findings).filter((g) => g.startsWith('web.'))).toEqual(['web.az.rto', 'web.instance.rto']);
    expect(r.findings.find((x) => x.entry === 'web' && x.mode === 'instance' && x.kind === 'gap')!.message).toMatch(
      /without a readiness probe/,
    );
  });
});

describe('check: findings about the join', () => {
  test('a data store without dr:asset', () => {
    const a = artifacts();
    a.stacks[0]!.resources.Stray = { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'stray' } };
    const f = run(a).findings.filter((x) => x.kind === 'unlabelled-data-store');
    expect(f.map((x) => x.where)).toEqual(['ExampleDrPrimary/Stray (AWS::S3::Bucket)']);
    expect(f[0]!.severity).toBe('error');
  });

  test("DR-RETAIN: a store CloudFormation would delete with its resource; a DB cluster's member instance is exempt", () => {
    const a = artifacts();
    (a.stacks[0]!.resources.MediaBucket as { UpdateReplacePolicy?: string }).UpdateReplacePolicy = 'Delete';
    // Aurora as CDK writes it by default: the cluster is snapshotted, its member instances are deleted.
    a.stacks[0]!.resources.Cluster = {
      Type: 'AWS::RDS::DBCluster',
      Properties: { Tags: [{ Key: 'dr:asset', Value: 'orders' }] },
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    };
    a.stacks[0]!.resources.ClusterWriter = {
      Type: 'AWS::RDS::DBInstance',
      Properties: { DBClusterIdentifier: { Ref: 'Cluster' }, Tags: [{ Key: 'dr:asset', Value: 'orders' }] },
      DeletionPolicy: 'Delete',
    };
    const f = run(a).findings.filter((x) => x.rule === 'DR-RETAIN');
    expect(f.map((x) => [x.where, x.severity])).toEqual([['ExampleDrPrimary/MediaBucket (AWS::S3::Bucket)', 'error']]);
    expect(f[0]!.message).toMatch(
      /UpdateReplacePolicy Delete: a stack deletion or a replacement would destroy what it holds/,
    );
  });

  test('a StatefulSet with volume claims and no dr/asset label is a data store without an asset too', () => {
    const a = artifacts();
    a.manifests.push({
      file: 'x.k8s.yaml',
      index: 0,
      kind: 'StatefulSet',
      name: 'queue',
      labels: {},
      doc: { kind: 'StatefulSet', spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }] } },
    });
    expect(
      run(a)
        .findings.filter((x) => x.kind === 'unlabelled-data-store')
        .map((x) => x.message),
    ).toEqual(['x.k8s.yaml: StatefulSet/queue keeps data on volumes but has no dr/asset label']);
  });

  test('a tag or label naming no catalog entry', () => {
    const a = artifacts();
    a.stacks[0]!.resources.Stray = {
      Type: 'AWS::SecretsManager::Secret',
      Properties: { Tags: [{ Key: 'dr:asset', Value: 'ghost' }] },
    };
    const r = run(a);
    expect(r.findings.filter((x) => x.kind === 'unknown-entry').map((x) => x.message)).toEqual([
      'ExampleDrPrimary/Stray (AWS::SecretsManager::Secret) is tagged dr:asset=ghost, which is no catalog asset',
    ]);
  });

  test('a dr:tier tag or dr/tier label other than the catalog tier is a warning', () => {
    const a = artifacts();
    primary(a, 'AppSecret').Tags = [
      { Key: 'dr:asset', Value: 'secrets' },
      { Key: 'dr:tier', Value: 'silver' },
    ];
    const i = a.manifests.findIndex((o) => o.kind === 'Deployment' && o.name === 'web');
    a.manifests[i] = { ...a.manifests[i]!, labels: { ...a.manifests[i]!.labels, 'dr/tier': 'bronze' } };
    const f = run(a).findings.filter((x) => x.kind === 'tier-mismatch');
    expect(f.map((x) => [x.severity, x.message])).toEqual([
      [
        'warning',
        'ExampleDrPrimary/AppSecret (AWS::SecretsManager::Secret) says tier silver; the catalog puts secrets in gold',
      ],
      ['warning', 'app.k8s.yaml: Deployment/web says tier bronze; the catalog puts web in gold'],
    ]);
  });

  test('an asset nothing implements; an external asset with evidence needs nothing', () => {
    const a = artifacts();
    delete a.stacks[0]!.resources.AppSecret;
    const r = run(a);
    expect(r.findings.filter((x) => x.kind === 'unimplemented').map((x) => x.entry)).toEqual(['secrets']);
    expect(gapsOf(r.findings)).toContain('secrets.region.rpo');
  });

  test('a backup selection that matches nothing', () => {
    const a = artifacts();
    a.manifests.splice(
      a.manifests.findIndex((o) => o.kind === 'StorageClass'),
      1,
    );
    const f = run(a).findings.filter((x) => x.kind === 'selection-matches-nothing');
    expect(f.map((x) => x.where)).toEqual(['ExampleDrPrimary/SessionsSelection (AWS::Backup::BackupSelection)']);
  });

  test("a copy action to a vault named by ARN takes that vault's lock from the DR stack", () => {
    const a = artifacts();
    const rule = (primary(a, 'GoldPlan').BackupPlan as { BackupPlanRule: Record<string, unknown>[] })
      .BackupPlanRule[0]!;
    rule.CopyActions = [{ DestinationBackupVaultArn: DR_VAULT_ARN, Lifecycle: { DeleteAfterDays: 35 } }];
    const copy = run(a)
      .entries.get('orders')!
      .groups[0]!.mechanisms.find((m) => m.id === 'backup-copy');
    expect(copy).toEqual({
      id: 'backup-copy',
      resourceType: 'RDS',
      ruleIntervalSeconds: 86400,
      ruleCompletionWindowSeconds: 7200,
      retentionDays: 35,
      vaultLock: { mode: 'compliance', minRetentionDays: 1, maxRetentionDays: 400 },
    });
  });

  test('a copy of the artifacts changes nothing: the same input gives the same findings', () => {
    expect(run(artifacts()).findings).toEqual(run(artifacts()).findings);
  });
});

describe('check: acceptances are judged against today, statuses never are', () => {
  test('an acceptance past its expiry is a failing finding; the status stays accepted', () => {
    const r = run(artifacts(), '2027-07-01');
    expect(r.findings.filter((f) => f.kind === 'acceptance-expired').map((f) => `${f.entry}.${f.mode}`)).toEqual([
      'cache.region',
      'sessions.az',
      'sessions.corruption',
      'sessions.instance',
      'sessions.region',
      'web.region',
    ]);
    expect(r.assessments.get('web')!.region.status).toBe('accepted');
  });

  test('within 30 days of expiry: a warning', () => {
    const r = run(artifacts(), '2027-06-10');
    expect(r.findings.filter((f) => f.kind === 'acceptance-expiring')).toHaveLength(6);
    expect(errors(r.findings)).toEqual([]);
  });
});
