/** `assess`: statuses, acceptances, evidence, recovery paths, and the weakest link for services. */
import {
  assess,
  boundByDependencies,
  worseStatus,
  type Acceptance,
  type MechanismSpec,
  type ModelContext,
  type Mode,
  type ModeTarget,
  type Target,
} from '../../lib/model';

const CTX: ModelContext = { kubernetesVersion: '1.27', zones: 3, drCompute: false, minReady: 2 };
const M = 60;
const H = 3600;

function target(id: string, own: ModeTarget, region: ModeTarget = own, acceptances: Acceptance[] = []): Target {
  return { id, modes: { instance: own, az: own, region, corruption: own }, acceptances };
}
const accept = (mode: Mode, ceilings: Partial<Acceptance>): Acceptance => ({
  mode,
  reason: 'a reason long enough to read',
  owner: 'ops',
  expires: '2027-06-30',
  ...ceilings,
});

const postgres: MechanismSpec[] = [
  { id: 'rds-multi-az-instance', deletionProtection: true },
  { id: 'rds-automated-backups', retentionDays: 35, deleteAutomatedBackups: false },
  { id: 'rds-backup-replication', retentionDays: 35 },
];

describe('statuses', () => {
  test('the order is n/a < met < accepted < unverified < gap, and a mode takes the worse of its fields', () => {
    expect(worseStatus('met', 'gap')).toBe('gap');
    expect(worseStatus('accepted', 'unverified')).toBe('unverified');
    expect(worseStatus('n/a', 'met')).toBe('met');
  });

  test('GIVEN a Multi-AZ database with PITR and replication WHEN assessed THEN known figures meet, unknown ones are unverified', () => {
    const a = assess(
      target('db', { rpoSeconds: H, rtoSeconds: 20 * M }, { rpoSeconds: H, rtoSeconds: 4 * H }),
      postgres,
      CTX,
    );
    expect([a.instance.rpoStatus, a.instance.rtoStatus, a.instance.status]).toEqual(['met', 'met', 'met']);
    expect([a.region.rpoStatus, a.region.rtoStatus]).toEqual(['met', 'unverified']);
    expect(a.region.rpo).toMatchObject({ mechanism: 'rds-backup-replication', figure: { seconds: 1800 } });
    expect([a.corruption.rpoStatus, a.corruption.rtoStatus]).toEqual(['met', 'unverified']);
  });

  test('a known figure worse than the target is a gap; no protection at all is a gap', () => {
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
  });
});

