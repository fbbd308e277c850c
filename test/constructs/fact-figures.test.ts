/**
 * Numbers about AWS behaviour exist in one place, lib/model/facts.ts. Each case changes one fact's figure for the
 * time a construct is built (test/support/changed-facts.ts) and checks that the construct follows it: a construct
 * that kept its own copy of the number would not.
 */
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Alerts } from '../../constructs/alerts';
import { BackupPlans } from '../../constructs/backup-plans';
import { awsCronForInterval } from '../../lib/schedule';
import { TierVaults } from '../../constructs/backup-vaults';
import { KeyRing } from '../../constructs/keys';
import { ReplicatedBucket } from '../../constructs/replicated-bucket';
import type { MechanismSpec } from '../../lib/model';
import type { Side } from '../../lib/names';
import { withFact } from '../support/changed-facts';
import { asset, baseDoc, planOf, testStacks, withMechanisms } from './support';

jest.mock('../../lib/model/facts', () =>
  jest.requireActual<typeof import('../support/changed-facts')>('../support/changed-facts').changedFacts(),
);

const plan = (() => {
  const doc = baseDoc();
  doc.assets.push(asset('media', 'object-store', '0', '10m'), asset('ledger', 'postgres', '4h', '30m'));
  return planOf(doc);
})();

describe('S3-4: the RTC threshold', () => {
  function bucket(side: Side): Template {
    const { primary, dr } = testStacks(plan);
    const stack = side === 'primary' ? primary : dr;
    const naming = plan.catalog.naming;
    const keys = new KeyRing(stack, 'Keys', { naming });
    new ReplicatedBucket(stack, 'Media', {
      naming,
      id: 'media',
      side,
      keys,
      alerts: new Alerts(stack, 'Alerts', { naming, contacts: plan.catalog.contacts, keys }),
      accessLogs: new s3.Bucket(stack, 'Logs'),
      noncurrentRetentionDays: 14,
      posture: { entry: plan.catalog.assets[0]!, plan: plan.assets.get('media')! },
      ...(side === 'primary'
        ? { replicateTo: { rtc: true, deleteMarkers: true } }
        : { replicatedFrom: { rtc: true, deleteMarkers: true } }),
    });
    return Template.fromStack(stack);
  }
  const rule = (t: Template) =>
    (
      Object.values(
        t.findResources('AWS::S3::Bucket', { Properties: { BucketName: 'acme-test-media-222222222222-us-east-1' } }),
      )[0]!.Properties as {
        ReplicationConfiguration: { Rules: { Destination: { Metrics: unknown; ReplicationTime: unknown } }[] };
      }
    ).ReplicationConfiguration.Rules[0]!.Destination;

  test('the replication time, the missed-threshold events and the latency alarm follow the fact', () => {
    expect(rule(bucket('primary'))).toMatchObject({
      Metrics: { EventThreshold: { Minutes: 15 } },
      ReplicationTime: { Time: { Minutes: 15 } },
    });
    expect(rule(withFact('S3-4', 600, () => bucket('primary')))).toMatchObject({
      Metrics: { EventThreshold: { Minutes: 10 } },
      ReplicationTime: { Time: { Minutes: 10 } },
    });
    withFact('S3-4', 600, () => bucket('dr')).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ReplicationLatency',
      Threshold: 600,
    });
  });
});

describe('BKP-1 and BKP-3: backup rule schedule and start window', () => {
  const rule: MechanismSpec = {
    id: 'backup-snapshot',
    resourceType: 'RDS',
    intervalSeconds: 4 * 3600,
    startWindowSeconds: 3600,
    completionWindowSeconds: 7200,
    retentionDays: 14,
    vaultLock: { mode: 'compliance', minRetentionDays: 1, maxRetentionDays: 100 },
  };
  function plans(): BackupPlans {
    const ledger = {
      ...plan,
      assets: new Map([...plan.assets, ['ledger', withMechanisms(plan.assets.get('ledger')!, [rule])]]),
    };
    const { primary } = testStacks(ledger);
    const naming = ledger.catalog.naming;
    const vaults = new TierVaults(primary, 'Vaults', {
      catalog: ledger.catalog,
      naming,
      key: new KeyRing(primary, 'Keys', { naming }).key('backup'),
    });
    const role = new iam.Role(primary, 'Role', { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
    return new BackupPlans(primary, 'Plans', {
      plan: ledger,
      naming,
      vaults,
      resources: new Map(ledger.catalog.assets.map((a) => [a.id, `arn:aws:test:::${a.id}`] as const)),
      role,
    });
  }

  test('a start window below the fact is refused, whatever the fact says', () => {
    expect(() => plans()).not.toThrow();
    expect(() => withFact('BKP-3', 7200, plans)).toThrow(/StartWindowMinutes must be at least 120 \(BKP-3\), got 60/);
  });

  test('a schedule more frequent than the fact allows is refused', () => {
    expect(awsCronForInterval(3600, 3)).toBe('cron(0 0/1 * * ? *)');
    expect(() => withFact('BKP-1', 7200, () => awsCronForInterval(3600, 3))).toThrow(/at least 7200 s apart \(BKP-1\)/);
  });
});
