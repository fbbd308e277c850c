/**
 * `dr drill`: reads before it acts, restores under a new identifier, deletes exactly what it restored, and never calls a
 * mutating API on the source. Over aws-sdk-client-mock; the CLI cases run the real command parser in-process.
 */
import './support/aws-env';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BackupClient,
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  ListRecoveryPointsByResourceCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { DeleteDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { run } from '../../bin/dr';
import type { Io } from '../../bin/io';
import { DRILL_LOG_HEADER } from '../../lib/audit/drill/log';
import { drillMetadata, drillSubject } from '../../lib/audit/drill/plan';
import { executeDrill, prepareDrill, type DrillDeps } from '../../lib/audit/drill/run';
import { drillDatabaseIdentifier } from '../../lib/names';
import { parseEvidence } from '../../lib/checker/evidence';
import { load } from './support/lomash';

const lomash = load();
const naming = lomash.catalog.naming;
const SOURCE_ID = 'lomash-wood-lomash-orders';
const SOURCE_ARN = `arn:aws:rds:eu-west-2:111111111111:db:${SOURCE_ID}`;
const T0 = new Date('2026-11-28T10:00:00Z');
const RESTORED_ID = drillDatabaseIdentifier(naming, 'lomash_orders', T0);
const RESTORED_ARN = `arn:aws:rds:eu-west-2:111111111111:db:${RESTORED_ID}`;
const POINT = 'arn:aws:backup:eu-west-2:111111111111:recovery-point:continuous:db-abc-1234';
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function account(restoreSeconds: number, createdArn = RESTORED_ARN) {
  const backup = mockClient(BackupClient);
  const rds = mockClient(RDSClient);
  backup.on(ListRecoveryPointsByResourceCommand).resolves({
    RecoveryPoints: [
      { RecoveryPointArn: 'old', CreationDate: at(-86400), Status: 'COMPLETED' },
      { RecoveryPointArn: POINT, CreationDate: at(-60), Status: 'COMPLETED', BackupSizeBytes: 20e9 },
    ],
  });
  backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({
    RestoreMetadata: { DBInstanceIdentifier: SOURCE_ID, DBInstanceClass: 'db.r6g.large', MultiAZ: 'true', DeletionProtection: 'true' },
  });
  backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'restore-1' });
  backup
    .on(DescribeRestoreJobCommand)
    .resolvesOnce({ Status: 'PENDING', CreationDate: T0 })
    .resolvesOnce({ Status: 'RUNNING', PercentDone: '40%', CreationDate: T0 })
    .resolves({ Status: 'COMPLETED', CreationDate: T0, CompletionDate: at(restoreSeconds), CreatedResourceArn: createdArn, BackupSizeInBytes: 20e9 });
  rds.on(DeleteDBInstanceCommand).resolves({});
  return { backup, rds };
}

function deps(progress: string[]): DrillDeps {
  return {
    backup: new BackupClient({ region: 'eu-west-2' }),
    rds: new RDSClient({ region: 'eu-west-2' }),
    now: () => T0,
    sleep: async () => undefined,
    progress: (l) => progress.push(l),
  };
}

const request = { asset: 'lomash_orders', recoveryPoint: 'latest', region: 'eu-west-2', keep: false };
const subject = () => drillSubject(lomash.plan, naming, request);

describe('drill plan', () => {
  test('restore metadata keeps the recovery point\'s settings and never the source identifier', () => {
    const m = drillMetadata({ DBInstanceIdentifier: SOURCE_ID, MultiAZ: 'true', DeletionProtection: 'true' }, SOURCE_ID, RESTORED_ID);
    expect(m).toEqual({ DBInstanceIdentifier: RESTORED_ID, MultiAZ: 'true', DeletionProtection: 'false' });
    expect(() => drillMetadata({}, SOURCE_ID, SOURCE_ID)).toThrow(/must not restore over its source/);
  });

  test('the drill identifier is the source\'s plus a drill stamp, at most 63 characters', () => {
    expect(RESTORED_ID).toBe('lomash-wood-lomash-orders-drill-202611281000');
    const long = drillDatabaseIdentifier({ ...naming, prefix: 'x'.repeat(60) }, 'lomash_orders', T0);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^x+-drill-202611281000$/);
  });

  test('assets that are not RDS in AWS Backup cannot be drilled, and say why', () => {
    expect(() => drillSubject(lomash.plan, naming, { ...request, asset: 's3-media' })).toThrow(/s3-media cannot be drilled/);
    expect(() => drillSubject(lomash.plan, naming, { ...request, asset: 'nope' })).toThrow(/unknown asset "nope"/);
  });
});

