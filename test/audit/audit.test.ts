/** The audit end to end over aws-sdk-client-mock: pagination, one asset denied, exit codes. */
import './support/aws-env';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeRecoveryPointCommand,
  ListProtectedResourcesCommand,
  ListRecoveryPointsByResourceCommand,
  ListRestoreJobsByProtectedResourceCommand,
} from '@aws-sdk/client-backup';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeDBInstanceAutomatedBackupsCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { run } from '../../bin/dr';
import type { Io } from '../../bin/io';
import { exitCodeOf, runAudit } from '../../lib/audit/audit';
import { auditTable } from '../../lib/audit/report';
import type { AuditTarget } from '../../lib/audit/types';
import { postureJson } from '../../lib/posture';
import { ago, awsError, clients, healthyAccount, healthyAccountPerTest, NOW, resourceArnOf } from './support/account';
import { load } from './support/lomash';

const lomash = load();
const options = { regions: ['eu-west-2', 'eu-west-1'], since: ago(7 * 86400), now: NOW };

describe('dr audit over a mocked account', () => {
  const account = healthyAccountPerTest(lomash.targets);

  test('a healthy account: every AWS Backup asset audited, nothing breached, exit 0', async () => {
    const report = await runAudit(lomash.targets, [], clients(), options);
    expect(report.assets.map((a) => a.asset).sort()).toEqual(lomash.targets.map((t) => t.asset).sort());
    expect(report.summary.breach).toBe(0);
    expect(report.summary.unaudited).toBe(0);
    expect(exitCodeOf(report)).toBe(0);
  });

  test('a healthy account whose daily snapshots and DR-Region copies land at 04:30 UTC, audited at six hours of the day: exit 0', async () => {
    // Every daily point (primary snapshot and its copy alike) is as old as the time since the last 03:00 run plus 90
    // minutes: up to about a day, within each rule's single-run figure (interval plus completion window).
    for (const hour of [0, 4, 5, 9, 14, 23]) {
      const now = new Date(Date.UTC(2026, 10, 28, hour, 30));
      const lastRun = new Date(Date.UTC(2026, 10, hour >= 5 ? 28 : 27, 4, 30));
      const before = (seconds: number) => new Date(now.getTime() - seconds * 1000);
      const vaultOf = new Map(lomash.targets.map((t) => [resourceArnOf(t), t.vault]));
      account()
        .backup.on(ListRecoveryPointsByResourceCommand)
        .callsFake((input: { ResourceArn: string; ByBackupVaultName?: string }) => ({
          RecoveryPoints: [
            {
              RecoveryPointArn: `${input.ResourceArn}/rp-daily`,
              CreationDate: lastRun,
              Status: 'COMPLETED',
              BackupSizeBytes: 1000,
              BackupVaultName: vaultOf.get(input.ResourceArn),
            },
          ],
        }));
      account()
        .rds.on(DescribeDBInstancesCommand)
        .resolves({ DBInstances: [{ LatestRestorableTime: before(120) }] });
      account()
        .rds.on(DescribeDBInstanceAutomatedBackupsCommand)
        .resolves({
          DBInstanceAutomatedBackups: lomash.targets
            .filter((t) => t.databaseIdentifier)
            .map((t) => ({ DBInstanceIdentifier: t.databaseIdentifier, RestoreWindow: { LatestTime: before(600) } })),
        });
      const report = await runAudit(lomash.targets, [], clients(), { ...options, since: before(7 * 86400), now });
      const breaches = report.assets.flatMap((a) =>
        a.findings.filter((f) => f.severity === 'breach').map((f) => `${a.asset} ${f.check}`),
      );
      expect([hour, breaches, exitCodeOf(report)]).toEqual([hour, [], 0]);
    }
  });

  test('access denied on one asset: that asset is unaudited and named, the rest are audited, exit 2', async () => {
    const denied = lomash.target('lomash_customers');
    account()
      .backup.on(ListRecoveryPointsByResourceCommand, { ResourceArn: resourceArnOf(denied) })
      .rejects(awsError('AccessDeniedException', 403, 'not authorized to perform backup:ListRecoveryPointsByResource'));
    const report = await runAudit(lomash.targets, [], clients(), options);
    const row = report.assets.find((a) => a.asset === 'lomash_customers')!;
    expect(row.severity).toBe('unaudited');
    expect(row.findings.find((f) => f.check === 'freshness')!.message).toMatch(/AccessDeniedException \(HTTP 403\)/);
    expect(report.assets.filter((a) => a.severity === 'unaudited').map((a) => a.asset)).toEqual(['lomash_customers']);
    expect(report.assets[0]!.asset).toBe('lomash_customers'); // worst first
    expect(exitCodeOf(report)).toBe(2);
    expect(auditTable(report).join('\n')).toMatch(/lomash_customers\s+unaudited\s+freshness/);
  });

  test('a stale continuous backup is a breach and wins over unaudited: exit 1', async () => {
    account()
      .rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'lomash-wood-lomash-orders' })
      .resolves({ DBInstances: [{ LatestRestorableTime: ago(7200) }] });
    account()
      .backup.on(ListRecoveryPointsByResourceCommand, { ResourceArn: resourceArnOf(lomash.target('s3-media')) })
      .rejects(awsError('AccessDeniedException', 403, 'denied'));
    const report = await runAudit(lomash.targets, [], clients(), options);
    expect(report.assets[0]).toMatchObject({ asset: 'lomash_orders', severity: 'breach' });
    expect(exitCodeOf(report)).toBe(1);
  });

  test('protected resources are read page by page, once per Region for all assets', async () => {
    const [first, ...rest] = lomash.targets;
    const page = (ts: typeof lomash.targets) =>
      ts.map((t) => ({
        ResourceArn: resourceArnOf(t),
        ResourceType: t.resourceType,
        LastBackupVaultArn: `arn:aws:backup:eu-west-2:111111111111:backup-vault:${t.vault}`,
      }));
    const pages: Record<string, { Results: ReturnType<typeof page>; NextToken?: string }> = {
      start: { Results: page([first!]), NextToken: 't2' },
      t2: { Results: page(rest.slice(0, 3)), NextToken: 't3' },
      t3: { Results: page(rest.slice(3)) },
    };
    // The paginator reuses its input object, so the tokens are recorded as each call is made.
    const tokens: (string | undefined)[] = [];
    account()
      .backup.on(ListProtectedResourcesCommand)
      .callsFake((input: { NextToken?: string }) => {
        tokens.push(input.NextToken);
        return pages[input.NextToken ?? 'start'];
      });
    const report = await runAudit(lomash.targets, [], clients(), options);
    expect(report.summary.unaudited + report.summary.breach).toBe(0);
    expect(tokens).toEqual([undefined, 't2', 't3']);
  });

  test('10,000 recovery points over 10 pages: the newest is found wherever it is', async () => {
    const t = lomash.target('lomash_products');
    const arn = resourceArnOf(t);
    const pages = Array.from({ length: 10 }, (_, p) => ({
      RecoveryPoints: Array.from({ length: 1000 }, (_, i) => ({
        RecoveryPointArn: `rp-${p}-${i}`,
        // The newest (10 minutes old) sits in the middle of page 7; the others are days old.
        CreationDate: p === 7 && i === 500 ? ago(600) : ago(86400 * 2 + p * 1000 + i),
        Status: 'COMPLETED' as const,
      })),
      ...(p < 9 ? { NextToken: `page-${p + 1}` } : {}),
    }));
    let call = account().backup.on(ListRecoveryPointsByResourceCommand, { ResourceArn: arn });
    for (const page of pages) call = call.resolvesOnce(page);
    const report = await runAudit([t], [], clients(), options);
    const freshness = report.assets[0]!.findings.find((f) => f.check === 'freshness')!;
    expect(freshness).toMatchObject({ severity: 'ok', ageSeconds: 600 });
    // Ten pages in the primary Region, and one listing of the copies in the DR Region's vault (the tier copies offsite).
    expect(account().backup.commandCalls(ListRecoveryPointsByResourceCommand, { ResourceArn: arn })).toHaveLength(11);
  });

  test('recovery points that are not usable (partial, expired, creating) do not count as fresh', async () => {
    const t = lomash.target('lomash_products');
    account()
      .backup.on(ListRecoveryPointsByResourceCommand, { ResourceArn: resourceArnOf(t) })
      .resolves({
        RecoveryPoints: [
          { RecoveryPointArn: 'partial', CreationDate: ago(60), Status: 'PARTIAL' },
          { RecoveryPointArn: 'creating', CreationDate: ago(30), Status: 'CREATING' },
        ],
      });
    const report = await runAudit([t], [], clients(), options);
    expect(report.assets[0]!.findings.find((f) => f.check === 'freshness')!.severity).toBe('breach');
  });

  test('no assets to audit is not a green result', () => {
    expect(exitCodeOf({ summary: { breach: 0, unaudited: 0, accepted: 0, warning: 0, ok: 0 }, assets: [] })).toBe(2);
  });
});

