/**
 * The restore metadata a drill sends, per recovery-point type: the keys each restore requires or refuses (RDS-42,
 * BKP-30, BKP-31; docs/aws.md "What AWS requires"), from the recovery point's own metadata, never naming the source.
 */
import { run } from '../../bin/dr';
import type { Io } from '../../bin/io';
import { drillMetadata, overridesOf, requireDrMetadata } from '../../lib/audit/drill/metadata';
import type { DrillSource } from '../../lib/audit/drill/plan';

const RDS: DrillSource = { type: 'RDS', identifier: 'co-orders', arn: 'arn:aws:rds:eu-west-2:1:db:co-orders' };
const S3: DrillSource = { type: 'S3', bucket: 'co-media', arn: 'arn:aws:s3:::co-media' };
const ZONES_DR = ['eu-west-1a', 'eu-west-1b'];
const ZONES_PRIMARY = ['eu-west-2a', 'eu-west-2b'];
const rds = { name: 'co-orders-drill', zones: ZONES_PRIMARY, engine: 'postgres' };

describe('RDS continuous recovery point (point-in-time restore)', () => {
  const original = {
    DBInstanceIdentifier: 'co-orders',
    MultiAZ: 'true',
    AvailabilityZone: 'eu-west-2a',
    DeletionProtection: 'true',
    KmsKeyId: 'arn:aws:kms:eu-west-2:1:key/k',
  };

  test('the required keys: a new DBInstanceIdentifier, Engine, UseLatestRestorableTime; no zone with Multi-AZ', () => {
    const m = drillMetadata(RDS, original, { ...rds, continuous: true });
    expect(m).toEqual({
      DBInstanceIdentifier: 'co-orders-drill',
      Engine: 'postgres',
      UseLatestRestorableTime: 'true',
      MultiAZ: 'true',
      DeletionProtection: 'false',
      // Information only: neither RDS restore API takes a storage key (RDS-42).
      KmsKeyId: 'arn:aws:kms:eu-west-2:1:key/k',
    });
    expect(overridesOf(original, m)).toEqual(
      expect.arrayContaining(['Engine=postgres', 'UseLatestRestorableTime=true', '-AvailabilityZone']),
    );
  });

  test('a RestoreTime given by hand replaces the latest restorable time: never both (RDS-42)', () => {
    const m = drillMetadata(
      RDS,
      { ...original, UseLatestRestorableTime: 'true' },
      { ...rds, continuous: true, user: { RestoreTime: '2026-11-28T09:00:00Z' } },
    );
    expect(m.RestoreTime).toBe('2026-11-28T09:00:00Z');
    expect(m).not.toHaveProperty('UseLatestRestorableTime');
  });

  test("the recovery point's own Engine and RestoreTime are kept", () => {
    const m = drillMetadata(
      RDS,
      { Engine: 'postgres', RestoreTime: '2026-11-28T08:00:00Z' },
      { ...rds, engine: 'mysql', continuous: true },
    );
    expect([m.Engine, m.RestoreTime, m.UseLatestRestorableTime]).toEqual([
      'postgres',
      '2026-11-28T08:00:00Z',
      undefined,
    ]);
  });
});

describe('RDS snapshot recovery point', () => {
  test('single-AZ in its own Region: the zone stays; no restore time is added', () => {
    const m = drillMetadata(RDS, { MultiAZ: 'false', AvailabilityZone: 'eu-west-2b' }, rds);
    expect(m).toEqual({
      MultiAZ: 'false',
      AvailabilityZone: 'eu-west-2b',
      Engine: 'postgres',
      DBInstanceIdentifier: 'co-orders-drill',
    });
  });

  test('a copy in the DR Region: the source zone is dropped (RDS picks one), unless set by hand', () => {
    const original = { MultiAZ: 'false', AvailabilityZone: 'eu-west-2b' };
    expect(drillMetadata(RDS, original, { ...rds, zones: ZONES_DR })).not.toHaveProperty('AvailabilityZone');
    expect(
      drillMetadata(RDS, original, { ...rds, zones: ZONES_DR, user: { AvailabilityZone: 'eu-west-1b' } })
        .AvailabilityZone,
    ).toBe('eu-west-1b');
  });

  test('in the DR Region the drill refuses to start without the subnet and parameter groups, and says why', () => {
    expect(() => requireDrMetadata('RDS', 'eu-west-1', {})).toThrow(
      /an RDS drill in eu-west-1 needs --metadata DBSubnetGroupName=… and --metadata DBParameterGroupName=…: .*the catalog declares no network there.*default subnet group and parameter group/,
    );
    expect(() => requireDrMetadata('RDS', 'eu-west-1', { dbsubnetgroupname: 'dr' })).toThrow(
      /needs --metadata DBParameterGroupName=…:/,
    );
    expect(() =>
      requireDrMetadata('RDS', 'eu-west-1', { DBSubnetGroupName: 'dr', DBParameterGroupName: 'p' }),
    ).not.toThrow();
    expect(() => requireDrMetadata('S3', 'eu-west-1', {})).not.toThrow();
  });
});

describe('S3 recovery point', () => {
  test('in its own Region: DestinationBucketName and NewBucket; RestoreToOriginalBucket only where the point has it', () => {
    expect(drillMetadata(S3, {}, { name: 'co-media-drill', zones: [] })).toEqual({
      DestinationBucketName: 'co-media-drill',
      NewBucket: 'true',
    });
    expect(
      drillMetadata(S3, { RestoreToOriginalBucket: 'true' }, { name: 'co-media-drill', zones: [] })
        .RestoreToOriginalBucket,
    ).toBe('false');
  });

  test("a cross-Region copy: restored with the drill Region's key (SSE-KMS), not the source's encryption", () => {
    const key = 'arn:aws:kms:eu-west-1:1:alias/co/s3';
    const m = drillMetadata(
      S3,
      { KMSKey: 'arn:aws:kms:eu-west-2:1:key/k' },
      { name: 'd', zones: [], encryptionKey: key },
    );
    expect(m).toEqual({ DestinationBucketName: 'd', NewBucket: 'true', EncryptionType: 'SSE-KMS', KMSKey: key });
    // Chosen by hand, e.g. SSE-S3: the drill does not override it.
    const byHand = drillMetadata(
      S3,
      {},
      { name: 'd', zones: [], encryptionKey: key, user: { EncryptionType: 'SSE-S3' } },
    );
    expect(byHand).toEqual({ DestinationBucketName: 'd', NewBucket: 'true', EncryptionType: 'SSE-S3' });
  });

  test('never the source bucket', () => {
    expect(() => drillMetadata(S3, {}, { name: 'co-media', zones: [] })).toThrow(/must not restore over its source/);
  });
});

test('dr drill --help says --metadata list values are JSON-array strings', async () => {
  const out: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => out.push(l), exit: () => undefined };
  await run(['drill', '--help'], io);
  expect(out.join('\n').replace(/\s+/g, ' ')).toMatch(
    /--metadata <key=value> set a restore-metadata key \(repeatable\), .*list values are JSON-array strings, e\.g\. VpcSecurityGroupIds='\["sg-0abc"\]'/,
  );
});
