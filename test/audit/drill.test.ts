/**
 * `dr drill`: reads before it acts, restores under a new identifier, deletes exactly what it restored, and never calls a
 * mutating API on the source. Over aws-sdk-client-mock; the CLI cases run the real command parser in-process.
 */
import './support/aws-env';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import {
  DeleteVolumeCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DeleteDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { run } from '../../bin/dr';
import type { Io } from '../../bin/io';
import { DRILL_LOG_HEADER } from '../../lib/audit/drill/log';
import { drillMetadata, drillSubject, regionBoundKeys, userMetadata } from '../../lib/audit/drill/plan';
import { executeDrill, prepareDrill, type DrillDeps } from '../../lib/audit/drill/run';
import { drillBucketName, drillDatabaseIdentifier } from '../../lib/names';
import { parseEvidence } from '../../lib/checker/evidence';
import { callerIs } from './support/account';
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
    RestoreMetadata: {
      DBInstanceIdentifier: SOURCE_ID,
      DBInstanceClass: 'db.r6g.large',
      MultiAZ: 'true',
      DeletionProtection: 'true',
    },
  });
  backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'restore-1' });
  backup
    .on(DescribeRestoreJobCommand)
    .resolvesOnce({ Status: 'PENDING', CreationDate: T0 })
    .resolvesOnce({ Status: 'RUNNING', PercentDone: '40%', CreationDate: T0 })
    .resolves({
      Status: 'COMPLETED',
      CreationDate: T0,
      CompletionDate: at(restoreSeconds),
      CreatedResourceArn: createdArn,
      BackupSizeInBytes: 20e9,
    });
  rds.on(DeleteDBInstanceCommand).resolves({});
  return { backup, rds };
}

function deps(progress: string[]): DrillDeps {
  return {
    backup: new BackupClient({ region: 'eu-west-2' }),
    rds: new RDSClient({ region: 'eu-west-2' }),
    s3: new S3Client({ region: 'eu-west-2' }),
    ec2: new EC2Client({ region: 'eu-west-2' }),
    sourceEc2: new EC2Client({ region: 'eu-west-2' }),
    now: () => T0,
    sleep: async () => undefined,
    progress: (l) => progress.push(l),
  };
}

const request = { asset: 'lomash_orders', recoveryPoint: 'latest', region: 'eu-west-2', keep: false };
const subject = () => drillSubject(lomash.plan, naming, request);

