/**
 * A Region switch plan as a Region-loss path (ARC-1..8, ARC-18): sequential steps add, a parallel step takes its
 * longest child, a timeout bounds a step only if it succeeds (typical), a restore is unknown; what each path needs;
 * the RPO comes from the data mechanisms; the approval's wait is the tier's decide, counted once.
 */
import {
  achieve,
  assess,
  completion,
  stepFigure,
  type MechanismSpec,
  type ModelContext,
  type SwitchStep,
  type Target,
} from '../../lib/model';
import type { Field } from '../../lib/model/figure';

const CTX: ModelContext = {
  kubernetesVersion: '1.27',
  zones: 3,
  drCompute: false,
  minReady: 2,
  endpointPropagationSeconds: null,
};
const MIN = 60;

const approve: SwitchStep = { name: 'approve-failover', work: 'approval', timeoutSeconds: 55 * MIN };
const restore = (asset: string): SwitchStep => ({
  name: `restore-${asset}`,
  work: 'restore',
  timeoutSeconds: 180 * MIN,
});
const promote = (asset: string): SwitchStep => ({
  name: `promote-${asset}`,
  work: 'promote',
  timeoutSeconds: 60 * MIN,
});
const scale = (name: string, minutes: number): SwitchStep => ({ name, work: 'scale', timeoutSeconds: minutes * MIN });
const parallel = (name: string, steps: SwitchStep[]): SwitchStep => ({
  name,
  work: 'parallel',
  timeoutSeconds: null,
  steps,
});

function show(f: Field): string {
  if (f.kind !== 'figure') return `${f.kind}: ${f.reason}`;
  const { seconds, bound, atLeast, automatic } = f.figure;
  return seconds === null
    ? `unknown${atLeast ? ` ≥${atLeast}` : ''}${automatic ? ' auto' : ''}`
    : `${seconds} ${bound}`;
}

describe('the bound of a step and of the run up to the serving step', () => {
  test.each([
    ['approval: 0, its wait is the declared decide', approve, 0, 'worst', ['ARC-5']],
    ['a scaling step: its timeout, if it succeeds', scale('scale', 30), 1800, 'typical', ['ARC-2', 'ARC-4', 'ARC-7']],
    ['a promote: its timeout, if it succeeds', promote('orders'), 3600, 'typical', ['ARC-2', 'ARC-4', 'ARC-8']],
    ['a restore: not published', restore('orders'), null, 'unknown', ['ARC-4', 'RDS-15', 'RDS-21']],
    [
      'a block without a timeout (a child plan): not in this template',
      { name: 'child', work: 'other', timeoutSeconds: null } as SwitchStep,
      null,
      'unknown',
      ['ARC-3'],
    ],
    [
      'a parallel step: its longest child',
      parallel('data', [scale('a', 10), promote('b'), scale('c', 20)]),
      3600,
      'typical',
      ['ARC-2', 'ARC-3', 'ARC-4', 'ARC-7', 'ARC-8'],
    ],
  ])('%s', (_name, step, seconds, bound, facts) => {
    const f = stepFigure(step);
    expect([f.seconds, f.bound, [...f.facts].sort()]).toEqual([seconds, bound, facts]);
  });

  const steps = [
    approve,
    parallel('data', [promote('orders'), scale('start-sessions', 20)]),
    scale('scale-services', 30),
  ];

  test('sequential steps add; a parallel step before the serving one counts its longest child', () => {
    const f = completion(steps, 'scale-services')!;
    expect([f.seconds, f.bound]).toEqual([0 + 3600 + 1800, 'typical']);
    expect(f.note).toBe(
      'Region switch plan approve-failover → data → scale-services: 1h 30m if every step succeeds within its timeout (ARC-4), dominated by data (1h)',
    );
  });

  test('a step inside a parallel step is done when it is, not when its siblings are', () => {
    expect(completion(steps, 'start-sessions')!.seconds).toBe(20 * MIN);
    expect(completion(steps, 'promote-orders')!.seconds).toBe(60 * MIN);
  });

  test('a restore anywhere before the serving step makes the run unknown (on a path without a person)', () => {
    const withRestore = [
      approve,
      parallel('data', [restore('orders'), scale('start-sessions', 20)]),
      scale('scale-services', 30),
    ];
    const f = completion(withRestore, 'scale-services')!;
    expect([f.seconds, f.bound, f.automatic, f.atLeast]).toEqual([null, 'unknown', true, undefined]);
    expect(f.note).toMatch(/restore-orders: a restore; RDS publishes no restore time/);
    // ... but a sibling that does not wait for it keeps its own bound.
    expect(completion(withRestore, 'start-sessions')!.seconds).toBe(20 * MIN);
  });

  test('a step the plan does not have: no completion', () => {
    expect(completion(steps, 'nope')).toBeUndefined();
  });
});

