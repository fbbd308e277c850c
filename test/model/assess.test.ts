/** `assess`: statuses and bounds, acceptances, evidence, recovery overhead, recovery paths, and the weakest link. */
import {
  assess,
  boundByDependencies,
  worseStatus,
  type Acceptance,
  type Evidence,
  type MechanismSpec,
  type Mode,
  type ModeTarget,
  type RecoveryOverhead,
  type Target,
} from '../../lib/model';
import { CTX } from './context';

const M = 60;
const H = 3600;

function target(id: string, own: ModeTarget, region: ModeTarget = own, acceptances: Acceptance[] = []): Target {
  return { id, modes: { instance: own, az: own, region, corruption: own }, acceptances };
}
const accept = (mode: Mode, ceilings: Partial<Acceptance>, reason = 'a reason long enough to read'): Acceptance => ({
  mode,
  reason,
  owner: 'ops',
  expires: '2027-06-30',
  ...ceilings,
});
const OVERHEAD: RecoveryOverhead = {
  outage: { detectSeconds: 5 * M, decideSeconds: 10 * M, repointSeconds: 5 * M },
  region: { detectSeconds: 5 * M, decideSeconds: 55 * M, repointSeconds: 5 * M },
  corruption: { detectSeconds: 5 * M, decideSeconds: 10 * M, repointSeconds: 5 * M, unnoticedSeconds: 5 * M },
};

const postgres: MechanismSpec[] = [
  { id: 'rds-multi-az-instance', deletionProtection: true },
  { id: 'rds-automated-backups', retentionDays: 35, deleteAutomatedBackups: false },
  { id: 'rds-backup-replication', retentionDays: 35 },
];
const snapshots = (intervalSeconds: number): MechanismSpec => ({
  id: 'backup-snapshot',
  resourceType: 'RDS',
  intervalSeconds,
  startWindowSeconds: H,
  completionWindowSeconds: 2 * H,
  retentionDays: 35,
  vaultLock: null,
});

describe('statuses and bounds', () => {
  test('the order is n/a < met < expected < accepted < unverified < gap, and a mode takes the worse of its fields', () => {
    expect(worseStatus('met', 'expected')).toBe('expected');
    expect(worseStatus('expected', 'accepted')).toBe('accepted');
    expect(worseStatus('accepted', 'unverified')).toBe('unverified');
    expect(worseStatus('n/a', 'met')).toBe('met');
  });

  test('GIVEN a Multi-AZ database WHEN assessed THEN a worst figure is met, a typical one only expected, an unknown one unverified', () => {
    const a = assess(
      target('db', { rpoSeconds: H, rtoSeconds: 20 * M }, { rpoSeconds: H, rtoSeconds: 4 * H }),
      postgres,
      CTX,
    );
    // RPO 0 (synchronous standby, worst) against 1 h; RTO 150 s (RDS-9 "typically") against 20 min.
    expect(a.instance.rpo).toMatchObject({ figure: { seconds: 0, bound: 'worst' } });
    expect([a.instance.rpoStatus, a.instance.rtoStatus, a.instance.status]).toEqual(['met', 'expected', 'expected']);
    expect(a.instance.rto).toMatchObject({ figure: { seconds: 150, bound: 'typical' } });
    expect([a.region.rpoStatus, a.region.rtoStatus]).toEqual(['expected', 'unverified']);
    expect(a.region.rpo).toMatchObject({ mechanism: 'rds-backup-replication', figure: { seconds: 1800 } });
  });

  test('a known figure worse than the target is a gap whatever its bound; no protection at all is a gap', () => {
    const a = assess(target('db', { rpoSeconds: 0, rtoSeconds: 60 }), postgres, CTX);
    expect(a.instance.rtoStatus).toBe('gap'); // 150 s typical failover against 60 s
    expect(a.corruption.rpoStatus).toBe('gap'); // 1 s restore precision against 0
    const single = assess(
      target('db', { rpoSeconds: H, rtoSeconds: H }),
      [{ id: 'rds-single-az', deletionProtection: true }],
      CTX,
    );
    expect(single.az).toMatchObject({ rpoStatus: 'gap', rtoStatus: 'gap', rpo: { kind: 'none' } });
  });

  test('a snapshot rule is a worst bound that allows one missed run: twice the interval plus the completion window', () => {
    const a = assess(target('db', { rpoSeconds: 4 * H, rtoSeconds: H }), [snapshots(H)], CTX);
    expect(a.instance.rpo).toMatchObject({ figure: { seconds: 4 * H, bound: 'worst', singleRun: 3 * H } });
    expect(a.instance.rpoStatus).toBe('met');
    const tighter = assess(target('db', { rpoSeconds: 3 * H, rtoSeconds: H }), [snapshots(H)], CTX);
    expect(tighter.instance.rpoStatus).toBe('gap'); // 3 h holds only if every run succeeds
  });

  test('an unknown figure whose known part already exceeds the target is a gap, not unverified', () => {
    const copyOnly: MechanismSpec[] = [
      {
        id: 'backup-copy',
        resourceType: 'RDS',
        ruleIntervalSeconds: 86400,
        ruleCompletionWindowSeconds: 7200,
        retentionDays: 35,
        vaultLock: null,
      },
    ];
    const a = assess(target('db', { rpoSeconds: H, rtoSeconds: H }), copyOnly, CTX);
    expect(a.region.rpoStatus).toBe('gap');
    expect(a.region.rpo).toMatchObject({
      figure: { seconds: null, atLeast: 2 * 86400 + 7200, singleRun: 86400 + 7200 },
    });
  });
});

