import { Match, Template } from 'aws-cdk-lib/assertions';
import { Alerts } from '../../constructs/alerts';
import { KeyRing } from '../../constructs/keys';
import { baseDoc, planOf, testStacks } from './support';

const plan = planOf(baseDoc());

describe('KeyRing: retained, rotated keys behind aliases', () => {
  test('a key per purpose with an alias from lib/names; ScheduleKeyDeletion and DisableKey denied but to break-glass; grants only for AWS services', () => {
    // GIVEN
    const { primary } = testStacks(plan);
    // WHEN
    new KeyRing(primary, 'Keys', { naming: plan.catalog.naming }).key('rds');
    // THEN
    const t = Template.fromStack(primary);
    t.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        PendingWindowInDays: 30,
        KeyPolicy: Match.objectLike({
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'DenyKeyDestructionExceptBreakGlass',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: ['kms:DisableKey', 'kms:ScheduleKeyDeletion'],
              Condition: {
                ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/acme-test-break-glass' },
              },
            }),
            Match.objectLike({
              Sid: 'DenyCreateGrantExceptForAwsServices',
              Effect: 'Deny',
              Action: 'kms:CreateGrant',
              Condition: {
                BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
              },
            }),
          ]),
        }),
      }),
    });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/acme-test/rds' });
    t.resourceCountIs('AWS::KMS::Key', 1);
  });

  test('asking twice for a purpose returns the same key; the pending window is bounded', () => {
    const { primary } = testStacks(plan);
    const keys = new KeyRing(primary, 'Keys', { naming: plan.catalog.naming });
    expect(keys.key('s3')).toBe(keys.key('s3'));
    expect(() => new KeyRing(primary, 'Other', { naming: plan.catalog.naming, pendingWindowDays: 3 })).toThrow(
      /`pendingWindowDays` must be 7–30, got 3/,
    );
  });
});

describe('Alerts: failed jobs and replication events reach the contacts who want them', () => {
  test('an encrypted, TLS-only topic; email subscriptions for notify: true only; backup, copy and restore failures', () => {
    const { primary } = testStacks(plan);
    new Alerts(primary, 'Alerts', {
      naming: plan.catalog.naming,
      contacts: plan.catalog.contacts,
      keys: new KeyRing(primary, 'Keys', { naming: plan.catalog.naming }),
    });
    const t = Template.fromStack(primary);
    t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'acme-test-dr-alerts', KmsMasterKeyId: Match.anyValue() });
    t.resourceCountIs('AWS::SNS::Subscription', 1);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@acme.example' });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Backup Job State Change'],
        detail: { state: ['FAILED', 'EXPIRED', 'ABORTED'] },
      },
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['Copy Job State Change'] }),
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['Restore Job State Change'] }),
    });
    // EventBridge, CloudWatch alarms and S3 notifications can use the topic's key.
    for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com', 's3.amazonaws.com']) {
      t.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Principal: { Service: service }, Action: Match.arrayWith(['kms:Decrypt']) }),
          ]),
        },
      });
    }
  });
});
