/**
 * Running a drill against the account. Reads first (the asset's resources, the recovery point, its restore metadata);
 * the only mutating calls are StartRestoreJob and, unless kept, the deletion of what that restore created — checked
 * against the plan before it is deleted (restored.ts).
 */
import {
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  StartRestoreJobCommand,
  type BackupClient,
  type DescribeRestoreJobCommandOutput,
} from '@aws-sdk/client-backup';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import { humanDuration } from '../../catalog';
import { kmsAlias, type NamingContext } from '../../names';
import { errorText } from '../aws/clients';
import { newestOf, securityGroupIds, taggedVolumeIds } from '../../aws';
import { AuditInputError } from '../errors';
import {
  drillMetadata,
  drillRole,
  isSource,
  overridesOf,
  regionBoundKeys,
  requireDrMetadata,
  restoreNameFor,
  type DrillPlan,
  type DrillRequest,
  type DrillSubject,
} from './plan';
import { deleteRestored, type Cleanup } from './restored';

export interface DrillDeps {
  /** Clients of the drill's Region. */
  readonly backup: BackupClient;
  readonly rds: RDSClient;
  readonly s3: S3Client;
  readonly ec2: EC2Client;
  /** EC2 in the primary Region, where the asset's volumes are. */
  readonly sourceEc2: EC2Client;
  now(): Date;
  sleep(ms: number): Promise<void>;
  progress(line: string): void;
}

export interface DrillResult extends Cleanup {
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
}

/** The asset's resources: known from the names (RDS, S3), or found by the tag its StorageClass sets (EBS). */
async function sourceArns(deps: DrillDeps, naming: NamingContext, subject: DrillSubject): Promise<string[]> {
  const { source } = subject;
  if (source.type !== 'EBS') return [source.arn];
  const ids = await taggedVolumeIds(deps.sourceEc2, source.tag);
  const volumes = ids.map((id) => `arn:aws:ec2:${naming.primaryRegion}:${naming.account}:volume/${id}`);
  if (volumes.length === 0) {
    throw new AuditInputError(
      `${subject.asset.id} has no EBS volume tagged ${source.tag.key}=${source.tag.value} in ${naming.primaryRegion}`,
    );
  }
  return volumes;
}

/**
 * An RDS restore in the DR Region's provisioned network: its subnet group and the engine's parameter group by name,
 * and the security group of restored databases by its id, found by name with EC2 (a group's id is AWS's).
 */
async function drNetworkMetadata(ec2: EC2Client, subject: DrillSubject): Promise<Record<string, string>> {
  const net = subject.drNetwork;
  if (!net) return {};
  const ids = await securityGroupIds(ec2, net.securityGroupName);
  if (ids.length === 0) {
    throw new AuditInputError(
      `${subject.asset.id}: no security group named ${net.securityGroupName} in ${subject.region}: deploy the Recovery stack first (docs/aws.md, "The DR Region"), or name one with --metadata VpcSecurityGroupIds=…`,
    );
  }
  return {
    DBSubnetGroupName: net.dbSubnetGroupName,
    DBParameterGroupName: net.dbParameterGroupName,
    VpcSecurityGroupIds: JSON.stringify(ids),
  };
}