describe('acceptances', () => {
  const own = { rpoSeconds: 0, rtoSeconds: 20 * M };
  // Corruption noticed at once (a declared 0): the corruption RPO is the restore's precision alone.
  const atOnce = (t: Target): Target => ({
    ...t,
    recovery: { ...OVERHEAD, corruption: { ...OVERHEAD.corruption, unnoticedSeconds: 0 } },
  });

  test('a ceiling at or above the achieved figure accepts the gap, and the assessment names it with its fields', () => {
    const a = assess(atOnce(target('db', own, own, [accept('corruption', { rpoSeconds: 1 })])), postgres, CTX);
    expect(a.corruption.rpoStatus).toBe('accepted');
    expect(a.corruption.acceptances).toEqual([expect.objectContaining({ rpoSeconds: 1, fields: ['rpo'] })]);
  });

  test('achieved worse than the ceiling is a gap again', () => {
    const unprotected: MechanismSpec[] = [{ id: 'rds-multi-az-instance', deletionProtection: false }, postgres[1]!];
    const a = assess(atOnce(target('db', own, own, [accept('corruption', { rpoSeconds: 1 })])), unprotected, CTX);
    expect(a.corruption.rpo).toMatchObject({ figure: { seconds: 300 } });
    expect(a.corruption.rpoStatus).toBe('gap');
  });

  test('a field without a ceiling is not accepted; `unbounded` accepts no protection at all', () => {
    const noRegion = [postgres[0]!, postgres[1]!];
    const rtoOnly = assess(target('db', own, own, [accept('region', { rtoSeconds: 'unbounded' })]), noRegion, CTX);
    expect([rtoOnly.region.rpoStatus, rtoOnly.region.rtoStatus]).toEqual(['gap', 'accepted']);
    const both = assess(
      target('db', own, own, [accept('region', { rpoSeconds: 'unbounded', rtoSeconds: 'unbounded' })]),
      noRegion,
      CTX,
    );
    expect(both.region.status).toBe('accepted');
  });

  test('an unknown figure stays unverified under a numeric ceiling', () => {
    const a = assess(target('db', own, own, [accept('corruption', { rtoSeconds: 4 * H })]), postgres, CTX);
    expect(a.corruption.rtoStatus).toBe('unverified');
  });

  test('an acceptance nothing needs is reported as unused; an expected field needs none', () => {
    const a = assess(target('db', own, own, [accept('instance', { rtoSeconds: H })]), postgres, CTX);
    expect(a.instance.status).toBe('expected');
    expect(a.instance.unusedAcceptance?.mode).toBe('instance');
  });
});