test('the committed drill log starts with the header the drill appends under', () => {
  expect(readFileSync('docs/disaster-recovery/chaos-testing.md', 'utf8').startsWith(DRILL_LOG_HEADER)).toBe(true);
  expect(Array.isArray(JSON.parse(readFileSync('docs/disaster-recovery/evidence.json', 'utf8')))).toBe(true);
});

describe('drill run', () => {
  let mocks: ReturnType<typeof account>;
  afterEach(() => {
    mocks.backup.restore();
    mocks.rds.restore();
  });

  test('within RTO: progress while polling, exactly one delete, on the restored instance', async () => {
    mocks = account(600);
    const progress: string[] = [];
    const plan = await prepareDrill(deps(progress), naming, subject(), request);
    expect(plan.recoveryPointArn).toBe(POINT);
    const result = await executeDrill(deps(progress), plan, { intervalMs: 0, timeoutSeconds: 3600 });
    expect(result).toMatchObject({ outcome: 'within', elapsedSeconds: 600, cleanup: 'deleted', createdResourceArn: RESTORED_ARN });
    expect(progress.join('\n')).toMatch(/PENDING[\s\S]*RUNNING 40%[\s\S]*COMPLETED — 10m elapsed, RTO 20m[\s\S]*deleted/);
    const deletes = mocks.rds.commandCalls(DeleteDBInstanceCommand);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.args[0].input).toEqual({ DBInstanceIdentifier: RESTORED_ID, SkipFinalSnapshot: true, DeleteAutomatedBackups: true });
  });

  test('never a mutating call on the source: the restore targets a new identifier; RDS sees only the one delete', async () => {
    mocks = account(600);
    const plan = await prepareDrill(deps([]), naming, subject(), request);
    await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 });
    const start = mocks.backup.commandCalls(StartRestoreJobCommand);
    expect(start).toHaveLength(1);
    expect(start[0]!.args[0].input.Metadata).toMatchObject({ DBInstanceIdentifier: RESTORED_ID, DeletionProtection: 'false' });
    expect(start[0]!.args[0].input.IamRoleArn).toBe('arn:aws:iam::111111111111:role/lomash-wood-restore-testing');
    const rdsCalls = mocks.rds.calls().map((c) => c.args[0]);
    expect(rdsCalls.map((c) => c.constructor.name)).toEqual(['DeleteDBInstanceCommand']);
    expect(JSON.stringify(rdsCalls.map((c) => c.input))).not.toContain(`"${SOURCE_ID}"`);
  });

  test('--recovery-point ARN: a point of another resource is refused before anything runs', async () => {
    mocks = account(600);
    mocks.backup.on(DescribeRecoveryPointCommand).resolves({ ResourceArn: 'arn:aws:rds:eu-west-2:111111111111:db:lomash-wood-lomash-auth' });
    await expect(prepareDrill(deps([]), naming, subject(), { ...request, recoveryPoint: 'arn:aws:backup:eu-west-2:111111111111:recovery-point:x' })).rejects.toThrow(
      /is of arn:aws:rds:.*lomash-auth, not of lomash-wood-lomash-orders/,
    );
    expect(mocks.backup.commandCalls(StartRestoreJobCommand)).toHaveLength(0);
  });

  test('over RTO is reported as over', async () => {
    mocks = account(1500);
    const plan = await prepareDrill(deps([]), naming, subject(), request);
    expect(await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 })).toMatchObject({ outcome: 'over', elapsedSeconds: 1500 });
  });

  test('--keep: nothing is deleted', async () => {
    mocks = account(600);
    const plan = await prepareDrill(deps([]), naming, subject(), { ...request, keep: true });
    expect((await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 })).cleanup).toBe('kept');
    expect(mocks.rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('a restore that created something other than the planned instance is not deleted', async () => {
    mocks = account(600, SOURCE_ARN);
    const plan = await prepareDrill(deps([]), naming, subject(), request);
    const result = await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 });
    expect(result.cleanup).toBe('refused');
    expect(result.cleanupNote).toMatch(/not deleted, check it by hand/);
    expect(mocks.rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });
});

function capture(): Io & { lines: string[]; errors: string[]; code?: number } {
  const io = {
    lines: [] as string[],
    errors: [] as string[],
    code: undefined as number | undefined,
    out: (l: string) => io.lines.push(l),
    err: (l: string) => io.errors.push(l),
    exit: (c: number) => {
      io.code = c;
    },
  };
  return io;
}

