/**
 * Running a drill against the account. Reads first (recovery point, restore metadata); the only mutating calls are
 * StartRestoreJob and, unless kept, DeleteDBInstance on the instance the restore created — checked against the
 * identifier the plan chose before it is deleted.
 */
import {
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  StartRestoreJobCommand,
  type BackupClient,
} from '@aws-sdk/client-backup';
import { DeleteDBInstanceCommand, type RDSClient } from '@aws-sdk/client-rds';
import { humanDuration } from '../../catalog';
import type { NamingContext } from '../../names';
import { newestRecoveryPoint } from '../aws/reads';
import { AuditInputError } from '../errors';
import { drillMetadata, drillRole, rdsIdentifierOf, restoreIdentifierFor, type DrillPlan, type DrillRequest, type DrillSubject } from './plan';

export interface DrillDeps {
  readonly backup: BackupClient;
  readonly rds: RDSClient;
  now(): Date;
  sleep(ms: number): Promise<void>;
  progress(line: string): void;
}

export interface DrillResult {
  /** `completed` within or over RTO, or why it could not run. */
  readonly outcome: 'within' | 'over' | 'failed';
  readonly restoreJobId: string;
  readonly status: string;
  readonly message?: string;
  readonly elapsedSeconds: number;
  readonly createdResourceArn?: string;
  readonly restoredBytes?: number;
  readonly created: Date;
  readonly completed?: Date;
  /** What happened to the restored instance. */
  readonly cleanup: 'deleted' | 'kept' | 'nothing-created' | 'refused';
  readonly cleanupNote?: string;
}

/** Reads only: the recovery point and its restore metadata, then the plan. */
export async function prepareDrill(deps: DrillDeps, naming: NamingContext, subject: DrillSubject, request: DrillRequest): Promise<DrillPlan> {
  let arn: string;
  let created: Date | undefined;
  let sourceBytes: number | undefined;
  let vault = subject.vault;
  if (request.recoveryPoint === 'latest') {
    const newest = await newestRecoveryPoint(deps.backup, subject.sourceArn);
    if (!newest) throw new AuditInputError(`${subject.asset.id} has no completed recovery point in ${subject.region}`);
    ({ arn, created } = newest);
    sourceBytes = newest.sizeBytes;
    vault = newest.vault ?? vault;
  } else {
    arn = request.recoveryPoint;
    const p = await deps.backup.send(new DescribeRecoveryPointCommand({ BackupVaultName: subject.vault, RecoveryPointArn: arn }));
    if (rdsIdentifierOf(p.ResourceArn) !== subject.sourceIdentifier) {
      throw new AuditInputError(`recovery point ${arn} is of ${p.ResourceArn ?? 'an unknown resource'}, not of ${subject.sourceIdentifier}`);
    }
    created = p.CreationDate;
    sourceBytes = p.BackupSizeInBytes;
  }
  const meta = await deps.backup.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: vault, RecoveryPointArn: arn }));
  const restoreIdentifier = restoreIdentifierFor(naming, subject, deps.now());
  return {
    ...subject,
    vault,
    recoveryPointArn: arn,
    ...(created ? { recoveryPointCreated: created } : {}),
    ...(sourceBytes !== undefined ? { sourceBytes } : {}),
    restoreIdentifier,
    metadata: drillMetadata(meta.RestoreMetadata ?? {}, subject.sourceIdentifier, restoreIdentifier),
    iamRoleArn: drillRole(naming, arn, request.iamRoleArn),
    keep: request.keep,
  };
}

export interface PollOptions {
  readonly intervalMs: number;
  /** Give up polling after this long; the job is then reported over its RTO and left as it is. */
  readonly timeoutSeconds: number;
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'ABORTED']);

export async function executeDrill(deps: DrillDeps, plan: DrillPlan, poll: PollOptions): Promise<DrillResult> {
  const started = deps.now();
  const { RestoreJobId } = await deps.backup.send(
    new StartRestoreJobCommand({
      RecoveryPointArn: plan.recoveryPointArn,
      Metadata: { ...plan.metadata },
      IamRoleArn: plan.iamRoleArn,
      ResourceType: 'RDS',
    }),
  );
  if (!RestoreJobId) throw new Error('StartRestoreJob returned no RestoreJobId');
  deps.progress(`restore job ${RestoreJobId} started`);
  for (;;) {
    const job = await deps.backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    const status = job.Status ?? 'UNKNOWN';
    const created = job.CreationDate ?? started;
    const end = job.CompletionDate ?? deps.now();
    const elapsed = Math.max(0, Math.round((end.getTime() - created.getTime()) / 1000));
    deps.progress(`${status}${job.PercentDone ? ` ${job.PercentDone}` : ''} — ${humanDuration(elapsed) || '0s'} elapsed, RTO ${humanDuration(plan.rtoSeconds)}`);
    const timedOut = (deps.now().getTime() - started.getTime()) / 1000 >= poll.timeoutSeconds;
    if (TERMINAL.has(status) || timedOut) {
      const outcome = status === 'COMPLETED' ? (elapsed <= plan.rtoSeconds ? 'within' : 'over') : timedOut && !TERMINAL.has(status) ? 'over' : 'failed';
      const cleanup = await cleanUp(deps, plan, job.CreatedResourceArn, TERMINAL.has(status));
      return {
        outcome,
        restoreJobId: RestoreJobId,
        status: TERMINAL.has(status) ? status : `${status} (gave up polling after ${humanDuration(poll.timeoutSeconds)})`,
        ...(job.StatusMessage ? { message: job.StatusMessage } : {}),
        elapsedSeconds: elapsed,
        ...(job.CreatedResourceArn ? { createdResourceArn: job.CreatedResourceArn } : {}),
        ...(job.BackupSizeInBytes !== undefined ? { restoredBytes: job.BackupSizeInBytes } : {}),
        created,
        ...(job.CompletionDate ? { completed: job.CompletionDate } : {}),
        ...cleanup,
      };
    }
    await deps.sleep(poll.intervalMs);
  }
}

/** Deletes the restored instance, and only after checking it is the one the plan named (never the source). */
async function cleanUp(
  deps: DrillDeps,
  plan: DrillPlan,
  createdArn: string | undefined,
  finished: boolean,
): Promise<Pick<DrillResult, 'cleanup' | 'cleanupNote'>> {
  if (!finished) return { cleanup: 'refused', cleanupNote: `the job is still running: delete ${plan.restoreIdentifier} when it ends` };
  if (!createdArn) return { cleanup: 'nothing-created' };
  if (plan.keep) return { cleanup: 'kept', cleanupNote: `${createdArn} kept (--keep)` };
  const id = rdsIdentifierOf(createdArn);
  if (id !== plan.restoreIdentifier || id === plan.sourceIdentifier) {
    return { cleanup: 'refused', cleanupNote: `the restore created ${createdArn}, not ${plan.restoreIdentifier}: not deleted, check it by hand` };
  }
  await deps.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }));
  deps.progress(`deleted ${createdArn}`);
  return { cleanup: 'deleted' };
}
