/**
 * Read-only SDK calls, each paginated to the end (an account may hold 10,000 recovery points for one resource: only
 * the newest is kept, so memory stays flat). The recovery-point-age function bundles this file too.
 */
import {
  DescribeBackupVaultCommand,
  DescribeRecoveryPointCommand,
  paginateListBackupJobs,
  paginateListCopyJobs,
  paginateListProtectedResources,
  paginateListRecoveryPointsByResource,
  paginateListRestoreJobsByProtectedResource,
  type BackupClient,
} from '@aws-sdk/client-backup';
import {
  DescribeDBInstancesCommand,
  paginateDescribeDBInstanceAutomatedBackups,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { ProtectedResourceLite } from './arns';
import type { JobRecord, RecoveryPoint, RestoreRecord, VaultState } from './types';

/** Recovery points a restore can use. */
const USABLE = new Set(['COMPLETED', 'AVAILABLE']);

export async function listProtectedResources(client: BackupClient): Promise<ProtectedResourceLite[]> {
  const out: ProtectedResourceLite[] = [];
  for await (const page of paginateListProtectedResources({ client }, {})) {
    for (const r of page.Results ?? []) {
      if (!r.ResourceArn) continue;
      out.push({
        arn: r.ResourceArn,
        ...(r.ResourceType ? { type: r.ResourceType } : {}),
        ...(r.LastBackupVaultArn ? { lastBackupVaultArn: r.LastBackupVaultArn } : {}),
      });
    }
  }
  return out;
}

/** The newest usable recovery point of a resource in the client's Region (in one vault, if named), or null. */
export async function newestRecoveryPoint(
  client: BackupClient,
  resourceArn: string,
  vault?: string,
): Promise<RecoveryPoint | null> {
  let newest: RecoveryPoint | null = null;
  for await (const page of paginateListRecoveryPointsByResource({ client }, { ResourceArn: resourceArn })) {
    for (const p of page.RecoveryPoints ?? []) {
      if (!p.RecoveryPointArn || !p.CreationDate || !USABLE.has(p.Status ?? '')) continue;
      if (vault !== undefined && p.BackupVaultName !== vault) continue;
      if (newest && newest.created >= p.CreationDate) continue;
      newest = {
        arn: p.RecoveryPointArn,
        resourceArn,
        created: p.CreationDate,
        status: p.Status!,
        ...(p.BackupVaultName ? { vault: p.BackupVaultName } : {}),
        ...(p.BackupSizeBytes !== undefined ? { sizeBytes: p.BackupSizeBytes } : {}),
      };
    }
  }
  return newest;
}

/** The newest of several resources' recovery points (an asset on several volumes is as fresh as its freshest). */
export async function newestOf(
  client: BackupClient,
  resourceArns: readonly string[],
  vault?: string,
): Promise<RecoveryPoint | null> {
  let newest: RecoveryPoint | null = null;
  for (const arn of resourceArns) {
    const p = await newestRecoveryPoint(client, arn, vault);
    if (p && (!newest || p.created > newest.created)) newest = p;
  }
  return newest;
}

export async function backupJobs(client: BackupClient, resourceArn: string, since: Date): Promise<JobRecord[]> {
  const out: JobRecord[] = [];
  for await (const page of paginateListBackupJobs({ client }, { ByResourceArn: resourceArn, ByCreatedAfter: since })) {
    for (const j of page.BackupJobs ?? []) {
      if (j.BackupJobId && j.State && j.CreationDate) {
        out.push({
          id: j.BackupJobId,
          state: j.State,
          created: j.CreationDate,
          ...(j.StatusMessage ? { message: j.StatusMessage } : {}),
        });
      }
    }
  }
  return out;
}

export async function copyJobs(client: BackupClient, resourceArn: string, since: Date): Promise<JobRecord[]> {
  const out: JobRecord[] = [];
  for await (const page of paginateListCopyJobs({ client }, { ByResourceArn: resourceArn, ByCreatedAfter: since })) {
    for (const j of page.CopyJobs ?? []) {
      if (j.CopyJobId && j.State && j.CreationDate) {
        out.push({
          id: j.CopyJobId,
          state: j.State,
          created: j.CreationDate,
          ...(j.StatusMessage ? { message: j.StatusMessage } : {}),
        });
      }
    }
  }
  return out;
}

export async function vaultState(client: BackupClient, name: string): Promise<VaultState> {
  const v = await client.send(new DescribeBackupVaultCommand({ BackupVaultName: name }));
  return {
    locked: v.Locked === true,
    ...(v.LockDate ? { lockDate: v.LockDate } : {}),
    ...(v.MinRetentionDays !== undefined ? { minRetentionDays: v.MinRetentionDays } : {}),
    ...(v.MaxRetentionDays !== undefined ? { maxRetentionDays: v.MaxRetentionDays } : {}),
  };
}

/** Restore jobs of a resource, with the size of the recovery point each completed one restored from. */
export async function restoreJobs(
  client: BackupClient,
  region: string,
  resourceArn: string,
  since: Date,
): Promise<RestoreRecord[]> {
  const out: (RestoreRecord & { vaultArn?: string })[] = [];
  for await (const page of paginateListRestoreJobsByProtectedResource({ client }, { ResourceArn: resourceArn })) {
    for (const j of page.RestoreJobs ?? []) {
      if (!j.RestoreJobId || !j.Status || !j.CreationDate || j.CreationDate < since) continue;
      out.push({
        id: j.RestoreJobId,
        region,
        status: j.Status,
        created: j.CreationDate,
        ...(j.CompletionDate ? { completed: j.CompletionDate } : {}),
        ...(j.RecoveryPointArn ? { recoveryPointArn: j.RecoveryPointArn } : {}),
        ...(j.BackupSizeInBytes !== undefined ? { restoredBytes: j.BackupSizeInBytes } : {}),
        ...(j.BackupVaultArn ? { vaultArn: j.BackupVaultArn } : {}),
        ...(j.CreatedBy?.RestoreTestingPlanArn ? { restoreTestingPlanArn: j.CreatedBy.RestoreTestingPlanArn } : {}),
        ...(j.ValidationStatus ? { validationStatus: j.ValidationStatus } : {}),
      });
    }
  }
  // One at a time: a window of restore tests would otherwise send a burst of DescribeRecoveryPoint calls.
  const records: RestoreRecord[] = [];
  for (const r of out) records.push(await withSourceSize(client, r));
  return records;
}

/**
 * A completed restore with the size of the point it restored. That point may have expired since (retention is often
 * shorter than the evidence window): the restore then keeps its duration but no source size, so it is no evidence.
 */
async function withSourceSize(client: BackupClient, r: RestoreRecord & { vaultArn?: string }): Promise<RestoreRecord> {
  const { vaultArn, ...record } = r;
  const vault = vaultArn?.split(':backup-vault:')[1];
  if (r.status !== 'COMPLETED' || !vault || !r.recoveryPointArn) return record;
  try {
    const p = await client.send(
      new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: r.recoveryPointArn }),
    );
    return p.BackupSizeInBytes !== undefined ? { ...record, sourceBytes: p.BackupSizeInBytes } : record;
  } catch (e) {
    if ((e as Error).name === 'ResourceNotFoundException') return record;
    throw e;
  }
}

/** RDS LatestRestorableTime of an instance: how fresh its continuous backup is (RDS-2, BKP-7). */
export async function latestRestorableTime(client: RDSClient, identifier: string): Promise<Date | null> {
  const out = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
  return out.DBInstances?.[0]?.LatestRestorableTime ?? null;
}

/** The latest restorable time of an instance's automated backups replicated into the client's Region (MECH-4). */
export async function replicatedBackupTime(client: RDSClient, identifier: string): Promise<Date | null> {
  let latest: Date | null = null;
  for await (const page of paginateDescribeDBInstanceAutomatedBackups({ client }, {})) {
    for (const b of page.DBInstanceAutomatedBackups ?? []) {
      const t = b.RestoreWindow?.LatestTime;
      if (b.DBInstanceIdentifier === identifier && t && (!latest || t > latest)) latest = t;
    }
  }
  return latest;
}
