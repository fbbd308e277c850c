import { readBucket } from '../../../lib/checker/readers/s3-bucket';
import { PRIMARY, resource } from '../helpers';

const rule = (extra: Record<string, unknown> = {}, destination: Record<string, unknown> = {}) => ({
  Status: 'Enabled',
  Priority: 1,
  Filter: { Prefix: '' },
  DeleteMarkerReplication: { Status: 'Enabled' },
  Destination: { Bucket: 'arn:aws:s3:::media-replica', ...destination },
  ...extra,
});
const RTC = {
  ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
  Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
};

describe('readBucket: versioning, replication and Object Lock from AWS::S3::Bucket', () => {
  test('versioned, replicated with RTC and delete markers', () => {
    const r = readBucket(
      resource('AWS::S3::Bucket', {
        BucketName: 'media',
        VersioningConfiguration: { Status: 'Enabled' },
        ReplicationConfiguration: { Role: 'x', Rules: [rule({}, RTC)] },
      }),
      PRIMARY,
    );
    expect(r.bucketName).toBe('media');
    expect(r.destinations).toEqual(['arn:aws:s3:::media-replica']);
    expect(r.mechanisms).toEqual([{ id: 's3-versioning' }, { id: 's3-replication', rtc: true, deleteMarkers: true }]);
  });

  test('replication without ReplicationTime is replication without RTC', () => {
    const r = readBucket(
      resource('AWS::S3::Bucket', {
        VersioningConfiguration: { Status: 'Enabled' },
        ReplicationConfiguration: { Rules: [rule()] },
      }),
      PRIMARY,
    );
    expect(r.mechanisms).toContainEqual({ id: 's3-replication', rtc: false, deleteMarkers: true });
  });

  test('a disabled rule and suspended versioning give nothing', () => {
    const r = readBucket(
      resource('AWS::S3::Bucket', {
        VersioningConfiguration: { Status: 'Suspended' },
        ReplicationConfiguration: { Rules: [rule({ Status: 'Disabled' }, RTC)] },
      }),
      PRIMARY,
    );
    expect(r.mechanisms).toEqual([]);
  });

  test('several rules: the bucket is as protected as its weakest rule', () => {
    const r = readBucket(
      resource('AWS::S3::Bucket', {
        VersioningConfiguration: { Status: 'Enabled' },
        ReplicationConfiguration: { Rules: [rule({}, RTC), rule({ DeleteMarkerReplication: { Status: 'Disabled' } })] },
      }),
      PRIMARY,
    );
    expect(r.mechanisms.filter((m) => m.id === 's3-replication')).toEqual([
      { id: 's3-replication', rtc: false, deleteMarkers: false },
    ]);
  });

  test('Object Lock in compliance mode with default retention in years', () => {
    const r = readBucket(
      resource('AWS::S3::Bucket', {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } },
        },
      }),
      PRIMARY,
    );
    expect(r.mechanisms).toEqual([{ id: 's3-object-lock', mode: 'compliance', retentionDays: 365 }]);
  });

  test('a bucket name built with Fn::Join and pseudo parameters is rendered for the stack', () => {
    const r = readBucket(
      resource('AWS::S3::Bucket', {
        BucketName: { 'Fn::Join': ['-', ['media', { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Region' }]] },
      }),
      PRIMARY,
    );
    expect(r.bucketName).toBe('media-123456789012-eu-west-2');
  });
});