describe('the DR Region alone (--region of the DR Region): missing data is never green', () => {
  const account = healthyAccountPerTest(lomash.targets);

  test("the primary's resource list unreadable: the EBS asset found through it is unaudited, not passed", async () => {
    account()
      .backup.on(ListProtectedResourcesCommand)
      .rejects(awsError('ServiceUnavailableException', 503, 'eu-west-2 is down'));
    const report = await runAudit(lomash.targets, [], clients(), { ...options, regions: ['eu-west-1'] });
    const sessions = report.assets.find((a) => a.asset === 'redis-sessions')!;
    expect(sessions.severity).toBe('unaudited');
    expect(sessions.findings.find((f) => f.check === 'resources')!.message).toMatch(
      /could not list protected resources: ServiceUnavailableException/,
    );
    expect(
      sessions.findings.some(
        (f) => f.check === 'copy' && f.severity !== 'ok' && f.severity !== 'unaudited' && f.severity !== 'accepted',
      ),
    ).toBe(false);
    // Databases and buckets are named by lib/names: their DR copies are still audited.
    expect(
      report.assets.find((a) => a.asset === 'lomash_orders')!.findings.find((f) => f.check === 'copy')!.severity,
    ).toBe('ok');
    expect(exitCodeOf(report)).toBe(2);
  });

  test("a copy in another DR-Region vault than the tier's is no copy", async () => {
    account()
      .backup.on(ListRecoveryPointsByResourceCommand)
      .callsFake((input: { ResourceArn: string }) => ({
        RecoveryPoints: [
          {
            RecoveryPointArn: `${input.ResourceArn}/rp`,
            CreationDate: ago(600),
            Status: 'COMPLETED',
            BackupVaultName: 'someone-elses-vault',
          },
        ],
      }));
    const report = await runAudit([lomash.target('lomash_orders')], [], clients(), {
      ...options,
      regions: ['eu-west-1'],
    });
    expect(report.assets[0]!.findings.find((f) => f.check === 'copy')!.severity).toBe('breach');
  });
});