describe('drill plan', () => {
  test("restore metadata keeps the recovery point's settings and never the source identifier", () => {
    const source = subject().source;
    const m = drillMetadata(
      source,
      { DBInstanceIdentifier: SOURCE_ID, MultiAZ: 'true', DeletionProtection: 'true' },
      { name: RESTORED_ID, zones: [] },
    );
    expect(m).toEqual({ DBInstanceIdentifier: RESTORED_ID, MultiAZ: 'true', DeletionProtection: 'false' });
    expect(() => drillMetadata(source, {}, { name: SOURCE_ID, zones: [] })).toThrow(/must not restore over its source/);
  });

  test('--metadata sets keys by hand, but never the name of what the drill restores (and later deletes)', () => {
    expect(userMetadata('RDS', ['DBSubnetGroupName=dr-data', 'Note=a=b'])).toEqual({
      DBSubnetGroupName: 'dr-data',
      Note: 'a=b',
    });
    expect(() => userMetadata('RDS', ['dbinstanceidentifier=lomash-wood-lomash-orders'])).toThrow(
      /cannot set dbinstanceidentifier: the drill names what it restores/,
    );
    expect(() => userMetadata('S3', ['NewBucket=false'])).toThrow(/cannot set NewBucket/);
    expect(() => userMetadata('EBS', ['nokey'])).toThrow(/--metadata expects KEY=VALUE, got "nokey"/);
    const m = drillMetadata(
      subject().source,
      { DBSubnetGroupName: 'primary-data' },
      { name: RESTORED_ID, zones: [], user: { dbsubnetgroupname: 'dr-data' } },
    );
    expect(m).toEqual({ dbsubnetgroupname: 'dr-data', DBInstanceIdentifier: RESTORED_ID });
  });

  test('a cross-Region restore names the metadata that still points at the source Region, unless set by hand', () => {
    const m = {
      DBInstanceIdentifier: RESTORED_ID,
      DBSubnetGroupName: 'lomash-wood-data',
      // Neither RDS restore API takes a storage key (RDS-42): a source-Region KmsKeyId picks nothing, so it is no
      // reason to stop — unless its value names the Region, as any value may.
      KmsKeyId: 'alias/lomash-wood/rds',
      Engine: 'postgres',
      Note: 'made in eu-west-2a',
    };
    expect(regionBoundKeys('RDS', m, 'eu-west-2', [])).toEqual(['DBSubnetGroupName', 'Note']);
    expect(regionBoundKeys('RDS', m, 'eu-west-2', ['dbsubnetgroupname'])).toEqual(['Note']);
  });

  test("the drill identifier is the source's plus a drill stamp, at most 63 characters", () => {
    expect(RESTORED_ID).toBe('lomash-wood-lomash-orders-drill-202611281000');
    const long = drillDatabaseIdentifier({ ...naming, prefix: 'x'.repeat(60) }, 'lomash_orders', T0);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^x+-drill-202611281000$/);
  });

  test('assets without an AWS Backup recovery point cannot be drilled, and say why', () => {
    expect(() => drillSubject(lomash.plan, naming, { ...request, asset: 'redis-product-cache' })).toThrow(
      /redis-product-cache cannot be drilled: its plan keeps no AWS Backup recovery point/,
    );
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
    expect(result).toMatchObject({
      outcome: 'within',
      elapsedSeconds: 600,
      cleanup: 'deleted',
      createdResourceArn: RESTORED_ARN,
    });
    expect(progress.join('\n')).toMatch(
      /PENDING[\s\S]*RUNNING 40%[\s\S]*COMPLETED — 10m elapsed, RTO 20m[\s\S]*deleted/,
    );
    const deletes = mocks.rds.commandCalls(DeleteDBInstanceCommand);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.args[0].input).toEqual({
      DBInstanceIdentifier: RESTORED_ID,
      SkipFinalSnapshot: true,
      DeleteAutomatedBackups: true,
    });
  });

  test('never a mutating call on the source: the restore targets a new identifier; RDS sees only the one delete', async () => {
    mocks = account(600);
    const others = { s3: mockClient(S3Client), ec2: mockClient(EC2Client) };
    try {
      const plan = await prepareDrill(deps([]), naming, subject(), request);
      await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 });
      const start = mocks.backup.commandCalls(StartRestoreJobCommand);
      expect(start).toHaveLength(1);
      expect(start[0]!.args[0].input.Metadata).toMatchObject({
        DBInstanceIdentifier: RESTORED_ID,
        DeletionProtection: 'false',
      });
      expect(start[0]!.args[0].input.IamRoleArn).toBe('arn:aws:iam::111111111111:role/lomash-wood-restore-testing');
      const rdsCalls = mocks.rds.calls().map((c) => c.args[0]);
      expect(rdsCalls.map((c) => c.constructor.name)).toEqual(['DeleteDBInstanceCommand']);
      expect(JSON.stringify(rdsCalls.map((c) => c.input))).not.toContain(`"${SOURCE_ID}"`);
      // Nor anything in S3 or EC2.
      expect([others.s3.calls().length, others.ec2.calls().length]).toEqual([0, 0]);
    } finally {
      others.s3.restore();
      others.ec2.restore();
    }
  });

  test('--recovery-point ARN: a point of another resource is refused before anything runs', async () => {
    mocks = account(600);
    mocks.backup
      .on(DescribeRecoveryPointCommand)
      .resolves({ ResourceArn: 'arn:aws:rds:eu-west-2:111111111111:db:lomash-wood-lomash-auth' });
    await expect(
      prepareDrill(deps([]), naming, subject(), {
        ...request,
        recoveryPoint: 'arn:aws:backup:eu-west-2:111111111111:recovery-point:x',
      }),
    ).rejects.toThrow(
      /is of arn:aws:rds:.*lomash-auth, not of lomash_orders \(arn:aws:rds:.*:db:lomash-wood-lomash-orders\)/,
    );
    expect(mocks.backup.commandCalls(StartRestoreJobCommand)).toHaveLength(0);
  });

  test('over RTO is reported as over', async () => {
    mocks = account(1500);
    const plan = await prepareDrill(deps([]), naming, subject(), request);
    expect(await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 })).toMatchObject({
      outcome: 'over',
      elapsedSeconds: 1500,
    });
  });

  test('--keep: nothing is deleted', async () => {
    mocks = account(600);
    const plan = await prepareDrill(deps([]), naming, subject(), { ...request, keep: true });
    expect((await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 })).cleanup).toBe('kept');
    expect(mocks.rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('given up while running: over only if already past the RTO, else not measured (could not run)', async () => {
    mocks = account(600);
    mocks.backup.on(DescribeRestoreJobCommand).resolves({ Status: 'RUNNING', CreationDate: T0 });
    // A clock that moves a minute per reading.
    let minutes = 0;
    const ticking = { ...deps([]), now: () => at(60 * minutes++) };
    const plan = await prepareDrill(deps([]), naming, subject(), request);
    const early = await executeDrill(ticking, plan, { intervalMs: 0, timeoutSeconds: 300 });
    expect(early).toMatchObject({ outcome: 'failed', cleanup: 'refused' });
    expect(early.status).toMatch(/^RUNNING \(gave up polling after 5m\)/);
    minutes = 0;
    const late = await executeDrill(ticking, plan, { intervalMs: 0, timeoutSeconds: 3000 });
    expect(late.outcome).toBe('over');
    expect(late.elapsedSeconds).toBeGreaterThan(1200);
    expect(mocks.rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('a few failed polls are ridden out; five in a row: reported as could not run, nothing deleted', async () => {
    mocks = account(600);
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    mocks.backup
      .on(DescribeRestoreJobCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolvesOnce({
        Status: 'COMPLETED',
        CreationDate: T0,
        CompletionDate: at(600),
        CreatedResourceArn: RESTORED_ARN,
        BackupSizeInBytes: 20e9,
      });
    const plan = await prepareDrill(deps([]), naming, subject(), request);
    expect(await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 })).toMatchObject({
      outcome: 'within',
      cleanup: 'deleted',
    });

    mocks.backup.on(DescribeRestoreJobCommand).rejects(throttled);
    mocks.rds.resetHistory();
    const result = await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 });
    expect(result).toMatchObject({ outcome: 'failed', restoreJobId: 'restore-1', cleanup: 'refused' });
    expect(result.status).toMatch(/could not poll 5 times running: ThrottlingException/);
    expect(mocks.backup.commandCalls(DescribeRestoreJobCommand)).toHaveLength(3 + 5);
    expect(result.cleanupNote).toMatch(/restore job restore-1 may still be running/);
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

const BUCKET = 'lomash-wood-s3-media-111111111111-eu-west-2';
const DRILL_BUCKET = drillBucketName(naming, 's3-media', 'eu-west-2', T0);
const S3_POINT = 'arn:aws:backup:eu-west-2:111111111111:recovery-point:s3-media-1';

function s3Account(createdBucket = DRILL_BUCKET) {
  const backup = mockClient(BackupClient);
  const s3 = mockClient(S3Client);
  const rds = mockClient(RDSClient);
  backup.on(ListRecoveryPointsByResourceCommand, { ResourceArn: `arn:aws:s3:::${BUCKET}` }).resolves({
    RecoveryPoints: [
      {
        RecoveryPointArn: S3_POINT,
        CreationDate: at(-3600),
        Status: 'COMPLETED',
        BackupSizeBytes: 5e9,
        BackupVaultName: 'lomash-wood-tier-1',
      },
    ],
  });
  // Keys differ in case from the documented ones: the drill replaces them rather than adding a second spelling.
  backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({
    RestoreMetadata: {
      newBucket: 'false',
      EncryptionType: 'SSE-KMS',
      KMSKey: 'arn:aws:kms:eu-west-2:111111111111:key/k',
    },
  });
  backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'restore-s3' });
  backup.on(DescribeRestoreJobCommand).resolves({
    Status: 'COMPLETED',
    CreationDate: T0,
    CompletionDate: at(540),
    CreatedResourceArn: `arn:aws:s3:::${createdBucket}`,
    BackupSizeInBytes: 5e9,
  });
  s3.on(ListObjectVersionsCommand)
    .resolvesOnce({
      IsTruncated: true,
      NextKeyMarker: 'b.jpg',
      NextVersionIdMarker: 'v2',
      Versions: [
        { Key: 'a.jpg', VersionId: 'v1' },
        { Key: 'b.jpg', VersionId: 'v2' },
      ],
    })
    .resolves({
      IsTruncated: false,
      Versions: [{ Key: 'c.jpg', VersionId: 'v3' }],
      DeleteMarkers: [{ Key: 'd.jpg', VersionId: 'm1' }],
    });
  s3.on(DeleteObjectsCommand).resolves({});
  s3.on(DeleteBucketCommand).resolves({});
  return { backup, s3, rds };
}

describe('drill of an S3 asset: restored into a new bucket, which alone is emptied and deleted', () => {
  let mocks: ReturnType<typeof s3Account>;
  afterEach(() => {
    mocks.backup.restore();
    mocks.s3.restore();
    mocks.rds.restore();
  });
  const s3Request = { ...request, asset: 's3-media' };

  test("the copy in the DR Region is restored with that Region's S3 key, not the source's (BKP-30)", async () => {
    mocks = s3Account();
    const dr = { ...s3Request, region: 'eu-west-1' };
    const plan = await prepareDrill(deps([]), naming, drillSubject(lomash.plan, naming, dr), dr);
    expect(plan.metadata).toMatchObject({
      EncryptionType: 'SSE-KMS',
      KMSKey: 'arn:aws:kms:eu-west-1:111111111111:alias/lomash-wood/s3',
      NewBucket: 'true',
    });
    expect(plan.regionBound).toEqual([]);
  });

  test('the restore asks for a new bucket with the drill name; every S3 call is on that bucket; one DeleteBucket', async () => {
    mocks = s3Account();
    const progress: string[] = [];
    const plan = await prepareDrill(deps(progress), naming, drillSubject(lomash.plan, naming, s3Request), s3Request);
    expect(DRILL_BUCKET).toBe('lomash-wood-s3-media-drill-202611281000-111111111111-eu-west-2');
    expect(plan).toMatchObject({
      restoreName: DRILL_BUCKET,
      recoveredArn: `arn:aws:s3:::${BUCKET}`,
      vault: 'lomash-wood-tier-1',
    });
    const result = await executeDrill(deps(progress), plan, { intervalMs: 0, timeoutSeconds: 3600 });
    expect(result).toMatchObject({ outcome: 'within', elapsedSeconds: 540, cleanup: 'deleted' });

    const start = mocks.backup.commandCalls(StartRestoreJobCommand)[0]!.args[0].input;
    expect(start.ResourceType).toBe('S3');
    expect(start.Metadata).toEqual({
      EncryptionType: 'SSE-KMS',
      KMSKey: 'arn:aws:kms:eu-west-2:111111111111:key/k',
      DestinationBucketName: DRILL_BUCKET,
      NewBucket: 'true',
      // Not in the recovery point's metadata, so not added (issue 14); its encryption, in its own Region, is kept.
    });
    const calls = mocks.s3.calls().map((c) => c.args[0]);
    expect(calls.map((c) => (c.input as { Bucket?: string }).Bucket)).toEqual(calls.map(() => DRILL_BUCKET));
    expect(mocks.s3.commandCalls(DeleteBucketCommand)).toHaveLength(1);
    // The second page continues from the first's markers; both pages' versions and markers are deleted.
    expect(mocks.s3.commandCalls(ListObjectVersionsCommand)[1]!.args[0].input).toMatchObject({
      KeyMarker: 'b.jpg',
      VersionIdMarker: 'v2',
    });
    expect(mocks.s3.commandCalls(DeleteObjectsCommand).flatMap((c) => c.args[0].input.Delete!.Objects!)).toEqual([
      { Key: 'a.jpg', VersionId: 'v1' },
      { Key: 'b.jpg', VersionId: 'v2' },
      { Key: 'c.jpg', VersionId: 'v3' },
      { Key: 'd.jpg', VersionId: 'm1' },
    ]);
    expect(progress.join('\n')).toMatch(
      /emptied .* \(4 object versions and delete markers\)[\s\S]*deleted arn:aws:s3:::lomash-wood-s3-media-drill-/,
    );
  });

  test('a restore reported into the source bucket: nothing in S3 is touched', async () => {
    mocks = s3Account(BUCKET);
    const plan = await prepareDrill(deps([]), naming, drillSubject(lomash.plan, naming, s3Request), s3Request);
    const result = await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 });
    expect(result).toMatchObject({ cleanup: 'refused' });
    expect(result.cleanupNote).toMatch(/one of the asset's own resources: not deleted/);
    expect(mocks.s3.calls()).toHaveLength(0);
  });

  test('objects S3 will not delete: the bucket is kept, the measurement is still reported', async () => {
    mocks = s3Account();
    mocks.s3
      .on(DeleteObjectsCommand)
      .resolves({ Errors: [{ Key: 'a.jpg', Code: 'AccessDenied', Message: 'Access Denied' }] });
    const plan = await prepareDrill(deps([]), naming, drillSubject(lomash.plan, naming, s3Request), s3Request);
    const result = await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 });
    expect(result).toMatchObject({ outcome: 'within', cleanup: 'failed' });
    expect(result.cleanupNote).toMatch(
      /1 objects not deleted, first a\.jpg: AccessDenied Access Denied\): delete it by hand/,
    );
    expect(mocks.s3.commandCalls(DeleteBucketCommand)).toHaveLength(0);
  });
});