describe('acceptances', () => {
  const own = { rpoSeconds: 0, rtoSeconds: 20 * M };

  test('a ceiling at or above the achieved figure accepts the gap', () => {
    const a = assess(target('db', own, own, [accept('corruption', { rpoSeconds: 1 })]), postgres, CTX);
    expect(a.corruption.rpoStatus).toBe('accepted');
    expect(a.corruption.acceptance?.reason).toMatch(/reason/);
  });

  test('achieved worse than the ceiling is a gap again', () => {
    const unprotected: MechanismSpec[] = [{ id: 'rds-multi-az-instance', deletionProtection: false }, postgres[1]!];
    const a = assess(target('db', own, own, [accept('corruption', { rpoSeconds: 1 })]), unprotected, CTX);
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

  test('an acceptance nothing needs is reported as unused', () => {
    const a = assess(target('db', own, own, [accept('instance', { rtoSeconds: H })]), postgres, CTX);
    expect(a.instance.status).toBe('met');
    expect(a.instance.unusedAcceptance?.mode).toBe('instance');
  });
});

describe('evidence', () => {
  test('a measured restore replaces an unknown figure, the worst measurement counting', () => {
    const evidence = [
      {
        asset: 'db',
        mode: 'corruption' as const,
        field: 'rto' as const,
        seconds: 900,
        date: '2026-10-01',
        source: 'drill',
      },
      {
        asset: 'db',
        mode: 'corruption' as const,
        field: 'rto' as const,
        seconds: 1500,
        date: '2026-11-01',
        source: 'restore test',
      },
    ];
    const met = assess(target('db', { rpoSeconds: H, rtoSeconds: 30 * M }), postgres, CTX, { evidence });
    expect(met.corruption.rto).toMatchObject({ figure: { seconds: 1500, bound: 'typical' } });
    expect(met.corruption.rtoStatus).toBe('met');
    const gap = assess(target('db', { rpoSeconds: H, rtoSeconds: 20 * M }), postgres, CTX, { evidence });
    expect(gap.corruption.rtoStatus).toBe('gap');
  });

  test('evidence never overrides a known figure', () => {
    const evidence = [
      {
        asset: 'db',
        mode: 'instance' as const,
        field: 'rto' as const,
        seconds: 5,
        date: '2026-10-01',
        source: 'drill',
      },
    ];
    const a = assess(target('db', { rpoSeconds: H, rtoSeconds: H }), postgres, CTX, { evidence });
    expect(a.instance.rto).toMatchObject({ figure: { seconds: 150 } });
  });
});

describe('recovery paths', () => {
  test('data kept where nothing can restore service does not set the RPO when a failover path exists', () => {
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
    // AOF alone keeps 2 s, but the pod on a dead node is not replaced; the Sentinel failover loses up to 10 s.
    expect(a.instance.rpo).toMatchObject({ mechanism: 'redis-sentinel', figure: { seconds: 10 } });
    expect(a.instance.rtoStatus).toBe('unverified');
  });
});

describe('the weakest link', () => {
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
  const deps = (id: string, spec: MechanismSpec[], own: ModeTarget, acc: Acceptance[] = []) => ({
    id,
    assessment: assess(target(id, own, own, acc), spec, CTX),
  });

  test('a service is as good as the worst asset it depends on, and says which one', () => {
    const service = target('api', { rpoSeconds: H, rtoSeconds: 15 * M });
    const own = assess(service, workload, CTX);
    const db = deps('db', postgres, { rpoSeconds: H, rtoSeconds: 15 * M });
    const single = deps('legacy', [{ id: 'rds-single-az', deletionProtection: true }, postgres[1]!], {
      rpoSeconds: H,
      rtoSeconds: 15 * M,
    });
    const a = boundByDependencies(service, own, [db, single]);
    expect(a.az.rto).toMatchObject({ limitedBy: 'legacy', kind: 'figure' });
    expect(a.az.rtoStatus).toBe('unverified');
    expect(a.az.rpo).toMatchObject({ limitedBy: 'legacy', figure: { seconds: 300 } });
  });

  test('a dependency with no RPO target (a rebuildable cache) does not bound the service’s RPO', () => {
    const service = target('shop', { rpoSeconds: H, rtoSeconds: 15 * M });
    const own = assess(service, workload, CTX);
    const cache = deps('cache', [], { rpoSeconds: null, rtoSeconds: 15 * M });
    const db = deps('db', postgres, { rpoSeconds: H, rtoSeconds: 15 * M });
    expect(boundByDependencies(service, own, [cache, db]).instance.rpo).toMatchObject({ limitedBy: 'db' });
  });

  test('an acceptance on the binding asset carries over when it covers the same shortfall', () => {
    const service = target('pay', { rpoSeconds: 0, rtoSeconds: 20 * M });
    const own = assess(service, workload, CTX);
    const orders = deps('orders', postgres, { rpoSeconds: 0, rtoSeconds: 20 * M }, [
      accept('corruption', { rpoSeconds: 1 }),
    ]);
    const a = boundByDependencies(service, own, [orders]);
    expect(a.corruption.rpoStatus).toBe('accepted');
    expect(a.corruption.acceptance).toMatchObject({ inheritedFrom: 'orders', rpoSeconds: 1 });
  });
});