describe('evidence', () => {
  const record = (mode: Mode, seconds: number, date: string): Evidence => ({
    asset: 'db',
    mode,
    field: 'rto',
    seconds,
    date,
    source: 'drill',
    validUntil: '2027-01-01',
  });

  test('a measured restore replaces an unknown figure, the worst measurement counting, with the bound measured', () => {
    const evidence = [record('corruption', 900, '2026-10-01'), record('corruption', 1500, '2026-11-01')];
    const declared = (rtoSeconds: number): Target => ({
      ...target('db', { rpoSeconds: H, rtoSeconds }),
      recovery: OVERHEAD,
    });
    // 1,500 s measured plus the 20 minutes of noticing, deciding and repointing the tier declares.
    const met = assess(declared(45 * M), postgres, CTX, { evidence });
    expect(met.corruption.rto).toMatchObject({
      figure: { seconds: 1500 + 20 * M, bound: 'measured' },
      evidence: { date: '2026-11-01', source: 'drill', validUntil: '2027-01-01' },
    });
    expect(met.corruption.rtoStatus).toBe('met');
    const gap = assess(declared(40 * M), postgres, CTX, { evidence });
    expect(gap.corruption.rtoStatus).toBe('gap');
  });

  test('evidence replaces a typical figure (it can meet a target) but never a worst one', () => {
    const failover = [record('instance', 95, '2026-10-01')];
    const a = assess(target('db', { rpoSeconds: H, rtoSeconds: H }), postgres, CTX, { evidence: failover });
    expect(a.instance.rto).toMatchObject({ figure: { seconds: 95, bound: 'measured' } });
    expect(a.instance.rtoStatus).toBe('met');
    const worst: MechanismSpec[] = [snapshots(H)];
    const rpoEvidence = [{ ...record('instance', 60, '2026-10-01'), field: 'rpo' as const }];
    const b = assess(target('db', { rpoSeconds: 5 * H, rtoSeconds: H }), worst, CTX, { evidence: rpoEvidence });
    expect(b.instance.rpo).toMatchObject({ figure: { seconds: 4 * H, bound: 'worst' } });
  });

  test('a measurement never claims less than a proven lower bound of the figure', () => {
    const copy: MechanismSpec[] = [
      {
        id: 'backup-copy',
        resourceType: 'RDS',
        ruleIntervalSeconds: H,
        ruleCompletionWindowSeconds: 2 * H,
        retentionDays: 35,
        vaultLock: null,
      },
    ];
    const rpo = [{ ...record('region', 10 * M, '2026-10-01'), field: 'rpo' as const }];
    const a = assess(target('db', { rpoSeconds: 6 * H, rtoSeconds: 8 * H }), copy, CTX, { evidence: rpo });
    expect(a.region.rpo).toMatchObject({ figure: { seconds: 4 * H, bound: 'measured' } });
  });
});

describe('recovery overhead (tier policy.recovery)', () => {
  const t = (recovery?: RecoveryOverhead): Target => ({
    ...target('db', { rpoSeconds: H, rtoSeconds: 2 * H }, { rpoSeconds: H, rtoSeconds: 4 * H }),
    ...(recovery ? { recovery } : {}),
  });

  test('is added once to Region and corruption RTOs (lower bounds of unknown ones), never to instance or zone', () => {
    const a = assess(t(OVERHEAD), postgres, CTX);
    expect(a.region.rto).toMatchObject({ figure: { seconds: null, atLeast: 65 * M, overhead: 65 * M } });
    expect(a.corruption.rto).toMatchObject({ figure: { seconds: null, atLeast: 20 * M } });
    expect(a.instance.rto).toMatchObject({ figure: { seconds: 150 } });
  });

  test('a corruption RPO adds the time corruption goes unnoticed; a measured RTO counts with the overhead', () => {
    const evidence: Evidence[] = [
      { asset: 'db', mode: 'corruption', field: 'rto', seconds: 30 * M, date: '2026-11-01', source: 'drill' },
    ];
    const a = assess(t(OVERHEAD), postgres, CTX, { evidence });
    expect(a.corruption.rpo).toMatchObject({ figure: { seconds: 1 + 5 * M } });
    expect(a.corruption.rto).toMatchObject({ figure: { seconds: 50 * M, bound: 'measured' } });
    expect(a.corruption.rtoStatus).toBe('met');
  });

  test('without a declared overhead a Region or corruption RTO is unknown: a known restore is not the whole recovery', () => {
    const evidence: Evidence[] = [
      { asset: 'db', mode: 'corruption', field: 'rto', seconds: 30 * M, date: '2026-11-01', source: 'drill' },
    ];
    const a = assess(t(), postgres, CTX, { evidence });
    expect(a.corruption.rto).toMatchObject({ figure: { seconds: null, atLeast: 30 * M } });
    expect(a.corruption.rtoStatus).toBe('unverified');
  });

  test('without a declared overhead a corruption RPO is unknown: the restore point is precise, when it was noticed is not', () => {
    const a = assess(t(), postgres, CTX);
    expect(a.corruption.rpo).toMatchObject({ figure: { seconds: null, bound: 'unknown', atLeast: 1 } });
    expect(a.corruption.rpoStatus).toBe('unverified');
    const declared = assess(
      t({ ...OVERHEAD, corruption: { ...OVERHEAD.corruption, noticedBy: 'a row-count check every 5 minutes' } }),
      postgres,
      CTX,
    );
    expect(declared.corruption.rpo).toMatchObject({
      figure: { seconds: 1 + 5 * M, note: expect.stringContaining('(noticed by: a row-count check every 5 minutes)') },
    });
  });

  test('a measured instance-mode RTO of a manual recovery counts with the overhead; a measured failover does not', () => {
    const single: MechanismSpec[] = [postgres[1]!]; // Single-AZ: an instance loss is a restore, a manual recovery
    const restore: Evidence[] = [
      { asset: 'db', mode: 'instance', field: 'rto', seconds: 30, date: '2026-11-01', source: 'drill' },
    ];
    const own = { rpoSeconds: H, rtoSeconds: 10 * M };
    const manual = assess({ ...target('db', own, own), recovery: OVERHEAD }, single, CTX, { evidence: restore });
    expect(manual.instance.rto).toMatchObject({ figure: { seconds: 30 + 20 * M, bound: 'measured' } });
    expect(manual.instance.rtoStatus).toBe('gap');
    const failover = assess({ ...target('db', own, own), recovery: OVERHEAD }, postgres, CTX, { evidence: restore });
    expect(failover.instance.rto).toMatchObject({ figure: { seconds: 30, bound: 'measured', automatic: true } });
    expect(failover.instance.rtoStatus).toBe('met');
  });
});

