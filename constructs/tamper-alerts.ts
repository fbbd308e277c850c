/**
 * Alerts on what an insider (or a stolen administrator) would change first to make a later deletion stick: a key
 * policy, a vault's access policy or lock, a bucket's replication. The key and vault policies deny deletion, but
 * rewriting a policy is left to an SCP (docs/aws.md); these rules make every such call visible to the catalog's
 * contacts, not only failed jobs.
 *
 * They match "AWS API Call via CloudTrail" events, which EventBridge receives only when the account has a CloudTrail
 * trail with logging enabled in the Region (OTH-31): a prerequisite in docs/aws.md, not created here (an organisation
 * trail usually exists). Every matching call in the account and Region alerts, not only calls on this app's resources:
 * such calls are rare, and an attacker's new vault or key matters too.
 */
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The write calls per service that loosen what protects recovery data. */
export const TAMPER_CALLS: Readonly<Record<string, { readonly source: string; readonly calls: readonly string[] }>> = {
  KeyPolicy: { source: 'kms.amazonaws.com', calls: ['PutKeyPolicy'] },
  VaultPolicy: {
    source: 'backup.amazonaws.com',
    calls: ['PutBackupVaultAccessPolicy', 'DeleteBackupVaultAccessPolicy'],
  },
  VaultLock: {
    source: 'backup.amazonaws.com',
    calls: ['PutBackupVaultLockConfiguration', 'DeleteBackupVaultLockConfiguration'],
  },
  Replication: { source: 's3.amazonaws.com', calls: ['PutBucketReplication', 'DeleteBucketReplication'] },
};

export class TamperAlerts extends Construct {
  constructor(scope: Construct, id: string, topic: sns.ITopic) {
    super(scope, id);
    for (const [name, { source, calls }] of Object.entries(TAMPER_CALLS)) {
      const rule = new events.Rule(this, name, {
        description: `Alert the DR contacts on ${calls.join(', ')} (needs a CloudTrail trail, docs/aws.md)`,
        eventPattern: {
          source: [`aws.${source.split('.')[0]}`],
          detailType: ['AWS API Call via CloudTrail'],
          detail: { eventSource: [source], eventName: [...calls] },
        },
      });
      rule.addTarget(new targets.SnsTopic(topic));
    }
  }
}