/** Reads only: the asset's resources, the recovery point and its restore metadata, then the plan. */
export async function prepareDrill(
  deps: DrillDeps,
  naming: NamingContext,
  subject: DrillSubject,
  request: DrillRequest,
): Promise<DrillPlan> {
  const crossRegion = subject.region !== naming.primaryRegion;
  // The DR network's names where the Recovery stack provisions one; what the user sets by hand wins.
  const user = { ...(await drNetworkMetadata(deps.ec2, subject)), ...(request.metadata ?? {}) };
  // Before reading the recovery point: what the DR Region lacks is known without it.
  if (crossRegion) requireDrMetadata(subject.source.type, subject.region, user);
  const sources = await sourceArns(deps, naming, subject);
  let arn: string;
  let of: string;
  let created: Date | undefined;
  let sourceBytes: number | undefined;
  let vault = subject.vault;
  if (request.recoveryPoint === 'latest') {
    const newest = await newestOf(deps.backup, sources);
    if (!newest) throw new AuditInputError(`${subject.asset.id} has no completed recovery point in ${subject.region}`);
    ({ arn, created } = newest);
    of = newest.resourceArn!;
    sourceBytes = newest.sizeBytes;
    vault = newest.vault ?? vault;
  } else {
    arn = request.recoveryPoint;
    const p = await deps.backup.send(
      new DescribeRecoveryPointCommand({ BackupVaultName: subject.vault, RecoveryPointArn: arn }),
    );
    if (!isSource(subject.source, sources, p.ResourceArn)) {
      throw new AuditInputError(
        `recovery point ${arn} is of ${p.ResourceArn ?? 'an unknown resource'}, not of ${subject.asset.id} (${sources.join(', ')})`,
      );
    }
    of = p.ResourceArn!;
    created = p.CreationDate;
    sourceBytes = p.BackupSizeInBytes;
  }
  const meta = await deps.backup.send(
    new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: vault, RecoveryPointArn: arn }),
  );
  const original = meta.RestoreMetadata ?? {};
  const restoreName = restoreNameFor(naming, subject, deps.now());
  const metadata = drillMetadata(subject.source, original, {
    ...(restoreName ? { name: restoreName } : {}),
    zones: subject.zones,
    user,
    // RDS engines are named as the kinds (postgres, mysql); a continuous point's ARN says so (RDS-39's error quotes one).
    ...(subject.source.type === 'RDS'
      ? { engine: subject.asset.kind, continuous: /:recovery-point:continuous:/.test(arn) }
      : {}),
    // The DR Region's S3 key, by alias ARN: its key ARN is not known here, and the alias is the same account's (S3-14).
    ...(subject.source.type === 'S3' && crossRegion
      ? { encryptionKey: `arn:aws:kms:${subject.region}:${naming.account}:${kmsAlias(naming, 's3')}` }
      : {}),
  });
  // Keys set by hand or by the drill for this Region are trusted; what the recovery point brought from the source is not.
  const set = [...Object.keys(user), ...Object.keys(metadata).filter((k) => original[k] !== metadata[k])];
  const regionBound = crossRegion ? regionBoundKeys(subject.source.type, metadata, naming.primaryRegion, set) : [];
  return {
    ...subject,
    vault,
    sourceArns: sources,
    recoveredArn: of,
    recoveryPointArn: arn,
    ...(created ? { recoveryPointCreated: created } : {}),
    ...(sourceBytes !== undefined ? { sourceBytes } : {}),
    ...(restoreName ? { restoreName } : {}),
    metadata,
    overrides: overridesOf(original, metadata),
    regionBound,
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
/** Consecutive failed polls (each after the SDK's own retries) before the drill stops waiting. */
const MAX_POLL_FAILURES = 5;

export async function executeDrill(deps: DrillDeps, plan: DrillPlan, poll: PollOptions): Promise<DrillResult> {
  const started = deps.now();
  const { RestoreJobId } = await deps.backup.send(
    new StartRestoreJobCommand({
      RecoveryPointArn: plan.recoveryPointArn,
      Metadata: { ...plan.metadata },
      IamRoleArn: plan.iamRoleArn,
      ResourceType: plan.source.type,
    }),
  );
  if (!RestoreJobId) throw new Error('StartRestoreJob returned no RestoreJobId');
  deps.progress(`restore job ${RestoreJobId} started`);
  let pollFailures = 0;
  for (;;) {
    let job: DescribeRestoreJobCommandOutput;
    try {
      job = await deps.backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
      pollFailures = 0;
    } catch (e) {
      // The SDK has retried already; a few more polls ride out a longer outage.
      if (++pollFailures < MAX_POLL_FAILURES) {
        deps.progress(`could not poll (${errorText(e)}): trying again`);
        await deps.sleep(poll.intervalMs);
        continue;
      }
      // The job runs on: report what is known, so it is logged, and delete nothing.
      return {
        outcome: 'failed',
        restoreJobId: RestoreJobId,
        status: `UNKNOWN (could not poll ${MAX_POLL_FAILURES} times running: ${errorText(e)})`,
        elapsedSeconds: Math.max(0, Math.round((deps.now().getTime() - started.getTime()) / 1000)),
        created: started,
        cleanup: 'refused',
        cleanupNote: `restore job ${RestoreJobId} may still be running: delete what it creates by hand`,
      };
    }
    const status = job.Status ?? 'UNKNOWN';
    const created = job.CreationDate ?? started;
    const end = job.CompletionDate ?? deps.now();
    const elapsed = Math.max(0, Math.round((end.getTime() - created.getTime()) / 1000));
    deps.progress(
      `${status}${job.PercentDone ? ` ${job.PercentDone}` : ''} — ${humanDuration(elapsed) || '0s'} elapsed, RTO ${humanDuration(plan.rtoSeconds)}`,
    );
    const timedOut = (deps.now().getTime() - started.getTime()) / 1000 >= poll.timeoutSeconds;
    if (TERMINAL.has(status) || timedOut) {
      // Given up while running: over the RTO only if it already is; otherwise nothing was measured.
      const outcome =
        status === 'COMPLETED'
          ? elapsed <= plan.rtoSeconds
            ? 'within'
            : 'over'
          : !TERMINAL.has(status) && elapsed > plan.rtoSeconds
            ? 'over'
            : 'failed';
      const cleanup: Cleanup = TERMINAL.has(status)
        ? await deleteRestored(deps, plan, job.CreatedResourceArn, created)
        : {
            cleanup: 'refused',
            cleanupNote: `the job is still running: delete what restore job ${RestoreJobId} creates when it ends`,
          };
      return {
        outcome,
        restoreJobId: RestoreJobId,
        status: TERMINAL.has(status)
          ? status
          : `${status} (gave up polling after ${humanDuration(poll.timeoutSeconds)})`,
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