describe('dr drill (CLI)', () => {
  let dir: string;
  let catalog: string;
  let mocks: ReturnType<typeof account>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-drill-'));
    catalog = join(dir, 'dr-targets.yaml');
    copyFileSync('dr-targets.yaml', catalog);
  });
  afterEach(() => {
    mocks.backup.restore();
    mocks.rds.restore();
    rmSync(dir, { recursive: true, force: true });
  });

  test('without --yes: prints the plan, restores nothing, exits 2', async () => {
    mocks = account(600);
    const io = capture();
    await run(['drill', 'lomash_orders', '--targets', catalog], io);
    expect(io.code).toBe(2);
    expect(io.lines.join('\n')).toMatch(/restore into lomash-wood-lomash-orders-drill-\d{12}[\s\S]*dry run: nothing was restored/);
    expect(mocks.backup.commandCalls(StartRestoreJobCommand)).toHaveLength(0);
    expect(mocks.rds.calls()).toHaveLength(0);
  });

  test('--yes within RTO: exit 0, a row in the drill log, a record in the evidence file', async () => {
    mocks = account(600);
    // The drill names its instance after the clock; the mock answers with whatever identifier was asked for.
    mocks.backup.on(DescribeRestoreJobCommand).callsFake(() => {
      const id = mocks.backup.commandCalls(StartRestoreJobCommand)[0]!.args[0].input.Metadata!.DBInstanceIdentifier;
      return { Status: 'COMPLETED', CreationDate: T0, CompletionDate: at(600), CreatedResourceArn: `arn:aws:rds:eu-west-2:111111111111:db:${id}`, BackupSizeInBytes: 20e9 };
    });
    const io = capture();
    await run(['drill', 'lomash_orders', '--targets', catalog, '--yes'], io);
    expect(io.errors).toEqual([]);
    expect(io.code).toBe(0);
    expect(mocks.rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
    const log = readFileSync(join(dir, 'docs/disaster-recovery/chaos-testing.md'), 'utf8');
    expect(log).toMatch(/^# DR drill log/);
    expect(log).toMatch(/\| lomash_orders \| corruption \| eu-west-2 \| `arn:aws:backup:[^|]*continuous[^|]*` \| restore-1 \| 10m \| 20m \| within RTO \| .*— deleted \|/);
    const evidenceFile = join(dir, 'docs/disaster-recovery/evidence.json');
    const evidence = JSON.parse(readFileSync(evidenceFile, 'utf8'));
    // The checker (lib/checker/evidence.ts) reads what the drill writes.
    expect(parseEvidence(readFileSync(evidenceFile, 'utf8'), evidenceFile)).toEqual(evidence);
    expect(evidence).toEqual([
      {
        asset: 'lomash_orders',
        mode: 'corruption',
        region: 'eu-west-2',
        recoveryKind: 'pitr-restore',
        durationSeconds: 600,
        date: '2026-11-28',
        recoveryPointArn: POINT,
        restoredBytes: 20e9,
        sourceBytes: 20e9,
      },
    ]);
  });

  test('a failed restore job: could not run, exit 2', async () => {
    mocks = account(600);
    mocks.backup.on(DescribeRestoreJobCommand).resolves({ Status: 'FAILED', StatusMessage: 'Insufficient capacity', CreationDate: T0, CompletionDate: at(60) });
    const io = capture();
    await run(['drill', 'lomash_orders', '--targets', catalog, '--yes'], io);
    expect(io.code).toBe(2);
    expect(io.lines.join('\n')).toMatch(/could not run: FAILED — Insufficient capacity/);
    expect(mocks.rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('bad input exits 2 with a message and no stack trace', async () => {
    mocks = account(600);
    for (const args of [['drill', 's3-media'], ['drill', 'nope'], ['drill', 'lomash_orders', '--poll', 'soon'], ['drill', 'lomash_orders', '--region', 'us-east-1']]) {
      const io = capture();
      await run([...args, '--targets', catalog], io);
      expect(io.code).toBe(2);
      expect(io.errors.join('\n')).toMatch(/^dr drill: /);
      expect(io.errors.join('\n')).not.toMatch(/\n\s+at /);
    }
  });

  test('AWS refusing the read: could not run, exit 2, the reason named', async () => {
    mocks = account(600);
    mocks.backup.on(ListRecoveryPointsByResourceCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const io = capture();
    await run(['drill', 'lomash_orders', '--targets', catalog], io);
    expect(io.code).toBe(2);
    expect(io.errors).toEqual(['dr drill: could not run: AccessDeniedException (HTTP 403): not authorized']);
  });
});
