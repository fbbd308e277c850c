/**
 * The DR alerts topic of one Region: failed, expired or aborted backup, copy and restore jobs (EventBridge → SNS),
 * S3 replication events and replication alarms publish here, and so do changes to key, vault and replication
 * policies (tamper-alerts.ts); the catalog's contacts with `notify: true` subscribe.
 */
import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Contact } from '../lib/catalog';
import { alertsTopicName, type NamingContext } from '../lib/names';
import type { KeyRing } from './keys';
import { tagProtector } from './tags';
import { TamperAlerts } from './tamper-alerts';

export interface AlertsProps {
  readonly naming: NamingContext;
  readonly contacts: readonly Contact[];
  readonly keys: KeyRing;
}

/** Job states that mean a recovery point or copy the plan promised does not exist. */
const JOB_FAILURES = {
  'Backup Job State Change': ['FAILED', 'EXPIRED', 'ABORTED'],
  'Copy Job State Change': ['FAILED', 'EXPIRED', 'ABORTED'],
  'Restore Job State Change': ['FAILED'],
} as const;

export class Alerts extends Construct {
  readonly topic: sns.Topic;
  private readonly patterns = new Set<string>();

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    const key = props.keys.key('ops');
    const publish = ['kms:GenerateDataKey*', 'kms:Decrypt'];
    // Services that publish to an encrypted topic need the key; SNS checks it on every publish. (The EventBridge
    // target below grants events.amazonaws.com itself.)
    const sameAccount = { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } };
    for (const service of ['cloudwatch.amazonaws.com', 's3.amazonaws.com']) {
      props.keys.allowService('ops', service, publish, sameAccount);
    }
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: alertsTopicName(props.naming),
      displayName: `${props.naming.prefix} DR alerts`,
      masterKey: key,
      enforceSSL: true,
    });
    tagProtector(this.topic, 'alerts');
    const notified = props.contacts.filter((c) => c.notify);
    for (const contact of notified) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(contact.email));
    }

    for (const [detailType, states] of Object.entries(JOB_FAILURES)) {
      const rule = new events.Rule(this, detailType.replace(/ /g, ''), {
        description: `${detailType}: ${states.join(', ')}`,
        eventPattern: { source: ['aws.backup'], detailType: [detailType], detail: { state: [...states] } },
      });
      rule.addTarget(new targets.SnsTopic(this.topic));
    }
    new TamperAlerts(this, 'Tamper', this.topic);
  }

  /** Lets S3 publish a bucket's event notifications here (the bucket must depend on the returned policy). */
  allowBucket(bucketArn: string): iam.PolicyStatement {
    const statement = new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: {
        ArnLike: { 'aws:SourceArn': bucketArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      },
    });
    this.topic.addToResourcePolicy(statement);
    return statement;
  }

  /**
   * Lets S3 publish the events of buckets named like `pattern` (`acme-*-111111111111-eu-west-2`): how buckets in other
   * stacks of the Region (shards) are admitted, once, without a reference to each of them. Idempotent.
   */
  allowBuckets(pattern: string): void {
    if (this.patterns.has(pattern)) return;
    this.patterns.add(pattern);
    this.allowBucket(`arn:${Stack.of(this).partition}:s3:::${pattern}`);
  }
}
