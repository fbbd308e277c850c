/**
 * The seed's pre-deploy snapshots, for assets with `preDeploySnapshot: true`: a role the application deploy gets through
 * EKS Pod Identity (the Kubernetes side runs it as a GitOps pre-sync Job) that may start an on-demand AWS Backup job
 * into the tier's vault and pass exactly one service role, which can snapshot exactly this database. Naming another
 * database makes the job fail, not succeed.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { Asset } from '../lib/catalog';
import { preDeployBackupRoleName, preDeployBackupServiceRoleName, podIdentity, type NamingContext } from '../lib/names';
import { acknowledge } from './acknowledgements';
import { ManagedRole } from './iam';
import { PodIdentityRole } from './pod-identity';

export interface PreDeployBackupProps {
  readonly target: Asset;
  readonly naming: NamingContext;
  readonly databaseArn: string;
  /** The key the instance's storage is encrypted with (RDS snapshots keep it). */
  readonly storageKey: kms.IKey;
  /** The tier's vault: on-demand recovery points live under the same lock as the scheduled ones. */
  readonly vaultArn: string;
  readonly cluster: string;
  readonly namespace: string;
}

export class PreDeployBackup extends Construct {
  readonly serviceRole: ManagedRole;
  readonly deployRole: PodIdentityRole;

  constructor(scope: Construct, id: string, props: PreDeployBackupProps) {
    super(scope, id);
    const { target, naming } = props;
    if (!target.preDeploySnapshot)
      throw new Error(`PreDeployBackup '${target.id}': the catalog entry does not set \`preDeploySnapshot: true\``);
    const stack = Stack.of(this);
    const snapshots = `arn:${stack.partition}:rds:${stack.region}:${stack.account}:snapshot:awsbackup:*`;
    this.serviceRole = new ManagedRole(this, 'ServiceRole', {
      roleName: preDeployBackupServiceRoleName(naming, target.id),
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `AWS Backup snapshots ${target.id} before a deploy; it can snapshot nothing else`,
      statements: [
        new iam.PolicyStatement({
          actions: [
            'rds:CreateDBSnapshot',
            'rds:DescribeDBSnapshots',
            'rds:AddTagsToResource',
            'rds:ListTagsForResource',
          ],
          resources: [props.databaseArn, snapshots],
        }),
        new iam.PolicyStatement({ actions: ['rds:DescribeDBInstances'], resources: [props.databaseArn] }),
        new iam.PolicyStatement({
          actions: ['kms:DescribeKey', 'kms:CreateGrant'],
          resources: [props.storageKey.keyArn],
          conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
        new iam.PolicyStatement({
          actions: ['backup:DescribeBackupVault', 'backup:CopyIntoBackupVault'],
          resources: [props.vaultArn],
        }),
      ],
    });
    const named = 'AWS Backup names the snapshots it takes awsbackup:job-<id>; the pattern covers only those';
    acknowledge(this.serviceRole.policy!, 'AwsSolutions-IAM5', named, `Resource::${snapshots}`);

    const recoveryPoints = `arn:${stack.partition}:backup:${stack.region}:${stack.account}:recovery-point:*`;
    this.deployRole = new PodIdentityRole(this, 'DeployRole', {
      roleName: preDeployBackupRoleName(naming, target.id),
      description: `A deploy of ${target.owner} starts an on-demand backup of ${target.id} and waits for it`,
      cluster: props.cluster,
      serviceAccounts: [{ namespace: props.namespace, ...podIdentity.preDeployBackup(target.id) }],
      statements: [
        new iam.PolicyStatement({ actions: ['backup:StartBackupJob'], resources: [props.vaultArn] }),
        new iam.PolicyStatement({ actions: ['backup:DescribeBackupJob'], resources: ['*'] }),
        // The job tags its recovery point (dr:asset, dr:role=pre-deploy) so the audit can tell it from scheduled ones.
        new iam.PolicyStatement({ actions: ['backup:TagResource'], resources: [recoveryPoints] }),
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.serviceRole.role.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
        }),
      ],
    });
    acknowledge(
      this.deployRole.role.policy!,
      'AwsSolutions-IAM5',
      'backup:DescribeBackupJob supports no resource-level permissions; it only reads job status',
      'Resource::*',
    );
    acknowledge(
      this.deployRole.role.policy!,
      'AwsSolutions-IAM5',
      'a recovery point ARN is known only after the job starts; tagging is limited to this account and Region',
      `Resource::${recoveryPoints}`,
    );
  }
}
