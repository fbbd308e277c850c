/**
 * Roles AWS services assume for the app: AWS Backup (backups, copies, restores), restore testing, and RDS enhanced
 * monitoring. They use the AWS-managed service policies the services document, each acknowledged once, here.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { backupServiceRoleName, rdsMonitoringRoleName, restoreTestingRoleName, type NamingContext } from '../lib/names';
import { acknowledge } from './acknowledgements';
import { ManagedRole } from './iam';

export interface ServiceRolesProps {
  readonly naming: NamingContext;
  /** Whether any plan backs up S3: AWS Backup then needs the S3 backup and restore policies. @default false */
  readonly s3Backups?: boolean;
}

const BACKUP = 'service-role/AWSBackupServiceRolePolicyForBackup';
const RESTORES = 'service-role/AWSBackupServiceRolePolicyForRestores';
const S3_BACKUP = 'AWSBackupServiceRolePolicyForS3Backup';
const S3_RESTORE = 'AWSBackupServiceRolePolicyForS3Restore';
const MONITORING = 'service-role/AmazonRDSEnhancedMonitoringRole';

export class ServiceRoles extends Construct {
  readonly backup: ManagedRole;
  readonly restoreTesting: ManagedRole;
  readonly rdsMonitoring: ManagedRole;

  constructor(scope: Construct, id: string, props: ServiceRolesProps) {
    super(scope, id);
    const backupPrincipal = new iam.ServicePrincipal('backup.amazonaws.com');
    const backupPolicies = [BACKUP, RESTORES, ...(props.s3Backups ? [S3_BACKUP, S3_RESTORE] : [])];
    // Restore testing and `dr drill` restore with this role; S3 restores need their own policy (EBS and RDS do not).
    const restorePolicies = [RESTORES, ...(props.s3Backups ? [S3_RESTORE] : [])];
    this.backup = new ManagedRole(this, 'Backup', {
      roleName: backupServiceRoleName(props.naming),
      assumedBy: backupPrincipal,
      description: 'AWS Backup takes, copies and restores the recovery points of the DR backup plans',
      awsManagedPolicies: backupPolicies,
    });
    this.restoreTesting = new ManagedRole(this, 'RestoreTesting', {
      roleName: restoreTestingRoleName(props.naming),
      assumedBy: backupPrincipal,
      description:
        'AWS Backup restore testing and dr drill restore recovery points into new resources, then delete them',
      awsManagedPolicies: restorePolicies,
    });
    this.rdsMonitoring = new ManagedRole(this, 'RdsMonitoring', {
      roleName: rdsMonitoringRoleName(props.naming),
      // Confused-deputy conditions where AWS documents that the service sends them: RDS does for the Enhanced
      // Monitoring role's trust policy (OTH-30). AWS documents none for the Backup role's trust or S3 replication's, and
      // a condition a service does not send denies every AssumeRole, so those roles have none (docs/aws.md).
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        ArnLike: {
          'aws:SourceArn': `arn:${Stack.of(this).partition}:rds:*:${Stack.of(this).account}:db:${props.naming.prefix}-*`,
        },
      }),
      description: 'RDS enhanced monitoring publishes OS metrics of the DB instances',
      awsManagedPolicies: [MONITORING],
    });
    const why =
      'the AWS-managed service policy AWS documents for this service role; AWS keeps it current with the service';
    for (const policy of backupPolicies) acknowledge(this.backup.role, 'AwsSolutions-IAM4', why, managedArn(policy));
    for (const policy of restorePolicies)
      acknowledge(this.restoreTesting.role, 'AwsSolutions-IAM4', why, managedArn(policy));
    acknowledge(this.rdsMonitoring.role, 'AwsSolutions-IAM4', why, managedArn(MONITORING));
  }
}

/** How cdk-nag prints an AWS-managed policy in a finding id. */
const managedArn = (name: string) => `Policy::arn:<AWS::Partition>:iam::aws:policy/${name}`;