describe('restore jobs in the evidence window', () => {
  const account = healthyAccountPerTest(lomash.targets);
  const orders = lomash.target('lomash_orders');
  beforeEach(() => {
    account()
      .backup.on(ListRestoreJobsByProtectedResourceCommand)
      .callsFake((input: { ResourceArn: string }) => ({
        RestoreJobs: [
          {
            RestoreJobId: `restore-${input.ResourceArn.split(/[:/]/).pop()}`,
            Status: 'COMPLETED',
            CreationDate: ago(7200),
            CompletionDate: ago(7200 - 600),
            RecoveryPointArn: `${input.ResourceArn}/rp-old`,
            BackupSizeInBytes: 1000,
            BackupVaultArn: `arn:aws:backup:eu-west-2:111111111111:backup-vault:${lomash.targets.find((t) => (t.match.by === 'arn' ? t.match.arn : '') === input.ResourceArn)?.vault ?? 'lomash-wood-tier-1'}`,
          },
        ],
      }));
    account().backup.on(DescribeRecoveryPointCommand).resolves({ BackupSizeInBytes: 1000 });
  });

  test('a restore whose recovery point has expired since keeps its time, loses its source size, and audits fine', async () => {
    account()
      .backup.on(DescribeRecoveryPointCommand)
      .rejects(awsError('ResourceNotFoundException', 404, 'no such recovery point'));
    const report = await runAudit([orders], [], clients(), options);
    expect(report.assets[0]!.severity).not.toBe('unaudited');
    expect(report.assets[0]!.restores.length).toBeGreaterThan(0);
    expect(report.assets[0]!.restores.every((r) => r.sourceBytes === undefined && r.completed !== undefined)).toBe(
      true,
    );
  });

  test('dr audit --evidence: database restores become evidence, EBS volume restores do not (they say why)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dr-audit-ev-'));
    try {
      const posture = join(dir, 'posture.json');
      writeFileSync(posture, postureJson(lomash.posture));
      const evidence = join(dir, 'evidence.json');
      const io: Io & { errors: string[]; code?: number } = {
        errors: [],
        out: () => undefined,
        err: (l) => io.errors.push(l),
        exit: (c) => (io.code = c),
      };
      await run(['audit', '--posture', posture, '--evidence', evidence], io);
      const records = JSON.parse(readFileSync(evidence, 'utf8')) as { asset: string }[];
      expect(records.map((r) => r.asset)).toContain('lomash_orders');
      expect(records.map((r) => r.asset)).not.toContain('redis-sessions');
      expect(io.errors.join('\n')).toMatch(
        /not evidence: redis-sessions: restore job restore-vol-0redis: a restored EBS volume is not yet a running redis/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('dr audit --evidence with a malformed evidence file: exit 2 before any AWS call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dr-audit-ev-'));
    try {
      const posture = join(dir, 'posture.json');
      writeFileSync(posture, postureJson(lomash.posture));
      const evidence = join(dir, 'evidence.json');
      writeFileSync(evidence, '{ not json');
      const io: Io & { errors: string[]; code?: number } = {
        errors: [],
        out: () => undefined,
        err: (l) => io.errors.push(l),
        exit: (c) => (io.code = c),
      };
      await run(['audit', '--posture', posture, '--evidence', evidence], io);
      expect(io.code).toBe(2);
      expect(io.errors.join('\n')).toMatch(/^dr audit: .*evidence\.json/);
      expect(account().backup.calls()).toHaveLength(0);
      expect(existsSync(evidence)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const ec2Mock = () => mockClient(EC2Client);

describe('two EBS assets in one tier vault: told apart by the dr:asset tag their StorageClasses set', () => {
  const sessions = lomash.target('redis-sessions');
  const twin = (t: AuditTarget, asset: string, other: string): AuditTarget => ({
    ...t,
    asset,
    match: { ...(t.match as Extract<AuditTarget['match'], { by: 'vault' }>), ambiguousWith: [other] },
  });
  const targets = [twin(sessions, 'redis-sessions', 'redis-queues'), twin(sessions, 'redis-queues', 'redis-sessions')];
  const vol = (id: string) => `arn:aws:ec2:eu-west-2:111111111111:volume/${id}`;
  let account: ReturnType<typeof healthyAccount>;
  let ec2: ReturnType<typeof ec2Mock>;
  beforeEach(() => {
    account = healthyAccount([]);
    account.backup.on(ListProtectedResourcesCommand).resolves({
      Results: ['vol-0a', 'vol-0b', 'vol-0c'].map((id) => ({
        ResourceArn: vol(id),
        ResourceType: 'EBS',
        LastBackupVaultArn: 'arn:aws:backup:eu-west-2:111111111111:backup-vault:lomash-wood-tier-1',
      })),
    });
    ec2 = ec2Mock();
    ec2.on(DescribeVolumesCommand).callsFake((input: { Filters: { Name: string; Values: string[] }[] }) => {
      expect(input.Filters[0]!.Name).toBe('tag:dr:asset');
      return {
        Volumes: (input.Filters[0]!.Values[0] === 'redis-sessions' ? ['vol-0a', 'vol-0b'] : ['vol-0c']).map(
          (VolumeId) => ({ VolumeId }),
        ),
      };
    });
  });
  afterEach(() => {
    account.backup.restore();
    account.rds.restore();
    account.ecr.restore();
    ec2.restore();
  });

  test('with EC2: each asset is audited on its own volumes only', async () => {
    const report = await runAudit(targets, [], { ...clients(), ec2: (region) => new EC2Client({ region }) }, options);
    const resources = (asset: string) =>
      report.assets.find((a) => a.asset === asset)!.findings.find((f) => f.check === 'resources')!;
    expect(resources('redis-sessions')).toMatchObject({ severity: 'ok', message: '2 protected resource(s)' });
    expect(resources('redis-queues')).toMatchObject({ severity: 'ok', message: '1 protected resource(s)' });
    const asked = account.backup
      .commandCalls(ListRecoveryPointsByResourceCommand)
      .map((c) => c.args[0].input.ResourceArn);
    expect(new Set(asked)).toEqual(new Set([vol('vol-0a'), vol('vol-0b'), vol('vol-0c')]));
  });

  test('without EC2: both unaudited, the other asset named; exit 2', async () => {
    const report = await runAudit(targets, [], clients(), options);
    expect(report.assets.map((a) => a.severity)).toEqual(['unaudited', 'unaudited']);
    const resources = report.assets
      .find((a) => a.asset === 'redis-sessions')!
      .findings.find((f) => f.check === 'resources')!;
    expect(resources).toMatchObject({
      severity: 'unaudited',
      message: expect.stringMatching(
        /cannot be told apart from those of redis-queues without reading their dr:asset tags/,
      ),
    });
    expect(exitCodeOf(report)).toBe(2);
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('dr audit (CLI): bad input exits 2 with a message, before any AWS call', () => {
  const cases: [string[], RegExp][] = [
    [
      ['--posture', 'no/such/posture.json'],
      /^dr audit: cannot read the posture no\/such\/posture\.json \(no such file\): run `npm run synth`/,
    ],
    [['--posture', 'package.json'], /^dr audit: package\.json is not a version 2 posture/],
    [
      ['--region', 'us-east-1', '--posture', 'POSTURE'],
      /^dr audit: --region must be one of the catalog's Regions \(eu-west-2, eu-west-1\), got "us-east-1"/,
    ],
    [['--since', '0', '--posture', 'POSTURE'], /^dr audit: --since expects a duration/],
    [['--account', 'abc', '--posture', 'POSTURE'], /^dr audit: --account must be 12 digits/],
  ];
  test.each(cases)('dr audit %j', async (args, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'dr-audit-cli-'));
    const posture = join(dir, 'posture.json');
    writeFileSync(posture, postureJson(lomash.posture));
    const io: Io & { errors: string[]; code?: number } = {
      errors: [],
      out: () => undefined,
      err: (l) => io.errors.push(l),
      exit: (c) => (io.code = c),
    };
    const backupCalls = healthyAccount(lomash.targets);
    await run(['audit', ...args.map((a) => (a === 'POSTURE' ? posture : a))], io);
    expect(io.code).toBe(2);
    expect(io.errors.join('\n')).toMatch(message);
    expect(backupCalls.backup.calls()).toHaveLength(0);
    backupCalls.backup.restore();
    backupCalls.rds.restore();
    backupCalls.ecr.restore();
    rmSync(dir, { recursive: true, force: true });
  });
});