const VOL = (id: string, region = 'eu-west-2') => `arn:aws:ec2:${region}:111111111111:volume/${id}`;

function ebsAccount(created: { id?: string; state?: string; attached?: boolean; at?: Date } = {}) {
  const backup = mockClient(BackupClient);
  const ec2 = mockClient(EC2Client);
  const rds = mockClient(RDSClient);
  const newId = created.id ?? 'vol-0ccc';
  ec2
    .on(DescribeVolumesCommand)
    .callsFake(
      (input: { Filters?: { Name?: string; Values?: string[] }[]; VolumeIds?: string[]; NextToken?: string }) => {
        if (input.VolumeIds) {
          return {
            Volumes: [
              {
                VolumeId: input.VolumeIds[0],
                State: created.state ?? 'available',
                Attachments: created.attached ? [{ InstanceId: 'i-1' }] : [],
                CreateTime: created.at ?? at(30),
              },
            ],
          };
        }
        expect(input.Filters).toEqual([{ Name: 'tag:dr:asset', Values: ['redis-sessions'] }]);
        // Two pages: the drill reads them all.
        return input.NextToken
          ? { Volumes: [{ VolumeId: 'vol-0bbb' }] }
          : { Volumes: [{ VolumeId: 'vol-0aaa' }], NextToken: 'p2' };
      },
    );
  backup.on(ListRecoveryPointsByResourceCommand).callsFake((input: { ResourceArn: string }) => ({
    RecoveryPoints: [
      {
        RecoveryPointArn: `arn:aws:ec2:eu-west-2::snapshot/snap-${input.ResourceArn.slice(-4)}`,
        // vol-0bbb's point is the newer one.
        CreationDate: input.ResourceArn.endsWith('bbb') ? at(-600) : at(-3600),
        Status: 'COMPLETED',
        BackupSizeBytes: 8e9,
      },
    ],
  }));
  backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({
    RestoreMetadata: { availabilityZone: 'eu-west-2b', encrypted: 'true', volumeType: 'gp3', volumeSize: '8' },
  });
  backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'restore-ebs' });
  backup.on(DescribeRestoreJobCommand).resolves({
    Status: 'COMPLETED',
    CreationDate: T0,
    CompletionDate: at(120),
    CreatedResourceArn: VOL(newId),
    BackupSizeInBytes: 8e9,
  });
  ec2.on(DeleteVolumeCommand).resolves({});
  return { backup, ec2, rds };
}