const replication: MechanismSpec = { id: 'rds-backup-replication', retentionDays: 7 };
const ecr: MechanismSpec = { id: 'ecr-replication', regions: ['eu-west-1'] };
const traffic = { requestIntervalSeconds: 30, failureThreshold: 3, ttlSeconds: 60 };
const serviceSteps = [approve, parallel('data', [restore('orders')]), scale('scale-services', 30)];
const redeploy = (extra: Partial<Extract<MechanismSpec, { id: 'region-switch' }>> = {}): MechanismSpec => ({
  id: 'region-switch',
  path: 'redeploy',
  steps: [approve, scale('scale-services', 30)],
  serving: 'scale-services',
  clusters: true,
  traffic,
  ...extra,
});

describe('what each path achieves for a Region loss', () => {
  const region = (spec: MechanismSpec, set: MechanismSpec[] = [spec]) => {
    const o = achieve(spec, CTX, set).region;
    return [show(o.rpo), show(o.rto)];
  };

  test('redeploy (a service): the plan, then Route 53 moves clients (3 × 30 s + 60 s TTL, OTH-8); no data of its own', () => {
    const spec = redeploy();
    expect(region(spec, [spec, ecr])).toEqual([
      'n/a: a workload keeps no data; its state lives in the assets it depends on',
      `${30 * MIN + 150} typical`,
    ]);
  });

  test('redeploy (a cache, reached inside the cluster): no DNS term, no image of its own', () => {
    const { traffic: _t, ...cache } = redeploy() as Extract<MechanismSpec, { id: 'region-switch' }>;
    expect(region(cache)[1]).toBe(`${30 * MIN} typical`);
  });

  test.each([
    ['no DNS failover', redeploy({ traffic: null }), [ecr], 'nothing moves clients to the DR Region'],
    ['images not replicated', redeploy(), [], 'the images are not replicated to the DR Region'],
    ['a cluster without the access entries', redeploy({ clusters: false }), [ecr], 'does not name two clusters'],
    [
      'a restore without the DR subnet group',
      { id: 'region-switch', path: 'restore', steps: serviceSteps, serving: 'restore-orders', network: false },
      [replication],
      'nothing to restore into',
    ],
    [
      'a restore with no copy in the DR Region',
      { id: 'region-switch', path: 'restore', steps: serviceSteps, serving: 'restore-orders', network: true },
      [],
      'no copy of the data in the DR Region',
    ],
    [
      'a promote without a replica',
      { id: 'region-switch', path: 'promote', steps: [approve, promote('orders')], serving: 'promote-orders' },
      [],
      'no read replica in the DR Region to promote',
    ],
    [
      'a start without a shipped snapshot',
      { id: 'region-switch', path: 'start', steps: [approve, scale('start-sessions', 20)], serving: 'start-sessions' },
      [],
      'no snapshot shipped to the DR Region',
    ],
    ['a step the plan lacks', redeploy({ serving: 'gone' }), [ecr], 'the plan has no step gone'],
  ] as [string, MechanismSpec, MechanismSpec[], string][])('%s: no path (none)', (_name, spec, others, reason) => {
    const o = achieve(spec, CTX, [spec, ...others]).region;
    expect(o.rto.kind).toBe('none');
    expect(o.rto.kind === 'none' && o.rto.reason).toMatch(reason);
  });

  test('a Region switch is no path for the other modes', () => {
    const all = achieve(redeploy(), CTX, [redeploy(), ecr]);
    for (const mode of ['instance', 'az', 'corruption'] as const) expect(all[mode].rto.kind).toBe('none');
  });
});

