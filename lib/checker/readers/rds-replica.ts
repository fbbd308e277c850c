/**
 * Cross-Region read replicas (MECH-5): `AWS::RDS::DBInstance` with `SourceDBInstanceIdentifier` (docs/artifacts.md).
 * A replica in another Region than its source names it by ARN, with `SourceRegion` (OTH-40); a bare identifier means an
 * instance of the replica's own Region. Its key is the `KmsKeyId` of its own Region (kms-references, DR-KEY-REGION).
 * Its lag is watched by `AWS::CloudWatch::Alarm`s on `AWS/RDS` `ReplicaLag` for its `DBInstanceIdentifier` (OTH-44):
 * one above a threshold (the Region RPO target), one below 0 (replication not active), both treating missing data as
 * breaching — a replica that reports nothing is not replicating either.
 */
import { at } from '../manifest-json';
import { bool, num, props, render, tagsOf } from '../cfn';
import { TAG } from '../../names';
import type { CfnResource, StackArtifact } from '../types';

export interface ReplicaReading {
  readonly stack: StackArtifact;
  readonly logicalId: string;
  /** The `dr:asset` tag. */
  readonly asset: string | undefined;
  readonly identifier: string | null;
  /** `SourceDBInstanceIdentifier` rendered: an ARN for a cross-Region replica. */
  readonly source: string | null;
  /** The source ARN's Region, when it is an RDS DB instance ARN. */
  readonly sourceArnRegion: string | null;
  readonly sourceRegion: string | null;
  /** What protects a replica: its DeletionProtection, not a DeletionPolicy CloudFormation ignores (OTH-41). */
  readonly deletionProtection: boolean;
  /** The threshold of its ReplicaLag alarm (seconds), or null without a complete one. */
  readonly lagAlarmSeconds: number | null;
  /** An alarm for ReplicaLag below 0 (replication not active, OTH-44). */
  readonly stoppedAlarm: boolean;
}

export function isReadReplica(r: CfnResource): boolean {
  return r.Type === 'AWS::RDS::DBInstance' && props(r).SourceDBInstanceIdentifier !== undefined;
}

const DB_ARN = /^arn:[^:]+:rds:([^:]+):\d{12}:db:(.+)$/;

/** Every read replica of the templates, with its alarms (from the stacks of its Region). */
export function readReplicas(stacks: readonly StackArtifact[]): ReplicaReading[] {
  const out: ReplicaReading[] = [];
  for (const stack of stacks) {
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      if (!isReadReplica(r)) continue;
      const p = props(r);
      const identifier = render(p.DBInstanceIdentifier, stack);
      const source = render(p.SourceDBInstanceIdentifier, stack);
      const alarms = identifier === null ? { lag: null, stopped: false } : lagAlarms(stacks, stack.region, identifier);
      out.push({
        stack,
        logicalId,
        asset: tagsOf(r)[TAG.asset],
        identifier,
        source,
        sourceArnRegion: source === null ? null : (DB_ARN.exec(source)?.[1] ?? null),
        sourceRegion: render(p.SourceRegion, stack),
        deletionProtection: bool(p.DeletionProtection) ?? false,
        lagAlarmSeconds: alarms.lag,
        stoppedAlarm: alarms.stopped,
      });
    }
  }
  return out;
}

/** The ReplicaLag alarms of one instance in the stacks of its Region. */
function lagAlarms(
  stacks: readonly StackArtifact[],
  region: string | null,
  identifier: string,
): { lag: number | null; stopped: boolean } {
  let lag: number | null = null;
  let stopped = false;
  for (const stack of stacks.filter((s) => s.region === region)) {
    for (const r of Object.values(stack.resources)) {
      if (r.Type !== 'AWS::CloudWatch::Alarm') continue;
      const p = props(r);
      const dims = Array.isArray(p.Dimensions) ? p.Dimensions : [];
      const onIt = dims.some(
        (d) => at(d, 'Name') === 'DBInstanceIdentifier' && render(at(d, 'Value'), stack) === identifier,
      );
      if (p.Namespace !== 'AWS/RDS' || p.MetricName !== 'ReplicaLag' || !onIt || p.TreatMissingData !== 'breaching')
        continue;
      const threshold = num(p.Threshold);
      if (threshold === undefined) continue;
      if (/^GreaterThan/.test(String(p.ComparisonOperator))) lag = lag === null ? threshold : Math.min(lag, threshold);
      if (p.ComparisonOperator === 'LessThanThreshold' && threshold <= 0) stopped = true;
    }
  }
  return { lag, stopped };
}

/**
 * What keeps a replica from replicating from `sourceArn` in `sourceRegion` (its source's stack Region): a source named
 * otherwise, no SourceRegion or another one. Empty when it replicates from that source.
 */
export function replicaProblems(replica: ReplicaReading): string[] {
  const problems: string[] = [];
  if (replica.source === null) problems.push('SourceDBInstanceIdentifier is not a value the checker can read');
  else if (replica.sourceArnRegion === null)
    problems.push(
      `SourceDBInstanceIdentifier ${replica.source} is not a DB instance ARN: a bare identifier names an instance of the replica's own Region (OTH-40)`,
    );
  else if (replica.sourceArnRegion === replica.stack.region)
    problems.push(`its source ${replica.source} is in its own Region: not a cross-Region replica`);
  else if (replica.sourceRegion !== replica.sourceArnRegion)
    problems.push(
      `SourceRegion ${replica.sourceRegion ?? '(absent)'} is not its source's Region ${replica.sourceArnRegion} (OTH-40)`,
    );
  return problems;
}