describe("drill of an EBS asset: the asset's volumes found by tag, the new volume alone deleted", () => {
  let mocks: ReturnType<typeof ebsAccount>;
  afterEach(() => {
    mocks.backup.restore();
    mocks.ec2.restore();
    mocks.rds.restore();
  });
  const ebsRequest = { ...request, asset: 'redis-sessions' };
  const ebsSubject = (region = 'eu-west-2') => drillSubject(lomash.plan, naming, { ...ebsRequest, region });

  test("the newest point of any of the asset's volumes; one DeleteVolume, on the new volume", async () => {
    mocks = ebsAccount();
    const plan = await prepareDrill(deps([]), naming, ebsSubject(), ebsRequest);
    expect(plan.sourceArns).toEqual([VOL('vol-0aaa'), VOL('vol-0bbb')]);
    expect(plan).toMatchObject({
      recoveredArn: VOL('vol-0bbb'),
      recoveryPointArn: 'arn:aws:ec2:eu-west-2::snapshot/snap-0bbb',
      overrides: [],
    });
    expect(plan.restoreName).toBeUndefined();
    const result = await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 });
    expect(result).toMatchObject({
      outcome: 'within',
      elapsedSeconds: 120,
      cleanup: 'deleted',
      createdResourceArn: VOL('vol-0ccc'),
    });
    expect(mocks.backup.commandCalls(StartRestoreJobCommand)[0]!.args[0].input).toMatchObject({
      ResourceType: 'EBS',
      Metadata: { availabilityZone: 'eu-west-2b' },
    });
    const deletes = mocks.ec2.commandCalls(DeleteVolumeCommand);
    expect(deletes.map((d) => d.args[0].input)).toEqual([{ VolumeId: 'vol-0ccc' }]);
  });

  test('in the DR Region the copy restores into a zone of that Region', async () => {
    mocks = ebsAccount();
    const plan = await prepareDrill(deps([]), naming, ebsSubject('eu-west-1'), { ...ebsRequest, region: 'eu-west-1' });
    expect(plan.mode).toBe('region');
    expect(plan.metadata).toMatchObject({ availabilityZone: 'eu-west-1a', volumeType: 'gp3' });
    expect(plan.overrides).toEqual(['availabilityZone=eu-west-1a']);
  });

  test.each([
    ["one of the asset's volumes", { id: 'vol-0aaa' }, /one of the asset's own resources/],
    ['an attached volume', { attached: true, state: 'in-use' }, /which is attached/],
    ['a volume older than the restore job', { at: at(-7200) }, /older than the restore job/],
  ])('%s is never deleted', async (_name, created, why) => {
    mocks = ebsAccount(created);
    const plan = await prepareDrill(deps([]), naming, ebsSubject(), ebsRequest);
    const result = await executeDrill(deps([]), plan, { intervalMs: 0, timeoutSeconds: 3600 });
    expect(result.cleanup).toBe('refused');
    expect(result.cleanupNote).toMatch(why);
    expect(mocks.ec2.commandCalls(DeleteVolumeCommand)).toHaveLength(0);
  });

  test("no volume carries the asset's tag: refused before any restore", async () => {
    mocks = ebsAccount();
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    await expect(prepareDrill(deps([]), naming, ebsSubject(), ebsRequest)).rejects.toThrow(
      /redis-sessions has no EBS volume tagged dr:asset=redis-sessions in eu-west-2/,
    );
    expect(mocks.backup.commandCalls(StartRestoreJobCommand)).toHaveLength(0);
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

/**
 * The restore job completes at its first poll, 10 minutes after it was created, as the DB instance the drill named
 * (the drill names its instance after the clock; the mock answers with whatever identifier was asked for).
 */
function completesAtOnce(mocks: ReturnType<typeof account>, region: string): void {
  mocks.backup.on(DescribeRestoreJobCommand).callsFake(() => {
    const id = mocks.backup.commandCalls(StartRestoreJobCommand)[0]!.args[0].input.Metadata!.DBInstanceIdentifier;
    return {
      Status: 'COMPLETED',
      CreationDate: T0,
      CompletionDate: at(600),
      CreatedResourceArn: `arn:aws:rds:${region}:111111111111:db:${id}`,
      BackupSizeInBytes: 20e9,
    };
  });
}

describe('dr drill (CLI)', () => {
  let dir: string;
  let catalog: string;
  let mocks: ReturnType<typeof account>;
  let sts: ReturnType<typeof callerIs>;
  beforeEach(() => {
    sts = callerIs();
    dir = mkdtempSync(join(tmpdir(), 'dr-drill-'));
    catalog = join(dir, 'dr-targets.yaml');
    copyFileSync('dr-targets.yaml', catalog);
  });
  afterEach(() => {
    mocks.backup.restore();
    mocks.rds.restore();
    sts.restore();
    rmSync(dir, { recursive: true, force: true });
  });

  test('without --yes: prints the plan offline (no credentials, no call), restores nothing, exits 2', async () => {
    mocks = account(600);
    const io = capture();
    await run(['drill', 'lomash_orders', '--targets', catalog], io);
    expect(io.code).toBe(2);
    expect(io.errors).toEqual([]);
    const out = io.lines.join('\n');
    expect(out).toMatch(
      /source {7}DB instance lomash-wood-lomash-orders \(arn:aws:rds:eu-west-2:111111111111:db:lomash-wood-lomash-orders\) — read only/,
    );
    expect(out).toMatch(
      /restore from the newest completed recovery point of the source in eu-west-2 \(backup:ListRecoveryPointsByResource; the tier's vault there is lomash-wood-tier-1\)/,
    );
    expect(out).toMatch(
      /restore into a new DB instance lomash-wood-lomash-orders-drill-\d{12}[\s\S]*dry run: nothing was read or restored/,
    );
    expect(out).toMatch(
      /afterwards {3}delete the new DB instance lomash-wood-lomash-orders-drill-\d{12}, once checked/,
    );
    // Nothing is read: not even who the caller is.
    expect(mocks.backup.calls()).toHaveLength(0);
    expect(mocks.rds.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
  });

  test('--yes within RTO: exit 0, a row in the drill log, a record in the evidence file', async () => {
    mocks = account(600);
    // The drill names its instance after the clock; the mock answers with whatever identifier was asked for.
    completesAtOnce(mocks, 'eu-west-2');
    const io = capture();
    await run(['drill', 'lomash_orders', '--targets', catalog, '--yes'], io);
    expect(io.errors).toEqual([]);
    expect(io.code).toBe(0);
    expect(mocks.rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
    const log = readFileSync(join(dir, 'docs/disaster-recovery/chaos-testing.md'), 'utf8');
    expect(log).toMatch(/^# DR drill log/);
    expect(log).toMatch(
      /\| lomash_orders \| corruption \| eu-west-2 \| `arn:aws:backup:[^|]*continuous[^|]*` \| restore-1 \| 10m \| 20m \| within RTO \| .*— deleted \|/,
    );
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
        run: 'restore job restore-1 of dr drill',
      },
    ]);
  });

  test("--region of the DR copy, with the Recovery stack's DR network: its subnet group, parameter group and security group by name, no --metadata", async () => {
    mocks = account(600);
    const ec2 = mockClient(EC2Client);
    try {
      ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0dr' }] });
      mocks.backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({
        RestoreMetadata: {
          DBInstanceIdentifier: SOURCE_ID,
          DBSubnetGroupName: 'lomash-wood-data',
          DBParameterGroupName: 'default.postgres17',
          VpcSecurityGroupIds: '["sg-1"]',
        },
      });
      // Offline, the plan names the DR network's groups; nothing is read.
      const dry = capture();
      await run(['drill', 'lomash_orders', '--targets', catalog, '--region', 'eu-west-1'], dry);
      expect([dry.code, dry.errors]).toEqual([2, []]);
      // Only what the DR network does not name is left to warn of (the recovery point is not read offline).
      expect(dry.lines.join('\n')).toMatch(
        /keeps what its metadata names of the source Region \(AvailabilityZone, OptionGroupName, where present\)/,
      );
      expect(dry.lines.join('\n')).toMatch(
        /DR network {3}DBSubnetGroupName=lomash-wood-data, DBParameterGroupName=lomash-wood-postgres, VpcSecurityGroupIds=\[the id of security group lomash-wood-dr-databases\]/,
      );
      expect(ec2.calls()).toHaveLength(0);
      // With --yes, the security group's id is read and the three keys override the recovery point's. (The restore
      // completes at once: no poll waits.)
      completesAtOnce(mocks, 'eu-west-1');
      const io = capture();
      await run(['drill', 'lomash_orders', '--targets', catalog, '--region', 'eu-west-1', '--yes'], io);
      expect(io.lines.join('\n')).not.toMatch(/warning/);
      expect(io.lines.join('\n')).toMatch(
        /overridden: DBParameterGroupName=lomash-wood-postgres, VpcSecurityGroupIds=\["sg-0dr"\], Engine=postgres/,
      );
      expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input.Filters).toEqual([
        { Name: 'group-name', Values: ['lomash-wood-dr-databases'] },
      ]);
      expect(mocks.backup.commandCalls(StartRestoreJobCommand)[0]!.args[0].input.Metadata).toMatchObject({
        DBSubnetGroupName: 'lomash-wood-data',
        DBParameterGroupName: 'lomash-wood-postgres',
        VpcSecurityGroupIds: '["sg-0dr"]',
      });
      // Not deployed yet: said so, before the recovery point is read.
      ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
      mocks.backup.resetHistory();
      const missing = capture();
      await run(['drill', 'lomash_orders', '--targets', catalog, '--region', 'eu-west-1', '--yes'], missing);
      expect(missing.code).toBe(2);
      expect(missing.errors.join('\n')).toMatch(
        /no security group named lomash-wood-dr-databases in eu-west-1: deploy the Recovery stack first/,
      );
      expect(mocks.backup.calls()).toHaveLength(0);
    } finally {
      ec2.restore();
    }
  });

  test('--region of the DR copy without a DR network: refused without the DR subnet and parameter groups; other source-Region metadata warned of; --metadata values reach the restore', async () => {
    mocks = account(600);
    // The catalog without the pilot light: no network in the DR Region (so no read replica either).
    writeFileSync(
      catalog,
      readFileSync(catalog, 'utf8')
        .replace(/\n {2}drCompute:\n {4}kind: pilot-light\n {4}kubernetesVersion: .*\n/, '\n')
        .replace(/\n {4}regionStrategy: replica\n/, '\n'),
    );
    mocks.backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({
      RestoreMetadata: {
        DBInstanceIdentifier: SOURCE_ID,
        DBSubnetGroupName: 'lomash-wood-data',
        DBParameterGroupName: 'lomash-wood-orders-params',
        VpcSecurityGroupIds: '["sg-1"]',
      },
    });
    const refused = capture();
    await run(['drill', 'lomash_orders', '--targets', catalog, '--region', 'eu-west-1'], refused);
    expect(refused.code).toBe(2);
    expect(refused.errors.join('\n')).toMatch(
      /^dr drill: an RDS drill in eu-west-1 needs --metadata DBSubnetGroupName=… and --metadata DBParameterGroupName=…: the recovery point names the primary Region's/,
    );
    // Refused before any AWS call: what the DR Region lacks is known without reading the recovery point.
    expect(mocks.backup.calls()).toHaveLength(0);
    const dry = capture();
    const groups = ['--metadata', 'DBSubnetGroupName=dr-data', '--metadata', 'DBParameterGroupName=dr-params'];
    await run(['drill', 'lomash_orders', '--targets', catalog, '--region', 'eu-west-1', ...groups], dry);
    expect(dry.code).toBe(2);
    expect(dry.lines.join('\n')).toMatch(
      /warning {6}a copy restored in eu-west-1 keeps what its metadata names of the source Region \(VpcSecurityGroupIds, AvailabilityZone, OptionGroupName, where present\)/,
    );
    expect(mocks.backup.calls()).toHaveLength(0);
    // Done at the first poll: the CLI waits its real --poll interval between polls.
    mocks.backup
      .on(DescribeRestoreJobCommand)
      .resolves({ Status: 'COMPLETED', CreationDate: T0, CompletionDate: at(600), CreatedResourceArn: RESTORED_ARN });
    const io = capture();
    await run(
      [
        'drill',
        'lomash_orders',
        '--targets',
        catalog,
        '--region',
        'eu-west-1',
        ...groups,
        '--metadata',
        'VpcSecurityGroupIds=["sg-dr"]',
        '--keep',
        '--yes',
      ],
      io,
    );
    expect(io.lines.join('\n')).not.toMatch(/warning/);
    expect(mocks.backup.commandCalls(StartRestoreJobCommand)[0]!.args[0].input.Metadata).toMatchObject({
      DBSubnetGroupName: 'dr-data',
      DBParameterGroupName: 'dr-params',
      VpcSecurityGroupIds: '["sg-dr"]',
    });
    expect(mocks.rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('a failed restore job: could not run, exit 2', async () => {
    mocks = account(600);
    mocks.backup
      .on(DescribeRestoreJobCommand)
      .resolves({ Status: 'FAILED', StatusMessage: 'Insufficient capacity', CreationDate: T0, CompletionDate: at(60) });
    const io = capture();
    await run(['drill', 'lomash_orders', '--targets', catalog, '--yes'], io);
    expect(io.code).toBe(2);
    expect(io.lines.join('\n')).toMatch(/could not run: FAILED — Insufficient capacity/);
    expect(mocks.rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('bad input exits 2 with a message and no stack trace', async () => {
    mocks = account(600);
    for (const args of [
      ['drill', 'app-secrets'],
      ['drill', 'nope'],
      ['drill', 'lomash_orders', '--poll', 'soon'],
      ['drill', 'lomash_orders', '--region', 'us-east-1'],
    ]) {
      const io = capture();
      await run([...args, '--targets', catalog], io);
      expect(io.code).toBe(2);
      expect(io.errors.join('\n')).toMatch(/^dr drill: /);
      expect(io.errors.join('\n')).not.toMatch(/\n\s+at /);
    }
  });

  test('AWS refusing the read: could not run, exit 2, the reason named', async () => {
    mocks = account(600);
    mocks.backup.on(ListRecoveryPointsByResourceCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const io = capture();
    await run(['drill', 'lomash_orders', '--targets', catalog, '--yes'], io);
    expect(io.code).toBe(2);
    expect(io.errors).toEqual(['dr drill: could not run: AccessDeniedException (HTTP 403): not authorized']);
  });
});

describe('dr drill (CLI) of S3 and EBS assets', () => {
  let dir: string;
  let catalog: string;
  const restores: { restore(): void }[] = [];
  beforeEach(() => {
    restores.push(callerIs());
    dir = mkdtempSync(join(tmpdir(), 'dr-drill-'));
    catalog = join(dir, 'dr-targets.yaml');
    copyFileSync('dr-targets.yaml', catalog);
  });
  afterEach(() => {
    for (const m of restores.splice(0)) m.restore();
    rmSync(dir, { recursive: true, force: true });
  });

  test('s3-media --yes: the bucket the clock named is restored and deleted; log row and snapshot-restore evidence', async () => {
    const mocks = s3Account();
    restores.push(mocks.backup, mocks.s3, mocks.rds);
    // The mock answers with whatever bucket the drill asked for.
    mocks.backup.on(DescribeRestoreJobCommand).callsFake(() => {
      const bucket =
        mocks.backup.commandCalls(StartRestoreJobCommand)[0]!.args[0].input.Metadata!.DestinationBucketName;
      return {
        Status: 'COMPLETED',
        CreationDate: T0,
        CompletionDate: at(300),
        CreatedResourceArn: `arn:aws:s3:::${bucket}`,
        BackupSizeInBytes: 5e9,
      };
    });
    const io = capture();
    await run(['drill', 's3-media', '--targets', catalog, '--yes'], io);
    expect(io.errors).toEqual([]);
    expect(io.code).toBe(0);
    const deleted = mocks.s3.commandCalls(DeleteBucketCommand);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.args[0].input.Bucket).toMatch(/^lomash-wood-s3-media-drill-\d{12}-111111111111-eu-west-2$/);
    const log = readFileSync(join(dir, 'docs/disaster-recovery/chaos-testing.md'), 'utf8');
    expect(log).toMatch(
      /\| s3-media \| corruption \| eu-west-2 \| `arn:aws:backup:[^|]*s3-media-1` \| restore-s3 \| 5m \| 10m \| within RTO \| arn:aws:s3:::lomash-wood-s3-media-drill-[^|]* — deleted \|/,
    );
    const evidence = JSON.parse(readFileSync(join(dir, 'docs/disaster-recovery/evidence.json'), 'utf8'));
    expect(evidence).toEqual([
      expect.objectContaining({
        asset: 's3-media',
        mode: 'corruption',
        recoveryKind: 'snapshot-restore',
        durationSeconds: 300,
      }),
    ]);
  });

  test('redis-sessions --yes: the volume restore is logged, timed and deleted, but is not RTO evidence', async () => {
    const mocks = ebsAccount();
    restores.push(mocks.backup, mocks.ec2, mocks.rds);
    const io = capture();
    await run(['drill', 'redis-sessions', '--targets', catalog, '--yes'], io);
    expect(io.code).toBe(0);
    expect(mocks.ec2.commandCalls(DeleteVolumeCommand).map((c) => c.args[0].input)).toEqual([{ VolumeId: 'vol-0ccc' }]);
    expect(io.errors).toEqual([
      'dr drill: not evidence: a restored EBS volume is not yet a running redis (mounting and loading it are not timed): logged only',
    ]);
    expect(readFileSync(join(dir, 'docs/disaster-recovery/chaos-testing.md'), 'utf8')).toMatch(
      /\| redis-sessions \| corruption \| eu-west-2 \| .* \| restore-ebs \| 2m \| 5m \| within RTO \| arn:aws:ec2:eu-west-2:111111111111:volume\/vol-0ccc — deleted \|/,
    );
    expect(existsSync(join(dir, 'docs/disaster-recovery/evidence.json'))).toBe(false);
  });

  test('a drill that cannot be recorded still prints its verdict, and is not a clean success (exit 2)', async () => {
    const mocks = s3Account();
    restores.push(mocks.backup, mocks.s3, mocks.rds);
    mocks.backup.on(DescribeRestoreJobCommand).callsFake(() => {
      const bucket =
        mocks.backup.commandCalls(StartRestoreJobCommand)[0]!.args[0].input.Metadata!.DestinationBucketName;
      return {
        Status: 'COMPLETED',
        CreationDate: T0,
        CompletionDate: at(300),
        CreatedResourceArn: `arn:aws:s3:::${bucket}`,
        BackupSizeInBytes: 5e9,
      };
    });
    // The drill log's path is taken by a folder: appending to it fails.
    mkdirSync(join(dir, 'docs/disaster-recovery/chaos-testing.md'), { recursive: true });
    const io = capture();
    await run(['drill', 's3-media', '--targets', catalog, '--yes'], io);
    expect(io.code).toBe(2);
    expect(io.errors.join('\n')).toMatch(/dr drill: could not record the drill: EISDIR/);
    expect(io.lines.join('\n')).toMatch(/s3-media: restore COMPLETED, 300 s against an RTO of 600 s: within RTO/);
    expect(mocks.s3.commandCalls(DeleteBucketCommand)).toHaveLength(1);
  });

  test('redis-sessions without --yes: the plan names the volumes and the new volume, nothing is restored', async () => {
    const mocks = ebsAccount();
    restores.push(mocks.backup, mocks.ec2, mocks.rds);
    const io = capture();
    await run(['drill', 'redis-sessions', '--targets', catalog, '--region', 'eu-west-1'], io);
    expect(io.code).toBe(2);
    const out = io.lines.join('\n');
    expect(out).toMatch(
      /source {7}the EBS volumes tagged dr:asset=redis-sessions \(found with ec2:DescribeVolumes\) — read only/,
    );
    expect(out).toMatch(/restore into a new volume in one of the Region’s catalog zones \(AWS names it\)/);
    expect(out).toMatch(/a copy restored in eu-west-1 keeps .*\(kmsKeyId, where present\)/);
    expect(out).toMatch(/dry run: nothing was read or restored/);
    expect(mocks.backup.calls()).toHaveLength(0);
    expect(mocks.ec2.calls()).toHaveLength(0);
  });
});
