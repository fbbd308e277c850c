/**
 * The real CLI (built with scripts/build.mjs, run as `node dist/bin/dr.js`) and the real SDK against a local AWS Backup
 * on 127.0.0.1: signed requests, three pages by nextToken, a 429 then success, a persistent 500 on one asset.
 */
import { FAKE_ENV } from './support/aws-env';
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postureJson } from '../../lib/posture';
import { startBackupServer, type Answer, type BackupServer, type Call } from './support/backup-server';
import { load, postureOf } from './support/lomash';

const ACCOUNT = '111111111111';
const bucketArn = (id: string) => `arn:aws:s3:::lomash-wood-${id}-${ACCOUNT}-eu-west-2`;
const VAULT_ARN = `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:lomash-wood-tier-2`;
const now = Date.now() / 1000;
const point = (name: string, ageSeconds: number, status = 'COMPLETED') => ({
  RecoveryPointArn: `arn:aws:backup:eu-west-2:${ACCOUNT}:recovery-point:${name}`,
  CreationDate: now - ageSeconds,
  Status: status,
  BackupVaultName: 'lomash-wood-tier-2',
});

/** media: three pages of recovery points, the newest on the last, and one 429 on the way; exports: always 500. */
function account(): (call: Call) => Answer {
  let throttled = false;
  const resources = ['media', 'invoices', 'exports'].map((id) => ({
    ResourceArn: bucketArn(id),
    ResourceType: 'S3',
    LastBackupVaultArn: VAULT_ARN,
  }));
  return (call) => {
    const token = call.query.nextToken;
    switch (call.op) {
      case 'ListProtectedResources': {
        const page = token === undefined ? 0 : Number(token);
        return {
          status: 200,
          body: { Results: [resources[page]], ...(page < 2 ? { NextToken: String(page + 1) } : {}) },
        };
      }
      case 'ListRecoveryPointsByResource': {
        const arn = call.params.ResourceArn;
        if (arn === bucketArn('exports'))
          return { status: 500, body: { message: 'We encountered an internal error' }, errorType: 'InternalFailure' };
        if (arn === bucketArn('invoices')) return { status: 200, body: { RecoveryPoints: [point('inv-1', 7200)] } };
        if (token === 'p2' && !throttled) {
          throttled = true;
          return { status: 429, body: { message: 'Rate exceeded' }, errorType: 'ThrottlingException' };
        }
        const pages: Record<string, Answer['body']> = {
          start: { RecoveryPoints: [point('m-1', 5 * 86400), point('m-2', 4 * 86400)], NextToken: 'p2' },
          p2: { RecoveryPoints: [point('m-3', 3 * 86400), point('m-partial', 60, 'PARTIAL')], NextToken: 'p3' },
          p3: { RecoveryPoints: [point('m-4', 3600)] },
        };
        return { status: 200, body: pages[token ?? 'start'] };
      }
      case 'ListRestoreJobsByProtectedResource': {
        if (call.params.ResourceArn !== bucketArn('invoices')) return { status: 200, body: { RestoreJobs: [] } };
        const job = {
          RestoreJobId: 'restore-inv',
          Status: 'COMPLETED',
          CreationDate: now - 86400,
          CompletionDate: now - 86400 + 1800,
        };
        const rp = {
          RecoveryPointArn: point('inv-1', 0).RecoveryPointArn,
          BackupVaultArn: VAULT_ARN,
          BackupSizeInBytes: 5e9,
        };
        return { status: 200, body: { RestoreJobs: [{ ...job, ...rp }] } };
      }
      case 'DescribeRecoveryPoint':
        return { status: 200, body: { RecoveryPointArn: call.params.RecoveryPointArn, BackupSizeInBytes: 6e9 } };
      case 'ListBackupJobs':
        return {
          status: 200,
          body: {
            BackupJobs: [
              { BackupJobId: 'b-1', State: 'COMPLETED', CreationDate: now - 3600, ResourceArn: call.query.resourceArn },
            ],
          },
        };
      case 'ListCopyJobs':
        return { status: 200, body: { CopyJobs: [] } };
      case 'DescribeBackupVault':
        return {
          status: 200,
          body: {
            BackupVaultName: call.params.BackupVaultName,
            Locked: true,
            LockDate: now - 30 * 86400,
            MinRetentionDays: 1,
            MaxRetentionDays: 400,
          },
        };
    }
  };
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('dr audit: the built CLI against a local AWS Backup', () => {
  let dir: string;
  let server: BackupServer;

  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'pipe' });
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dr-audit-it-'));
    copyFileSync('test/audit/fixtures/buckets.yaml', join(dir, 'dr-targets.yaml'));
    writeFileSync(join(dir, 'posture.json'), postureJson(postureOf(load(join(dir, 'dr-targets.yaml')).plan)));
    server = await startBackupServer({ [FAKE_ENV.AWS_ACCESS_KEY_ID!]: FAKE_ENV.AWS_SECRET_ACCESS_KEY! }, account());
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function dr(args: readonly string[], overrides: Record<string, string> = {}): Promise<Run> {
    const env = {
      PATH: process.env.PATH ?? '',
      ...FAKE_ENV,
      AWS_ENDPOINT_URL_BACKUP: server.url,
      AWS_ENDPOINT_URL_STS: server.url,
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      CDK_DEFAULT_ACCOUNT: ACCOUNT,
      // The SDK's Node 22 notice (README) is not what these tests read on stderr.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...overrides,
    };
    const argv = [
      'dist/bin/dr.js',
      'audit',
      '--targets',
      join(dir, 'dr-targets.yaml'),
      '--posture',
      join(dir, 'posture.json'),
      ...args,
    ];
    return new Promise((resolve) => {
      // A child that outlives its timeout is killed (by its PID, through execFile).
      execFile(process.execPath, argv, { env, timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  test('--json: exit 2 with the 500 asset named; signed, paged and retried requests; a restore becomes evidence', async () => {
    const run = await dr(['--json', '--evidence']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      assets: {
        asset: string;
        severity: string;
        findings: { check: string; severity: string; message: string; ageSeconds?: number }[];
      }[];
    };
    const byAsset = Object.fromEntries(report.assets.map((a) => [a.asset, a]));
    expect(report.assets[0]!.asset).toBe('exports');
    expect(byAsset.exports!.severity).toBe('unaudited');
    expect(byAsset.exports!.findings.find((f) => f.check === 'freshness')!.message).toMatch(/HTTP 500/);
    const mediaFreshness = byAsset.media!.findings.find((f) => f.check === 'freshness')!;
    expect(mediaFreshness).toMatchObject({ severity: 'ok' });
    // m-4 (an hour old) on page 3: older than the PARTIAL point, which does not count, and far younger than the next
    // candidate (m-3, three days): a bound that holds however long this machine takes to run the CLI.
    expect(mediaFreshness.ageSeconds).toBeGreaterThanOrEqual(3600);
    expect(mediaFreshness.ageSeconds).toBeLessThan(86400);
    // The catalog declares no recovery overhead: the restore fits its RTO, the whole recovery is not known.
    expect(byAsset.invoices!.findings.find((f) => f.check === 'restore')).toMatchObject({
      severity: 'warning',
      ageSeconds: 1800,
    });

    expect(server.rejected).toEqual([]); // every request carried a valid SigV4 signature for backup
    const tokens = (op: string, arn?: string) =>
      server.calls
        .filter((c) => c.op === op && (!arn || c.params.ResourceArn === arn))
        .map((c) => c.query.nextToken ?? '-');
    expect(tokens('ListProtectedResources')).toEqual(['-', '1', '2']);
    expect(tokens('ListRecoveryPointsByResource', bucketArn('media'))).toEqual(['-', 'p2', 'p2', 'p3']); // 429, then the page
    expect(tokens('ListRecoveryPointsByResource', bucketArn('exports')).length).toBe(Number(FAKE_ENV.AWS_MAX_ATTEMPTS));
    expect(new Set(server.calls.map((c) => c.region))).toEqual(new Set(['eu-west-2']));

    expect(JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8'))).toEqual([
      expect.objectContaining({
        asset: 'invoices',
        mode: 'corruption',
        region: 'eu-west-2',
        recoveryKind: 'snapshot-restore',
        durationSeconds: 1800,
        restoredBytes: 5e9,
        sourceBytes: 6e9,
      }),
    ]);
  });

  test('the table for people: worst first, the unaudited asset and its reason on top', async () => {
    const run = await dr([]);
    expect(run.code).toBe(2);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^dr audit — eu-west-2, eu-west-1, jobs since .*: 3 asset\(s\): 0 breach, 1 unaudited/);
    expect(lines[1]).toMatch(/^ASSET\s+STATUS\s+CHECK\s+REGION\s+DETAIL$/);
    expect(lines[2]).toMatch(
      /^exports\s+unaudited\s+freshness\s+eu-west-2\s+could not read the newest restorable point: .*HTTP 500/,
    );
  });

  test('the server checks signatures: credentials AWS rejects are one message before any read, exit 2', async () => {
    const run = await dr(['--json'], { AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    expect(run.code).toBe(2);
    expect(server.rejected.length).toBeGreaterThan(0);
    expect(server.rejected.every((r) => r.startsWith('signature mismatch'))).toBe(true);
    expect(server.calls).toHaveLength(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n').slice(-1)).toEqual([
      'dr audit: AWS rejected the credentials in eu-west-2: SignatureDoesNotMatch (HTTP 403): The request signature we calculated does not match',
    ]);
  });

  test('before it reads: the posture it compares with, and the account and Regions of the credentials', async () => {
    const run = await dr(['--json']);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe(`dr audit: posture ${join(dir, 'posture.json')} (--posture, as of 2026-11-28)`);
    expect(lines[1]).toBe(
      'dr audit: reading account 111111111111 as arn:aws:sts::111111111111:assumed-role/dr-auditor/local in eu-west-2, eu-west-1',
    );
    expect(server.identityCalls).toEqual(['eu-west-2', 'eu-west-1']);
  });

  test('no credentials, or no network: one message naming what to do, exit 2, nothing else read', async () => {
    const none = await dr([], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_EC2_METADATA_DISABLED: 'true' });
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^dr audit: no AWS credentials found \(.*\): set AWS_PROFILE, or AWS_ACCESS_KEY_ID/),
    ]);
    // Port 9 (discard) on this machine: refused at once, like a host that does not resolve.
    const unreachable = await dr([], { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr.trim().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^dr audit: cannot reach AWS in eu-west-2 \(ECONNREFUSED\): check the network/),
    ]);
    expect(server.calls).toHaveLength(0);
  });

  test('bad input exits 2 with a message, before any request', async () => {
    const run = await dr(['--since', 'yesterday']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('dr audit: --since expects a duration such as 24h or 7d, got "yesterday"');
    expect(server.calls).toHaveLength(0);
  });
});
