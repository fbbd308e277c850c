/**
 * A restore drill's plan before anything is read: what `--yes` would look up, restore, time and delete, from the
 * catalog and lib/names alone. No credentials and no network: `dr drill ASSET` prints this and stops.
 */
import { humanDuration } from '../../catalog';
import { restoreTestingRoleName, type NamingContext } from '../../names';
import { regionalKeysNotSet, restoreNameFor, type DrillRequest, type DrillSubject } from './plan';

function sourceText(s: DrillSubject): string {
  switch (s.source.type) {
    case 'RDS':
      return `DB instance ${s.source.identifier} (${s.source.arn})`;
    case 'S3':
      return `bucket ${s.source.bucket}`;
    case 'EBS':
      return `the EBS volumes tagged ${s.source.tag.key}=${s.source.tag.value} (found with ec2:DescribeVolumes)`;
  }
}

function lookup(s: DrillSubject, request: DrillRequest): string {
  if (request.recoveryPoint !== 'latest')
    return `${request.recoveryPoint} (checked to be a recovery point of the source: backup:DescribeRecoveryPoint in vault ${s.vault})`;
  return `the newest completed recovery point of the source in ${s.region} (backup:ListRecoveryPointsByResource; the tier's vault there is ${s.vault})`;
}

function restoredText(s: DrillSubject, name: string | undefined): string {
  switch (s.source.type) {
    case 'RDS':
      return `a new DB instance ${name}`;
    case 'S3':
      return `a new bucket ${name}`;
    case 'EBS':
      return 'a new volume in one of the Region’s catalog zones (AWS names it)';
  }
}

export function describeOfflinePlan(
  subject: DrillSubject,
  naming: NamingContext,
  request: DrillRequest,
  now: Date,
): string[] {
  const name = restoreNameFor(naming, subject, now);
  const user = Object.entries(request.metadata ?? {}).map(([k, v]) => `${k}=${v}`);
  const crossRegion = subject.region !== naming.primaryRegion;
  const net = subject.drNetwork;
  // The DR network's names are set by the drill itself (what the user sets by hand wins).
  const fromNetwork = net ? ['DBSubnetGroupName', 'DBParameterGroupName', 'VpcSecurityGroupIds'] : [];
  const kept = crossRegion
    ? regionalKeysNotSet(subject.source.type, [...fromNetwork, ...Object.keys(request.metadata ?? {})])
    : [];
  const role = request.iamRoleArn ?? `arn:aws:iam::${naming.account}:role/${restoreTestingRoleName(naming)}`;
  return [
    `asset        ${subject.asset.id} (${subject.mode} restore in ${subject.region}, RTO ${humanDuration(subject.rtoSeconds)})`,
    `source       ${sourceText(subject)} — read only, never modified`,
    `restore from ${lookup(subject, request)}`,
    `restore into ${restoredText(subject, name)}, with the recovery point's restore metadata (backup:GetRecoveryPointRestoreMetadata); set by hand: ${user.join(', ') || 'nothing'}`,
    ...(net
      ? [
          `DR network   DBSubnetGroupName=${net.dbSubnetGroupName}, DBParameterGroupName=${net.dbParameterGroupName}, VpcSecurityGroupIds=[the id of security group ${net.securityGroupName}] (ec2:DescribeSecurityGroups), from the Recovery stack`,
        ]
      : []),
    ...(kept.length > 0
      ? [
          `warning      a copy restored in ${subject.region} keeps what its metadata names of the source Region (${kept.join(', ')}, where present): AWS Backup fails the restore where those do not exist in ${subject.region}; set them with --metadata KEY=VALUE`,
        ]
      : []),
    `role         ${role}`,
    `time         from the restore job's creation to its completion (backup:DescribeRestoreJob), against the RTO ${humanDuration(subject.rtoSeconds)}`,
    `afterwards   ${request.keep ? 'keep what was restored' : `delete ${restoredText(subject, name).replace(/^a new/, 'the new')}, once checked to be what this restore job created`}`,
  ];
}