describe('recovery paths', () => {
  test('Sentinel bounds nothing a lagging replica loses: its RPO is unknown, whatever min-replicas-max-lag says', () => {
    const redis: MechanismSpec[] = [
      { id: 'redis-aof', fsync: 'everysec', noAppendfsyncOnRewrite: false },
      {
        id: 'redis-sentinel',
        replicas: 2,
        zones: 3,
        minReplicasToWrite: 1,
        minReplicasMaxLagSeconds: 10,
        downAfterSeconds: 5,
      },
    ];
    const a = assess(target('sessions', { rpoSeconds: H, rtoSeconds: 5 * M }), redis, CTX);
    // AOF alone keeps 2 s, but the pod on a dead node is not replaced: the path that runs is the failover.
    expect(a.instance.rpo).toMatchObject({ mechanism: 'redis-sentinel', figure: { seconds: null } });
    expect(a.instance.rpo).toMatchObject({ figure: { facts: ['REDIS-10', 'REDIS-12', 'MECH-23'] } });
    expect([a.instance.rpoStatus, a.instance.rtoStatus]).toEqual(['unverified', 'unverified']);
  });

  test('one failed RDB shipment is inside the shipping figure: twice the interval plus the deadline', () => {
    const shipping: MechanismSpec = {
      id: 'redis-rdb-shipping',
      intervalSeconds: 30 * M,
      deadlineSeconds: 10 * M,
      replication: { rtc: true },
    };
    const a = assess(target('sessions', { rpoSeconds: H, rtoSeconds: 5 * M }), [shipping], CTX);
    // 2 × 30 + 10 minutes shipped, plus RTC's 15-minute SLA: 85 minutes, over a one-hour Region target.
    expect(a.region.rpo).toMatchObject({ figure: { seconds: 85 * M, bound: 'sla', singleRun: 55 * M } });
    expect(a.region.rpoStatus).toBe('gap');
  });
});

