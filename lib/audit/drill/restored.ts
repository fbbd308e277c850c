/**
 * After a drill: deleting what the restore created, and nothing else. Each resource type checks that the resource the
 * restore job reports is the one the plan expected — named as planned (RDS, S3), or a new, unattached volume that is
 * not one of the asset's (EBS) — before the one delete it may make.
 */
import { DeleteDBInstanceCommand, type RDSClient } from '@aws-sdk/client-rds';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { errorText } from '../aws/clients';
import { deleteVolume, volumeState, bucketOf, rdsIdentifierOf, volumeIdOf } from '../../aws';
import { isSource, type DrillPlan } from './plan';

export interface CleanupClients {
  readonly rds: RDSClient;
  readonly s3: S3Client;
  readonly ec2: EC2Client;
  progress(line: string): void;
}

export interface Cleanup {
  /** What happened to the restored resource. */
  readonly cleanup: 'deleted' | 'kept' | 'nothing-created' | 'refused' | 'failed';
  readonly cleanupNote?: string;
}

/** Clock difference tolerated between the restore job's start and the volume's creation time, both AWS's clocks. */
const CLOCK_SLACK_MS = 60_000;

/**
 * Deletes the resource a finished restore job created, after checking it is the one the plan named. `jobCreated` is
 * when AWS Backup created the job: a volume older than that was not made by it.
 */
export async function deleteRestored(
  deps: CleanupClients,
  plan: DrillPlan,
  createdArn: string | undefined,
  jobCreated: Date,
): Promise<Cleanup> {
  if (!createdArn) return { cleanup: 'nothing-created' };
  if (plan.keep) return { cleanup: 'kept', cleanupNote: `${createdArn} kept (--keep)` };
  const refuse = (why: string): Cleanup => ({
    cleanup: 'refused',
    cleanupNote: `the restore created ${createdArn}${why}: not deleted, check it by hand`,
  });
  if (isSource(plan.source, plan.sourceArns, createdArn)) return refuse(", one of the asset's own resources");
  try {
    switch (plan.source.type) {
      case 'RDS': {
        const id = rdsIdentifierOf(createdArn);
        if (!id || id !== plan.restoreName) return refuse(`, not ${plan.restoreName}`);
        await deps.rds.send(
          new DeleteDBInstanceCommand({
            DBInstanceIdentifier: id,
            SkipFinalSnapshot: true,
            DeleteAutomatedBackups: true,
          }),
        );
        break;
      }
      case 'S3': {
        const bucket = bucketOf(createdArn);
        if (!bucket || bucket !== plan.restoreName) return refuse(`, not ${plan.restoreName}`);
        const objects = await emptyBucket(deps.s3, bucket);
        await deps.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
        deps.progress(`emptied ${bucket} (${objects} object versions and delete markers)`);
        break;
      }
      case 'EBS': {
        const id = volumeIdOf(createdArn);
        if (!id) return refuse(', which is not an EBS volume');
        const state = await volumeState(deps.ec2, id);
        if (!state) return refuse(', which EC2 does not know');
        if (state.attached || state.state !== 'available')
          return refuse(`, which is ${state.attached ? 'attached' : (state.state ?? 'in an unknown state')}`);
        if (!state.created || state.created.getTime() < jobCreated.getTime() - CLOCK_SLACK_MS)
          return refuse(', which is older than the restore job');
        await deleteVolume(deps.ec2, id);
        break;
      }
    }
  } catch (e) {
    return { cleanup: 'failed', cleanupNote: `deleting ${createdArn} failed (${errorText(e)}): delete it by hand` };
  }
  deps.progress(`deleted ${createdArn}`);
  return { cleanup: 'deleted' };
}

/**
 * Deletes every object version and delete marker of a bucket, a page (at most 1,000) at a time. ListObjectVersions has
 * no SDK paginator: it continues from a key and version-id marker pair.
 */
async function emptyBucket(client: S3Client, bucket: string): Promise<number> {
  let deleted = 0;
  let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, ...marker }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((o) => o.Key !== undefined)
      .map((o) => ({ Key: o.Key!, ...(o.VersionId ? { VersionId: o.VersionId } : {}) }));
    if (objects.length > 0) {
      const out = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
      );
      if (out.Errors?.length) {
        const first = out.Errors[0]!;
        throw new Error(
          `${out.Errors.length} objects not deleted, first ${first.Key}: ${first.Code ?? ''} ${first.Message ?? ''}`.trim(),
        );
      }
      deleted += objects.length;
    }
    if (!page.IsTruncated) return deleted;
    marker = {
      ...(page.NextKeyMarker ? { KeyMarker: page.NextKeyMarker } : {}),
      ...(page.NextVersionIdMarker ? { VersionIdMarker: page.NextVersionIdMarker } : {}),
    };
    if (!marker.KeyMarker) throw new Error(`ListObjectVersions of ${bucket} was truncated without a next marker`);
  }
}
