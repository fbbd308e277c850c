/**
 * The audit's comparison, per check: non-compliant cases and a compliant one. Targets come from the shipped catalog
 * through the model, so the limits are the model's figures (RDS-2 for continuous RDS, interval + window for snapshots).
 */
import { exitCodeOf } from '../../lib/audit/audit';
import { evaluate } from '../../lib/audit/evaluate';
import { SEVERITIES, type AuditTarget, type Observed, type Severity } from '../../lib/audit/types';
import { load } from './support/lomash';

const lomash = load();
const NOW = new Date('2026-11-28T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const ok = <T>(value: T) => ({ ok: true as const, value });
const LOCKED = ok({ locked: true, lockDate: ago(86400 * 30), minRetentionDays: 1, maxRetentionDays: 400 });
const REGIONS = ['eu-west-2', 'eu-west-1'];

function healthy(target: AuditTarget, overrides: Partial<Observed> = {}): Observed {
  const arn = target.match.by === 'arn' ? target.match.arn : 'arn:aws:ec2:eu-west-2:111111111111:volume/vol-1';
  return {
    resources: ok([arn]),
    newest: ok({
      arn: 'arn:aws:backup:eu-west-2:111111111111:recovery-point:rp-1',
      created: ago(3600),
      status: 'COMPLETED',
    }),
    ...(target.freshness.source === 'latest-restorable-time' ? { latestRestorable: ok(ago(120)) } : {}),
    backupJobs: ok([{ id: 'job-1', state: 'COMPLETED', created: ago(3600) }]),
    copyJobs: ok([]),
    vault: LOCKED,
    ...(target.copy
      ? { copy: { newest: ok({ arn: 'arn:copy', created: ago(3600), status: 'COMPLETED' }), vault: LOCKED } }
      : {}),
    ...(target.replication ? { replication: ok(ago(600)) } : {}),
    restores: ok([]),
    ...overrides,
  };
}

/** One check's findings; for the vault lock, the primary Region's (a tier with offsite copies also has its DR vault's). */
function findings(target: AuditTarget, observed: Observed, check: string) {
  return evaluate(target, observed, { now: NOW, regions: REGIONS }).findings.filter(
    (f) => f.check === check && !(check === 'vault-lock' && f.region === REGIONS[1]),
  );
}

function severityOf(target: AuditTarget, observed: Observed, check: string): Severity {
  const f = findings(target, observed, check);
  expect(f).toHaveLength(1);
  return f[0]!.severity;
}

describe('freshness: the newest restorable point against the model, not the target', () => {
  const orders = lomash.target('lomash_orders');
  const products = lomash.target('lomash_products');

  test('continuous RDS reads LatestRestorableTime and is held to RDS-2 (5 min, typical)', () => {
    expect(orders.freshness).toMatchObject({
      source: 'latest-restorable-time',
      limit: { seconds: 300, bound: 'typical' },
    });
    expect(orders.freshness.limit.facts).toContain('RDS-2');
  });

  test('a daily snapshot rule is held to its interval plus completion window (MECH-9, BKP-4)', () => {
    expect(products.freshness).toMatchObject({
      source: 'recovery-point',
      limit: { seconds: 86400 + 7200, bound: 'worst' },
    });
  });

  test('Compliance: fresh points pass', () => {
    expect(severityOf(orders, healthy(orders), 'freshness')).toBe('ok');
    expect(severityOf(products, healthy(products), 'freshness')).toBe('ok');
  });

  test('Noncompliance 1: a stale LatestRestorableTime is a breach naming age and limit', () => {
    const [f] = findings(orders, healthy(orders, { latestRestorable: ok(ago(3600)) }), 'freshness');
    expect(f).toMatchObject({ severity: 'breach', ageSeconds: 3600, limitSeconds: 300 });
    expect(f!.message).toMatch(/1h old, over 5m/);
  });

  test('Noncompliance 2: a stale snapshot is a breach', () => {
    const stale = healthy(products, { newest: ok({ arn: 'rp', created: ago(2 * 86400), status: 'COMPLETED' }) });
    expect(severityOf(products, stale, 'freshness')).toBe('breach');
  });

  test('Noncompliance 3: no recovery point at all is a breach, not silence', () => {
    expect(severityOf(products, healthy(products, { newest: ok(null) }), 'freshness')).toBe('breach');
  });

  test('Noncompliance 4: a resource AWS Backup does not protect is a breach', () => {
    expect(severityOf(products, healthy(products, { resources: ok([]) }), 'resources')).toBe('breach');
  });

  test('unknown resources claim nothing about restores (an empty list would read as "none")', () => {
    const audit = evaluate(products, healthy(products, { resources: { ok: false, error: 'ECONNREFUSED' } }), {
      now: NOW,
      regions: REGIONS,
    });
    expect(audit.severity).toBe('unaudited');
    expect(audit.findings.filter((f) => f.check === 'restore' || f.check === 'freshness')).toEqual([]);
  });

  test('missing data is never green: an unreadable point makes the asset unaudited', () => {
    const audit = evaluate(
      products,
      healthy(products, { newest: { ok: false, error: 'AccessDeniedException (HTTP 403): no' } }),
      {
        now: NOW,
        regions: REGIONS,
      },
    );
    expect(audit.severity).toBe('unaudited');
    expect(audit.findings.find((f) => f.check === 'freshness')!.message).toMatch(/AccessDeniedException/);
  });
});

describe('jobs: failed, expired and aborted backup and copy jobs in the window', () => {
  const t = lomash.target('lomash_products');

  test('Noncompliance: the newest copy job failed and nothing completed since', () => {
    const observed = healthy(t, {
      copyJobs: ok([
        { id: 'copy-1', state: 'COMPLETED', created: ago(7200) },
        { id: 'copy-2', state: 'FAILED', created: ago(3600), message: 'Access denied to the destination vault' },
      ]),
    });
    const [f] = findings(t, observed, 'copy-jobs');
    expect(f!.severity).toBe('breach');
    expect(f!.message).toMatch(/copy-2.*Access denied/);
  });

  test('a failure a later job made good is a warning', () => {
    const observed = healthy(t, {
      backupJobs: ok([
        { id: 'b-1', state: 'EXPIRED', created: ago(7200) },
        { id: 'b-2', state: 'COMPLETED', created: ago(3600) },
      ]),
    });
    expect(severityOf(t, observed, 'backup-jobs')).toBe('warning');
  });

  test('Compliance: completed jobs only', () => {
    expect(severityOf(t, healthy(t), 'backup-jobs')).toBe('ok');
  });
});

describe('vault lock (BKP-15)', () => {
  const t = lomash.target('lomash_orders');

  test('Noncompliance 1: an unlocked vault is a breach', () => {
    expect(severityOf(t, healthy(t, { vault: ok({ locked: false }) }), 'vault-lock')).toBe('breach');
  });

  test('the DR Region vault the tier copies into is checked too: unlocked there is a breach there', () => {
    const observed = healthy(t);
    const copy = { ...observed.copy!, vault: ok({ locked: false }) };
    const dr = evaluate(t, { ...observed, copy }, { now: NOW, regions: REGIONS }).findings.filter(
      (f) => f.check === 'vault-lock' && f.region === REGIONS[1],
    );
    expect(dr.map((f) => f.severity)).toEqual(['breach']);
  });

  test('Noncompliance 2: a governance lock where the plan expects compliance is a breach', () => {
    expect(
      severityOf(
        t,
        healthy(t, { vault: ok({ locked: true, minRetentionDays: 1, maxRetentionDays: 400 }) }),
        'vault-lock',
      ),
    ).toBe('breach');
  });

  test('a compliance lock still in its cooling-off period is a warning', () => {
    const cooling = ok({
      locked: true,
      lockDate: new Date(NOW.getTime() + 86400_000),
      minRetentionDays: 1,
      maxRetentionDays: 400,
    });
    expect(severityOf(t, healthy(t, { vault: cooling }), 'vault-lock')).toBe('warning');
  });

  test('Compliance: locked in compliance mode with the planned bounds', () => {
    expect(severityOf(t, healthy(t), 'vault-lock')).toBe('ok');
  });
});

describe('restores against the RTO, with the declared recovery overhead on top', () => {
  // Corruption RTO 30 min; tier-2 declares 20 minutes to notice, decide and repoint (policy.recovery).
  const t = lomash.target('lomash_customers');
  const restore = (seconds: number, region = 'eu-west-2') => ({
    id: `r-${seconds}`,
    region,
    status: 'COMPLETED',
    created: ago(86400),
    completed: new Date(ago(86400).getTime() + seconds * 1000),
    recoveryPointArn: 'arn:aws:backup:eu-west-2:111111111111:recovery-point:continuous:db-x',
  });

  test('Compliance: a restore that, with the overhead, fits the RTO', () => {
    expect(t.overheadSeconds).toEqual({ corruption: 1200, region: 3900 });
    const [f] = findings(t, healthy(t, { restores: ok([restore(600)]) }), 'restore');
    expect(f).toMatchObject({ severity: 'ok', ageSeconds: 600, limitSeconds: 1800 });
    expect(f!.message).toMatch(/took 10m, 30m with the declared recovery overhead/);
  });

  test('Noncompliance: a restore under the RTO alone, over it with the overhead, is a breach', () => {
    const [f] = findings(t, healthy(t, { restores: ok([restore(900)]) }), 'restore');
    expect(f).toMatchObject({ severity: 'breach', ageSeconds: 900, limitSeconds: 1800 });
  });

  test('without a declared overhead a restore that fits is a warning: the whole recovery is not known', () => {
    const { overheadSeconds: _, ...bare } = t;
    const [f] = findings(bare, healthy(bare, { restores: ok([restore(600)]) }), 'restore');
    expect(f).toMatchObject({ severity: 'warning' });
    expect(f!.message).toMatch(/the whole recovery is not known/);
  });

  test('no restore while the RTO is unverified: a warning that points at dr drill', () => {
    const [f] = findings(t, healthy(t), 'restore');
    expect(f!.severity).toBe('warning');
    expect(f!.message).toMatch(/dr drill lomash_customers/);
  });
});

describe('accepted gaps: reported, not hidden, not flagged twice', () => {
  // The shipped redis-sessions accepts its corruption RTO; its Region RTO, now the pilot light's plan's, is given an
  // acceptance here (as a catalog without a DR cluster would have) so one asset carries two.
  const shipped = lomash.target('redis-sessions');
  const sessions: AuditTarget = {
    ...shipped,
    posture: {
      ...shipped.posture,
      region: {
        ...shipped.posture.region,
        rto: 'accepted',
        acceptance: 'No compute runs in the DR Region to restore Redis into. (owner devops, expires 2027-06-30)',
      },
    },
  };

  test('each acceptance is a finding of its own', () => {
    const f = findings(sessions, healthy(sessions), 'posture');
    expect(f.map((x) => x.severity)).toEqual(['accepted', 'accepted']);
    expect(f[0]!.message).toMatch(/^region RTO: an accepted gap .*owner devops, expires 2027-06-30/);
    expect(f[1]!.message).toMatch(/^corruption RTO: an accepted gap .*recovered by people/);
  });

  test('a DR-Region restore over an accepted RTO is accepted, not a breach', () => {
    const slow = {
      id: 'r',
      region: 'eu-west-1',
      status: 'COMPLETED',
      created: ago(90000),
      completed: ago(0),
      recoveryPointArn: 'rp',
    };
    const [f] = findings(sessions, healthy(sessions, { restores: ok([slow]) }), 'restore');
    expect(f!.severity).toBe('accepted');
  });

  test('an accepted gap alone leaves the exit code at 0', () => {
    const audit = evaluate(sessions, healthy(sessions, { restores: ok([]) }), { now: NOW, regions: ['eu-west-1'] });
    expect(audit.severity).toBe('accepted');
    const summary = Object.fromEntries(
      SEVERITIES.map((sev) => [sev, [audit].filter((a) => a.severity === sev).length]),
    ) as Record<Severity, number>;
    expect(exitCodeOf({ summary, assets: [audit] })).toBe(0);
  });
});

describe('copies and replication in the DR Region', () => {
  const orders = lomash.target('lomash_orders');

  test('RDS backup replication is held to RDS-15 (30 min)', () => {
    expect(orders.replication!.limit).toMatchObject({ seconds: 1800, bound: 'typical' });
    expect(severityOf(orders, healthy(orders), 'replication')).toBe('ok');
    expect(severityOf(orders, healthy(orders, { replication: ok(ago(7200)) }), 'replication')).toBe('breach');
    expect(severityOf(orders, healthy(orders, { replication: ok(null) }), 'replication')).toBe('breach');
  });

  test('over a typical figure but within the target: late, a warning; past the target too: a breach', () => {
    // Region RPO target 1 h; replicated backups typically lag up to 30 min (RDS-15).
    expect(orders.replication!.limit).toMatchObject({ targetSeconds: 3600 });
    const [late] = findings(orders, healthy(orders, { replication: ok(ago(45 * 60)) }), 'replication');
    expect(late).toMatchObject({ severity: 'warning', ageSeconds: 45 * 60 });
    expect(late!.message).toMatch(/not proof of a failure: a typical figure, and within the target of 1h/);
    expect(severityOf(orders, healthy(orders, { replication: ok(ago(61 * 60)) }), 'replication')).toBe('breach');
  });

  test('an AWS Backup copy is held to the model’s figure, never the target: the schedule’s part, then one missed run', () => {
    const copied = lomash.target('lomash_orders').copy!;
    // Daily rule, two-hour completion window: 26 h when every run succeeds, 50 h with one missed, plus a copy time.
    expect(copied.limit).toMatchObject({
      seconds: null,
      bound: 'unknown',
      atLeastSeconds: 26 * 3600,
      missedRunSeconds: 50 * 3600,
    });
    const withCopy: AuditTarget = { ...orders, copy: copied };
    const copyAged = (hours: number) =>
      healthy(withCopy, {
        copy: { newest: ok({ arn: 'c', created: ago(hours * 3600), status: 'COMPLETED' }), vault: LOCKED },
      });
    expect(severityOf(withCopy, copyAged(25), 'copy')).toBe('ok');
    // Late, but a copy's time is not published: not proof of a failure.
    expect(severityOf(withCopy, copyAged(27), 'copy')).toBe('warning');
    expect(findings(withCopy, copyAged(27), 'copy')[0]!.message).toMatch(/not proof of a failure/);
    // Older than one missed run allows: certainly broken.
    expect(severityOf(withCopy, copyAged(51), 'copy')).toBe('breach');
    expect(severityOf(withCopy, healthy(withCopy, { copy: { newest: ok(null), vault: LOCKED } }), 'copy')).toBe(
      'breach',
    );
  });

  test('a healthy account with daily copies, audited at every hour of the day, never breaches', () => {
    const copied = lomash.target('lomash_orders');
    // A copy lands within the completion window of its daily rule (03:00 UTC, two hours): ages cycle from 0 to 26 h.
    for (let hour = 0; hour < 24; hour++) {
      const now = new Date(Date.UTC(2026, 10, 28, hour, 30));
      const lastRun = new Date(Date.UTC(2026, 10, hour >= 5 ? 28 : 27, 3) + 90 * 60 * 1000);
      const observed = healthy(copied, {
        copy: { newest: ok({ arn: 'c', created: lastRun, status: 'COMPLETED' }), vault: LOCKED },
        latestRestorable: ok(new Date(now.getTime() - 120 * 1000)),
        replication: ok(new Date(now.getTime() - 600 * 1000)),
        newest: ok({ arn: 'rp', created: lastRun, status: 'COMPLETED' }),
      });
      const audit = evaluate(copied, observed, { now, regions: REGIONS });
      const copy = audit.findings.filter((f) => f.check === 'copy' && f.region === REGIONS[1]);
      expect([hour, copy.map((f) => f.severity)]).toEqual([hour, ['ok']]);
      expect([hour, audit.findings.some((f) => f.severity === 'breach')]).toEqual([hour, false]);
    }
  });

  test("--region leaves out the other Region's checks", () => {
    const audit = evaluate(orders, healthy(orders), { now: NOW, regions: ['eu-west-2'] });
    expect(audit.findings.some((f) => f.check === 'replication')).toBe(false);
  });
});

describe('EBS volumes map to an asset by vault, and by tag where other EBS assets share it', () => {
  test('redis-sessions is the only EBS asset of tier-1', () => {
    expect(lomash.target('redis-sessions').match).toEqual({
      by: 'vault',
      resourceType: 'EBS',
      vault: 'lomash-wood-tier-1',
      ambiguousWith: [],
    });
  });

  test('resources that could not be read make the asset unaudited, with the reason', () => {
    const t = lomash.target('redis-sessions');
    const [f] = findings(
      t,
      healthy(t, {
        resources: { ok: false, error: 'EBS volumes in vault v cannot be told apart from those of redis-queues' },
      }),
      'resources',
    );
    expect(f!.severity).toBe('unaudited');
    expect(f!.message).toMatch(/could not list protected resources: .*redis-queues/);
  });
});
