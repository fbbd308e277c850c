import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Alerts } from '../../constructs/alerts';
import { KeyRing } from '../../constructs/keys';
import { ReplicatedBucket, type ReplicatedBucketProps } from '../../constructs/replicated-bucket';
import type { Side } from '../../lib/names';
import { asset, baseDoc, planOf, testStacks } from './support';

const plan = (() => {
  const doc = baseDoc();
  doc.assets.push(asset('media', 'object-store', '0', '10m'));
  return planOf(doc);
})();

function build(
  side: Side,
  override: Partial<ReplicatedBucketProps> | ((twin: KeyRing) => Partial<ReplicatedBucketProps>) = {},
) {
  const { primary, dr } = testStacks(plan);
  const stack = side === 'primary' ? primary : dr;
  const naming = plan.catalog.naming;
  const keys = new KeyRing(stack, 'Keys', { naming });
  const twinKeys = new KeyRing(side === 'primary' ? dr : primary, 'Keys', { naming });
  const alerts = new Alerts(stack, 'Alerts', { naming, contacts: plan.catalog.contacts, keys });
  new ReplicatedBucket(stack, 'Media', {
    naming,
    id: 'media',
    side,
    keys,
    alerts,
    accessLogs: new s3.Bucket(stack, 'Logs'),
    noncurrentRetentionDays: 14,
    posture: { entry: plan.catalog.assets[0]!, plan: plan.assets.get('media')! },
    ...(typeof override === 'function' ? override(twinKeys) : override),
  });
  return Template.fromStack(stack);
}

describe('ReplicatedBucket: versioned, encrypted, replicated to its twin', () => {
  test('the primary bucket replicates to the DR bucket with RTC, metrics, delete markers and replica sync', () => {
    // GIVEN / WHEN
    const t = build('primary', { replicateTo: { rtc: true, deleteMarkers: true } });
    // THEN
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: 'acme-test-media-222222222222-us-east-1',
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        ReplicationConfiguration: {
          Role: Match.anyValue(),
          Rules: [
            Match.objectLike({
              Id: 'to-dr',
              Status: 'Enabled',
              DeleteMarkerReplication: { Status: 'Enabled' },
              SourceSelectionCriteria: {
                SseKmsEncryptedObjects: { Status: 'Enabled' },
                ReplicaModifications: { Status: 'Enabled' },
              },
              Destination: {
                Bucket: 'arn:aws:s3:::acme-test-media-222222222222-us-west-2',
                EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:222222222222:alias/acme-test/s3' },
                Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
                ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
              },
            }),
          ],
        },
      }),
    });
  });

  test('replication failures reach the alerts topic through S3 event notifications, after the topic policy exists', () => {
    const t = build('primary', { replicateTo: { rtc: true, deleteMarkers: true } });
    const buckets = t.findResources('AWS::S3::Bucket', {
      Properties: { BucketName: 'acme-test-media-222222222222-us-east-1' },
    });
    const [bucket] = Object.values(buckets);
    const events = (bucket!.Properties.NotificationConfiguration.TopicConfigurations as { Event: string }[]).map(
      (c) => c.Event,
    );
    expect(events.sort()).toEqual([
      's3:Replication:OperationFailedReplication',
      's3:Replication:OperationMissedThreshold',
      's3:Replication:OperationNotTracked',
    ]);
    expect(bucket!.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^AlertsTopicPolicy/)]));
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish' }),
        ]),
      },
    });
  });

  test('the replication role may write only to the twin and encrypt only with the twin Region key named by alias', () => {
    const t = build('primary', { replicateTo: { rtc: false, deleteMarkers: false } });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'],
            Resource: 'arn:aws:s3:::acme-test-media-222222222222-us-west-2/*',
          }),
          Match.objectLike({
            Resource: 'arn:aws:kms:us-west-2:222222222222:key/*',
            Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/acme-test/s3' } },
          }),
        ]),
      },
    });
    // No RTC: no replication time, metrics without a threshold.
    t.hasResourceProperties('AWS::S3::Bucket', {
      ReplicationConfiguration: {
        Rules: [
          Match.objectLike({
            DeleteMarkerReplication: { Status: 'Disabled' },
            Destination: Match.objectLike({ ReplicationTime: Match.absent(), Metrics: { Status: 'Enabled' } }),
          }),
        ],
      },
    });
  });

  test("given the twin's key (primary → DR), replicas and the role's encrypt statement name its key ARN (S3-14)", () => {
    const t = build('primary', (twin) => ({
      replicateTo: { rtc: false, deleteMarkers: false },
      twinKey: twin.key('s3'),
    }));
    const fromDr = { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'Dr', Region: 'us-west-2' }) };
    t.hasResourceProperties('AWS::S3::Bucket', {
      ReplicationConfiguration: Match.objectLike({
        Rules: [
          Match.objectLike({
            Destination: Match.objectLike({ EncryptionConfiguration: { ReplicaKmsKeyID: fromDr } }),
          }),
        ],
      }),
    });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: fromDr }),
        ]),
      },
    });
    // No statement on every key of the Region is left to acknowledge.
    expect(JSON.stringify(t.toJSON())).not.toContain('arn:aws:kms:us-west-2:222222222222:key/*');
  });

  test('the DR twin alarms on latency and failures of the rule into it (S3 publishes them in the destination Region)', () => {
    const t = build('dr', { replicatedFrom: { rtc: true, deleteMarkers: true } });
    const dims = [
      { Name: 'DestinationBucket', Value: 'acme-test-media-222222222222-us-west-2' },
      { Name: 'RuleId', Value: 'to-dr' },
      { Name: 'SourceBucket', Value: 'acme-test-media-222222222222-us-east-1' },
    ];
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ReplicationLatency',
      Threshold: 900,
      Dimensions: dims,
      AlarmActions: [Match.anyValue()],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'OperationsFailedReplication',
      Threshold: 0,
      Dimensions: dims,
    });
    t.hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: Match.absent() });
  });

  test('Object Lock from the plan sets the default retention and mode', () => {
    const t = build('primary', { objectLock: { mode: 'compliance', retentionDays: 30 } });
    t.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
      },
    });
  });

  test('refuses a retention under a day', () => {
    expect(() => build('primary', { noncurrentRetentionDays: 0 })).toThrow(
      /`noncurrentRetentionDays` must be ≥ 1, got 0/,
    );
    expect(() => build('primary', { currentRetentionDays: 0 })).toThrow(/`currentRetentionDays` must be ≥ 1, got 0/);
  });

  test('current objects never expire unless asked (an asset bucket); a bucket of dated copies expires them after the retention', () => {
    const rules = (t: Template) =>
      (
        Object.values(t.findResources('AWS::S3::Bucket')).find(
          (b) => (b.Properties as { BucketName?: unknown } | undefined)?.BucketName,
        )!.Properties as {
          LifecycleConfiguration: {
            Rules: {
              Id: string;
              ExpirationInDays?: number;
              NoncurrentVersionExpiration?: { NoncurrentDays: number };
            }[];
          };
        }
      ).LifecycleConfiguration.Rules;
    expect(rules(build('primary')).some((r) => r.ExpirationInDays !== undefined)).toBe(false);
    const dated = rules(build('primary', { currentRetentionDays: 35, noncurrentRetentionDays: 35 }));
    expect(dated.find((r) => r.Id === 'current-versions')).toMatchObject({ ExpirationInDays: 35 });
    expect(dated.find((r) => r.Id === 'noncurrent-versions')).toMatchObject({
      NoncurrentVersionExpiration: { NoncurrentDays: 35 },
    });
  });
});