describe('the weakest link, per field and per dependency', () => {
  const workload: MechanismSpec[] = [
    {
      id: 'k8s-workload',
      controller: 'Deployment',
      minReplicas: 3,
      zoneSpread: { maxSkew: 1, nodeTaintsPolicy: 'Honor' },
      readiness: { periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 },
      liveness: null,
      startup: null,
      unreachableTolerationSeconds: 60,
    },
    { id: 'stateless-redeploy' },
  ];
  // Each dependency's tier notices corruption at once (a declared 0): its corruption RPO is the restore's precision.
  const atOnce: RecoveryOverhead = { ...OVERHEAD, corruption: { ...OVERHEAD.corruption, unnoticedSeconds: 0 } };
  const dep = (id: string, spec: MechanismSpec[], own: ModeTarget, acceptances: Acceptance[] = []) => ({
    id,
    assessment: assess({ ...target(id, own, own, acceptances), recovery: atOnce }, spec, CTX),
    acceptances,
  });
  const unknownDep = dep('ledger', [{ id: 'external', provider: 'Vendor', evidence: 'a contract', unaffected: [] }], {
    rpoSeconds: H,
    rtoSeconds: 15 * M,
  });

  test('a known gap is never hidden by an unknown elsewhere: the service has a gap, naming the dependency', () => {
    const service = target('api', { rpoSeconds: H, rtoSeconds: 60 });
    const own = assess(service, workload, CTX);
    const db = dep('db', postgres, { rpoSeconds: H, rtoSeconds: 20 * M });
    const a = boundByDependencies(service, own, [db, unknownDep]);
    // db: 150 s typical failover against the service's 60 s; ledger: unknown.
    expect(a.instance.rtoStatus).toBe('gap');
    expect(a.instance.rto).toMatchObject({ limitedBy: ['db'], figure: { seconds: 150 } });
  });

  test('each dependency is judged against the service’s target, not its own', () => {
    const service = target('api', { rpoSeconds: H, rtoSeconds: 60 });
    const own = assess(service, workload, CTX);
    const db = dep('db', postgres, { rpoSeconds: H, rtoSeconds: 20 * M });
    expect(db.assessment.instance.rtoStatus).toBe('expected');
    expect(boundByDependencies(service, own, [db]).instance.rtoStatus).toBe('gap');
  });

  test('two dependencies short, one accepted on its own entry: the other is still a gap on the service', () => {
    const service = target('pay', { rpoSeconds: 0, rtoSeconds: 20 * M });
    const own = assess(service, workload, CTX);
    const orders = dep('orders', postgres, { rpoSeconds: 0, rtoSeconds: 20 * M }, [
      accept('corruption', { rpoSeconds: 1 }),
    ]);
    const ledger = dep('ledger', postgres, { rpoSeconds: 0, rtoSeconds: 20 * M });
    const a = boundByDependencies(service, own, [orders, ledger]);
    expect(a.corruption.rpoStatus).toBe('gap');
    expect(a.corruption.rpo).toMatchObject({ limitedBy: ['ledger'] });
    const alone = boundByDependencies(service, own, [orders]);
    expect(alone.corruption.rpoStatus).toBe('accepted');
    expect(alone.corruption.acceptances).toEqual([
      expect.objectContaining({ inheritedFrom: 'orders', fields: ['rpo'] }),
    ]);
  });

  test('the service’s own acceptance covers a dependency only up to its ceiling; `unbounded` covers all', () => {
    const short = (ceiling: number | 'unbounded') =>
      target('pay', { rpoSeconds: 0, rtoSeconds: 20 * M }, undefined, [accept('corruption', { rpoSeconds: ceiling })]);
    const orders = dep('orders', postgres, { rpoSeconds: 0, rtoSeconds: 20 * M });
    const unprotected = dep('ledger', [{ id: 'rds-multi-az-instance', deletionProtection: false }, postgres[1]!], {
      rpoSeconds: 0,
      rtoSeconds: 20 * M,
    });
    const svc1 = short(1);
    const a = boundByDependencies(svc1, assess(svc1, workload, CTX), [orders, unprotected]);
    // orders: 1 s (covered); ledger: 5 min without deletion protection (not covered).
    expect(a.corruption.rpoStatus).toBe('gap');
    expect(a.corruption.rpo).toMatchObject({ limitedBy: ['ledger'], figure: { seconds: 300 } });
    const svc2 = short('unbounded');
    expect(boundByDependencies(svc2, assess(svc2, workload, CTX), [orders, unprotected]).corruption.rpoStatus).toBe(
      'accepted',
    );
  });

  test('a dependency with no RPO target (a rebuildable cache) does not bound the service’s RPO', () => {
    const service = target('shop', { rpoSeconds: H, rtoSeconds: 15 * M });
    const own = assess(service, workload, CTX);
    const cache = dep('cache', [], { rpoSeconds: null, rtoSeconds: 15 * M });
    const db = dep('db', postgres, { rpoSeconds: H, rtoSeconds: 15 * M });
    const a = boundByDependencies(service, own, [cache, db]);
    expect(a.instance.rpo).toMatchObject({ figure: { seconds: 0 } });
    expect(a.instance.rpoStatus).toBe('met');
  });
});
