/**
 * `AWS::S3::Bucket` → versioning, replication (with or without RTC) and Object Lock (docs/artifacts.md). Only enabled
 * replication rules count; the join drops replication whose destinations all sit in the source's own Region.
 */
import type { LockMode, MechanismSpec } from '../../model';
import { bool, isRecord, num, props, render } from '../cfn';
import type { CfnResource, StackArtifact } from '../types';

export interface BucketReading {
  readonly bucketName: string | null;
  readonly mechanisms: readonly MechanismSpec[];
  /** Destination bucket ARNs of the enabled replication rules. */
  readonly destinations: readonly string[];
}

const enabled = (v: unknown) => isRecord(v) && v.Status === 'Enabled';

export function readBucket(resource: CfnResource, stack: Pick<StackArtifact, 'region' | 'account'>): BucketReading {
  const p = props(resource);
  const mechanisms: MechanismSpec[] = [];
  if (enabled(p.VersioningConfiguration)) mechanisms.push({ id: 's3-versioning' });
  const rules =
    isRecord(p.ReplicationConfiguration) && Array.isArray(p.ReplicationConfiguration.Rules)
      ? p.ReplicationConfiguration.Rules.filter(isRecord).filter((r) => r.Status === 'Enabled')
      : [];
  const destinations: string[] = [];
  for (const rule of rules) {
    const dest = isRecord(rule.Destination) ? rule.Destination : {};
    const arn = render(dest.Bucket, stack);
    if (arn !== null) destinations.push(arn);
    const time = isRecord(dest.ReplicationTime) ? dest.ReplicationTime : {};
    const rtc = time.Status === 'Enabled';
    mechanisms.push({ id: 's3-replication', rtc, deleteMarkers: enabled(rule.DeleteMarkerReplication) });
  }
  const lock = objectLock(p);
  if (lock) mechanisms.push(lock);
  return { bucketName: render(p.BucketName, stack), mechanisms: weakestReplication(mechanisms), destinations };
}

function objectLock(p: Record<string, unknown>): MechanismSpec | null {
  if (bool(p.ObjectLockEnabled) !== true || !isRecord(p.ObjectLockConfiguration)) return null;
  const rule = p.ObjectLockConfiguration.Rule;
  const retention = isRecord(rule) && isRecord(rule.DefaultRetention) ? rule.DefaultRetention : null;
  if (!retention) return null;
  const mode: LockMode = retention.Mode === 'COMPLIANCE' ? 'compliance' : 'governance';
  const retentionDays = num(retention.Days) ?? (num(retention.Years) ?? 0) * 365;
  return { id: 's3-object-lock', mode, retentionDays };
}

/** Several rules replicate different prefixes; the bucket is as protected as its weakest rule. */
function weakestReplication(specs: MechanismSpec[]): MechanismSpec[] {
  const replications = specs.filter(
    (s): s is Extract<MechanismSpec, { id: 's3-replication' }> => s.id === 's3-replication',
  );
  if (replications.length <= 1) return specs;
  const weakest = {
    id: 's3-replication',
    rtc: replications.every((r) => r.rtc),
    deleteMarkers: replications.every((r) => r.deleteMarkers),
  } as const;
  return [...specs.filter((s) => s.id !== 's3-replication'), weakest];
}
