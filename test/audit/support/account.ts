/**
 * A healthy Lomash Wood account behind aws-sdk-client-mock: every audited asset protected, fresh, locked, replicated.
 * Tests then break one thing. Import ./aws-env first.
 */
import {
  BackupClient,
  DescribeBackupVaultCommand,
  ListBackupJobsCommand,
  ListCopyJobsCommand,
  ListProtectedResourcesCommand,
  ListRecoveryPointsByResourceCommand,
  ListRestoreJobsByProtectedResourceCommand,
} from '@aws-sdk/client-backup';
import { DescribeRegistryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DescribeDBInstanceAutomatedBackupsCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../../lib/audit/aws/clients';
import type { AuditTarget } from '../../../lib/audit/types';

export const NOW = new Date('2026-11-28T12:00:00Z');
export const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

export function awsError(name: string, status: number, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

export function resourceArnOf(t: AuditTarget): string {
  return t.match.by === 'arn' ? t.match.arn : 'arn:aws:ec2:eu-west-2:111111111111:volume/vol-0redis';
}

/** Clients per Region; aws-sdk-client-mock answers for every instance of the class. */
export function clients(): AwsClients {
  return {
    backup: (region) => new BackupClient({ region }),
    rds: (region) => new RDSClient({ region }),
    ecr: (region) => new ECRClient({ region }),
  };
}

/** The registry replication the Lomash Wood templates write (constructs/ecr.ts). */
export const LOMASH_REPLICATION = {
  rules: [
    {
      destinations: [{ region: 'eu-west-1', registryId: '111111111111' }],
      repositoryFilters: [{ filter: 'lomash-wood/', filterType: 'PREFIX_MATCH' as const }],
    },
  ],
};

/** STS answering who the caller is (the commands' preflight): the Lomash Wood account's auditor, unless told otherwise. */
export function callerIs(account = '111111111111') {
  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).resolves({
    Account: account,
    Arn: `arn:aws:sts::${account}:assumed-role/dr-auditor/test`,
    UserId: 'AROAFAKE:test',
  });
  return sts;
}

export function healthyAccount(targets: readonly AuditTarget[]) {
  const sts = callerIs();
  const backup = mockClient(BackupClient);
  const rds = mockClient(RDSClient);
  const ecr = mockClient(ECRClient);
  ecr
    .on(DescribeRegistryCommand)
    .resolves({ registryId: '111111111111', replicationConfiguration: LOMASH_REPLICATION });
  backup.on(ListProtectedResourcesCommand).resolves({
    Results: targets.map((t) => ({
      ResourceArn: resourceArnOf(t),
      ResourceType: t.resourceType,
      LastBackupVaultArn: `arn:aws:backup:eu-west-2:111111111111:backup-vault:${t.vault}`,
    })),
  });
  const vaultOf = new Map(targets.map((t) => [resourceArnOf(t), t.vault]));
  backup.on(ListRecoveryPointsByResourceCommand).callsFake((input: { ResourceArn: string }) => ({
    RecoveryPoints: [
      {
        RecoveryPointArn: `${input.ResourceArn}/rp-newest`,
        CreationDate: ago(3600),
        Status: 'COMPLETED',
        BackupSizeBytes: 1000,
        BackupVaultName: vaultOf.get(input.ResourceArn) ?? 'lomash-wood-tier-1',
      },
    ],
  }));
  backup
    .on(ListBackupJobsCommand)
    .resolves({ BackupJobs: [{ BackupJobId: 'job-ok', State: 'COMPLETED', CreationDate: ago(3600) }] });
  backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [] });
  backup.on(DescribeBackupVaultCommand).callsFake((input: { BackupVaultName: string }) => ({
    BackupVaultName: input.BackupVaultName,
    Locked: true,
    LockDate: ago(86400 * 30),
    MinRetentionDays: 1,
    MaxRetentionDays: 400,
  }));
  backup.on(ListRestoreJobsByProtectedResourceCommand).resolves({ RestoreJobs: [] });
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ LatestRestorableTime: ago(120) }] });
  rds.on(DescribeDBInstanceAutomatedBackupsCommand).resolves({
    DBInstanceAutomatedBackups: targets
      .filter((t) => t.databaseIdentifier)
      .map((t) => ({ DBInstanceIdentifier: t.databaseIdentifier, RestoreWindow: { LatestTime: ago(600) } })),
  });
  return { backup, rds, ecr, sts };
}

/** A healthy account for each test of the enclosing describe block, restored after it: call the getter in a test. */
export function healthyAccountPerTest(targets: readonly AuditTarget[]): () => ReturnType<typeof healthyAccount> {
  let account: ReturnType<typeof healthyAccount> | undefined;
  beforeEach(() => {
    account = healthyAccount(targets);
  });
  afterEach(() => {
    account!.backup.restore();
    account!.rds.restore();
    account!.ecr.restore();
    account!.sts.restore();
  });
  return () => account!;
}