describe('assessed with the data mechanisms and the declared overhead', () => {
  const target = (rtoHours: number): Target => ({
    id: 'orders',
    modes: {
      instance: { rpoSeconds: 0, rtoSeconds: 1200 },
      az: { rpoSeconds: 0, rtoSeconds: 1200 },
      region: { rpoSeconds: 3600, rtoSeconds: rtoHours * 3600 },
      corruption: { rpoSeconds: 0, rtoSeconds: 1200 },
    },
    acceptances: [],
    recovery: {
      outage: { detectSeconds: 5 * MIN, decideSeconds: 10 * MIN, repointSeconds: 5 * MIN },
      region: { detectSeconds: 5 * MIN, decideSeconds: 55 * MIN, repointSeconds: 5 * MIN },
      corruption: {
        detectSeconds: 5 * MIN,
        decideSeconds: 10 * MIN,
        repointSeconds: 5 * MIN,
        unnoticedSeconds: 5 * MIN,
      },
    },
  });

  test('a restore: RPO from the replicated backups (RDS-15), RTO the plan’s (unknown) plus the overhead once', () => {
    const plan: MechanismSpec = {
      id: 'region-switch',
      path: 'restore',
      steps: serviceSteps,
      serving: 'restore-orders',
      network: true,
    };
    const a = assess(target(4), [replication, plan], CTX).region;
    expect([show(a.rpo), a.rpoStatus, a.rpo.mechanism]).toEqual(['1800 typical', 'expected', 'rds-backup-replication']);
    // The plan's orchestrated restore outranks the manual one; detect 5m + decide 55m + repoint 5m, counted once.
    expect([show(a.rto), a.rtoStatus, a.rto.mechanism]).toEqual([
      `unknown ≥${65 * MIN} auto`,
      'unverified',
      'region-switch',
    ]);
    expect(a.rto.kind === 'figure' && a.rto.figure.note).toMatch(
      /^Region switch plan approve-failover → data › restore-orders: a restore; RDS publishes no restore time/,
    );
  });

  test('a plan slower than the Region RTO is a gap that names the step dominating it', () => {
    const slow: MechanismSpec = redeploy({ steps: [approve, scale('scale-services', 240)] });
    const a = assess(
      { ...target(4), modes: { ...target(4).modes, region: { rpoSeconds: null, rtoSeconds: 4 * 3600 } } },
      [slow, ecr],
      CTX,
    ).region;
    expect([a.rto.kind === 'figure' && a.rto.figure.seconds, a.rtoStatus]).toEqual([240 * MIN + 150 + 65 * MIN, 'gap']);
    expect(a.rto.kind === 'figure' && a.rto.figure.note).toMatch(/dominated by scale-services \(4h\)/);
  });

  test('a Redis started by the plan: RPO from the shipped snapshots, RTO the start step', () => {
    const shipping: MechanismSpec = {
      id: 'redis-rdb-shipping',
      intervalSeconds: 900,
      deadlineSeconds: 600,
      replication: { rtc: true },
    };
    const start: MechanismSpec = {
      id: 'region-switch',
      path: 'start',
      steps: [approve, parallel('data', [scale('start-sessions', 20)])],
      serving: 'start-sessions',
    };
    const a = assess(target(4), [shipping, start], CTX).region;
    expect(a.rpo.mechanism).toBe('redis-rdb-shipping');
    expect([show(a.rto), a.rto.mechanism]).toEqual([`${20 * MIN + 65 * MIN} typical`, 'region-switch']);
  });
});
