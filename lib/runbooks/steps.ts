/**
 * What to do with each mechanism when its failure mode happens, with the identifiers lib/names gives the resources
 * (the same names the constructs and charts build, so the commands name what is deployed). Pure: text only. A step
 * says what happens on its own, how to watch it, and what a person does; figures stay in the posture.
 */
import type { Asset, Catalog } from '../catalog';
import type { MechanismSpec, Mode } from '../model';
import {
  bucketName,
  databaseIdentifier,
  dbSubnetGroupName,
  k8s,
  k8sName,
  LABEL,
  rdbSnapshotPrefix,
  regionSwitchPlanName,
  repositoryName,
  restoreTestingRoleName,
  roleName,
  secretName,
  snapshotBucketName,
  vaultName,
  type NamingContext,
} from '../names';

export interface Step {
  readonly title: string;
  readonly text: string;
  /** Shell commands, one block. */
  readonly commands?: readonly string[];
}

export interface StepContext {
  readonly catalog: Catalog;
  readonly naming: NamingContext;
  /** The entry: an asset, or a service (then `asset` is undefined). */
  readonly id: string;
  readonly asset?: Asset;
  readonly tier: string;
  readonly namespace: string;
}

const primary = (c: StepContext) => c.naming.primaryRegion;
const dr = (c: StepContext) => c.naming.drRegion;
const dbArn = (c: StepContext) =>
  `arn:aws:rds:${primary(c)}:${c.naming.account}:db:${databaseIdentifier(c.naming, c.id)}`;
const restoreRole = (c: StepContext) => `arn:aws:iam::${c.naming.account}:role/${restoreTestingRoleName(c.naming)}`;

/** The ARN AWS Backup knows the asset's resource by (EBS volumes are found by their tag instead). */
function resourceArn(c: StepContext, type: 'RDS' | 'S3' | 'EBS'): string {
  if (type === 'RDS') return dbArn(c);
  if (type === 'S3') return `arn:aws:s3:::${bucketName(c.naming, c.id, 'primary')}`;
  return '"$VOLUME_ARN"';
}

function ebsLookup(c: StepContext): string[] {
  return [
    `# the asset's volumes carry the tag its StorageClass sets`,
    `aws ec2 describe-volumes --region ${primary(c)} --filters Name=tag:dr:asset,Values=${c.id} --query 'Volumes[].VolumeId'`,
    `VOLUME_ARN=arn:aws:ec2:${primary(c)}:${c.naming.account}:volume/<volume id>`,
  ];
}

function rdsFailover(c: StepContext, spec: { id: string }, mode: Mode): Step | undefined {
  if (mode !== 'instance' && mode !== 'az') return undefined;
  const id = databaseIdentifier(c.naming, c.id);
  if (spec.id === 'rds-single-az') {
    return mode === 'instance'
      ? {
          title: 'RDS recovers the Single-AZ instance in its zone',
          text: `Nothing to start: RDS replaces the failed host of \`${id}\`. Wait for \`available\`.`,
          commands: [
            `aws rds describe-db-instances --region ${primary(c)} --db-instance-identifier ${id} --query 'DBInstances[0].DBInstanceStatus'`,
          ],
        }
      : undefined;
  }
  return {
    title: 'RDS fails over to the standby in another zone',
    text:
      `Nothing to start: RDS promotes the standby of \`${id}\` (RDS-8, RDS-9). Watch the events (failover started ` +
      'RDS-EVENT-0013, completed RDS-EVENT-0049, OTH-60) and the zone the primary now runs in; clients reconnect to the ' +
      'same endpoint once its DNS record points at the new primary (a client TTL under 30 s, RDS-10).',
    commands: [
      `aws rds describe-events --region ${primary(c)} --source-type db-instance --source-identifier ${id} --duration 60`,
      `aws rds describe-db-instances --region ${primary(c)} --db-instance-identifier ${id} --query 'DBInstances[0].[DBInstanceStatus,AvailabilityZone,SecondaryAvailabilityZone]'`,
    ],
  };
}

/** Repointing after a restore to a new instance: swap identifiers, so the endpoint clients use stays the same. */
function swapIdentifiers(c: StepContext, region: string): string[] {
  const id = databaseIdentifier(c.naming, c.id);
  return [
    `# keep the damaged instance for the investigation, under another identifier; then give the restored one the endpoint`,
    `aws rds modify-db-instance --region ${region} --db-instance-identifier ${id} --new-db-instance-identifier ${id}-damaged --apply-immediately`,
    `aws rds modify-db-instance --region ${region} --db-instance-identifier ${id}-restored --new-db-instance-identifier ${id} --apply-immediately`,
  ];
}

function rdsPitr(c: StepContext, mode: Mode): Step | undefined {
  if (mode !== 'corruption') return undefined;
  const id = databaseIdentifier(c.naming, c.id);
  return {
    title: 'Restore the database to the moment before the corruption (RDS PITR)',
    text:
      'A point-in-time restore always creates a new instance (RDS-3), in the data subnet group. Pick a time before the ' +
      'first bad write, no later than the latest restorable time.',
    commands: [
      `aws rds describe-db-instances --region ${primary(c)} --db-instance-identifier ${id} --query 'DBInstances[0].LatestRestorableTime'`,
      `aws rds restore-db-instance-to-point-in-time --region ${primary(c)} --source-db-instance-identifier ${id} \\`,
      `  --target-db-instance-identifier ${id}-restored --restore-time <UTC time before the corruption> \\`,
      `  --db-subnet-group-name ${dbSubnetGroupName(c.naming)} --multi-az --deletion-protection`,
      `aws rds wait db-instance-available --region ${primary(c)} --db-instance-identifier ${id}-restored`,
      ...swapIdentifiers(c, primary(c)),
    ],
  };
}

function backupRestore(
  c: StepContext,
  spec: Extract<MechanismSpec, { id: 'backup-continuous' | 'backup-snapshot' }>,
  mode: Mode,
): Step | undefined {
  if (mode !== 'corruption') return undefined;
  const vault = vaultName(c.naming, c.tier);
  const continuous = spec.id === 'backup-continuous';
  const db = spec.resourceType === 'RDS';
  return {
    title: continuous
      ? 'Restore from AWS Backup continuous backup (point in time)'
      : 'Restore the newest AWS Backup recovery point from before the corruption',
    text:
      `Recovery points of \`${c.id}\` are in vault \`${vault}\` (${primary(c)}); a restore creates a new resource ` +
      'and never overwrites the source. The restore-testing role may restore them.' +
      (db ? ' Then swap identifiers so clients keep their endpoint.' : ''),
    commands: [
      ...(spec.resourceType === 'EBS' ? ebsLookup(c) : []),
      `aws backup list-recovery-points-by-resource --region ${primary(c)} --resource-arn ${resourceArn(c, spec.resourceType)} \\`,
      `  --query 'RecoveryPoints[?Status==\`COMPLETED\`].[RecoveryPointArn,CreationDate,BackupVaultName]'`,
      `aws backup get-recovery-point-restore-metadata --region ${primary(c)} --backup-vault-name ${vault} --recovery-point-arn <recovery point ARN>`,
      `aws backup start-restore-job --region ${primary(c)} --recovery-point-arn <recovery point ARN> --iam-role-arn ${restoreRole(c)} \\`,
      `  --metadata file://restore-metadata.json   # the metadata above, with a new name${continuous && db ? ' and RestoreTime before the corruption' : ''}`,
      `aws backup describe-restore-job --region ${primary(c)} --restore-job-id <restore job id>`,
      ...(db
        ? swapIdentifiers(c, primary(c)).map((l) =>
            l.replace(`${databaseIdentifier(c.naming, c.id)}-restored`, '<restored identifier>'),
          )
        : []),
    ],
  };
}

function backupCopy(c: StepContext, spec: Extract<MechanismSpec, { id: 'backup-copy' }>, mode: Mode): Step | undefined {
  if (mode !== 'region') return undefined;
  const vault = vaultName(c.naming, c.tier);
  const needs =
    spec.resourceType === 'RDS'
      ? `A restore there needs the Region's own DB subnet group and parameter group, which this project does not provision in ${dr(c)} (docs/aws.md): create them first and name them in the metadata.`
      : spec.resourceType === 'EBS'
        ? `The volume restores into a zone of ${dr(c)}; a cluster there mounts it.`
        : `A bucket restores under a new name, encrypted with ${dr(c)}'s key.`;
  return {
    title: `Restore the copy in ${dr(c)}`,
    text: `AWS Backup copies each recovery point of \`${c.id}\` to vault \`${vault}\` in ${dr(c)}. ${needs}`,
    commands: [
      ...(spec.resourceType === 'EBS' ? ebsLookup(c) : []),
      `aws backup list-recovery-points-by-backup-vault --region ${dr(c)} --backup-vault-name ${vault} --by-resource-arn ${resourceArn(c, spec.resourceType)}`,
      `aws backup get-recovery-point-restore-metadata --region ${dr(c)} --backup-vault-name ${vault} --recovery-point-arn <copy ARN>`,
      `aws backup start-restore-job --region ${dr(c)} --recovery-point-arn <copy ARN> --iam-role-arn ${restoreRole(c)} --metadata file://restore-metadata.json`,
    ],
  };
}

function rdsReplicatedBackups(c: StepContext, mode: Mode): Step | undefined {
  if (mode !== 'region') return undefined;
  const id = databaseIdentifier(c.naming, c.id);
  return {
    title: `Restore the replicated automated backups in ${dr(c)}`,
    text:
      `RDS replicates the automated backups of \`${id}\` to ${dr(c)} (RDS-13); they survive the source (RDS-16). The ` +
      `restore needs a DB subnet group in ${dr(c)}, which this project does not provision yet (docs/aws.md).`,
    commands: [
      `aws rds describe-db-instance-automated-backups --region ${dr(c)} --db-instance-identifier ${id} \\`,
      `  --query 'DBInstanceAutomatedBackups[0].[DBInstanceAutomatedBackupsArn,RestoreWindow.LatestTime]'`,
      `aws rds restore-db-instance-to-point-in-time --region ${dr(c)} --source-db-instance-automated-backups-arn <ARN above> \\`,
      `  --use-latest-restorable-time --target-db-instance-identifier ${id} --db-subnet-group-name <subnet group in ${dr(c)}> \\`,
      `  --multi-az --deletion-protection`,
    ],
  };
}

/** A cross-Region read replica: what its promotion loses is its lag at that moment (RDS-17, OTH-44). */
function rdsReadReplica(c: StepContext, mode: Mode): Step | undefined {
  if (mode !== 'region') return undefined;
  const id = databaseIdentifier(c.naming, c.id);
  return {
    title: `Read the replica's lag in ${dr(c)} before it is promoted`,
    text:
      `\`${id}\` in ${dr(c)} is a read replica of the primary's: promoting it loses the writes it had not received, its ` +
      'ReplicaLag at that moment (no bound is published, RDS-17; -1 means replication had stopped, OTH-44). Record ' +
      'it with the incident; if the replica is lost or far behind, restoring the replicated backups or DR vault copies ' +
      '(the other steps of this mode) is the fallback.',
    commands: [
      `aws cloudwatch get-metric-statistics --region ${dr(c)} --namespace AWS/RDS --metric-name ReplicaLag \\`,
      `  --dimensions Name=DBInstanceIdentifier,Value=${id} --statistics Maximum --period 60 \\`,
      `  --start-time $(date -u -d '-30 min' +%FT%TZ) --end-time $(date -u +%FT%TZ)`,
    ],
  };
}

function s3Step(c: StepContext, spec: MechanismSpec, mode: Mode): Step | undefined {
  const bucket = bucketName(c.naming, c.id, 'primary');
  const replica = bucketName(c.naming, c.id, 'dr');
  if (spec.id === 's3-versioning' && mode === 'corruption') {
    return {
      title: 'Bring back the last good versions',
      text:
        `Every version of every object of \`${bucket}\` is kept (S3 versioning): copy the last good version over a ` +
        'damaged object, or delete the delete marker of a deleted one. The replica keeps versions too.',
      commands: [
        `aws s3api list-object-versions --bucket ${bucket} --prefix <key or prefix> --query '[Versions,DeleteMarkers]'`,
        `aws s3api copy-object --bucket ${bucket} --key <key> --copy-source '${bucket}/<key>?versionId=<good version id>'`,
        `aws s3api delete-object --bucket ${bucket} --key <key> --version-id <delete marker version id>`,
      ],
    };
  }
  if (spec.id === 's3-replication' && mode === 'region') {
    return {
      title: `Serve from the replica bucket in ${dr(c)}`,
      text:
        `Objects of \`${bucket}\` are replicated to \`${replica}\`${spec.rtc ? ' within the 15 minutes of S3 Replication Time Control (S3-5)' : ''}. ` +
        'Point the clients at the replica; the second deploy phase (`-c failback=true`, docs/aws.md) replicates back.',
      commands: [`aws s3api head-bucket --bucket ${replica} --region ${dr(c)}`],
    };
  }
  return undefined;
}

function redisStep(c: StepContext, spec: MechanismSpec, mode: Mode): Step | undefined {
  const name = k8sName(c.id);
  const pods = `kubectl -n ${c.namespace} get pods -l ${LABEL.asset}=${c.id} -o wide`;
  if (spec.id === 'redis-sentinel' && (mode === 'instance' || mode === 'az')) {
    return {
      title: 'Sentinel promotes a replica',
      text:
        `Nothing to start: the Sentinels of \`${name}\` agree the primary is down and promote a replica; clients ask ` +
        `them for the master \`${name}\`. What the failover loses and how long it takes are not published (REDIS-16, ` +
        'MECH-23): the drill measures it.',
      commands: [
        pods,
        `kubectl -n ${c.namespace} logs statefulset/${name} -c sentinel | grep -E '\\+(odown|switch-master)'`,
      ],
    };
  }
  if (spec.id === 'redis-aof' && mode === 'instance') {
    return {
      title: 'The pod restarts from its append-only file',
      text: `A restarted Redis pod of \`${name}\` replays its AOF (fsync ${spec.fsync}) from its volume.`,
      commands: [pods],
    };
  }
  if (spec.id === 'redis-rdb-shipping' && (mode === 'corruption' || mode === 'region')) {
    const side = mode === 'region' ? 'dr' : 'primary';
    const bucket = snapshotBucketName(c.naming, side);
    const region = mode === 'region' ? dr(c) : primary(c);
    return {
      title: `Load the newest shipped snapshot${mode === 'region' ? ` from ${dr(c)}` : ''}`,
      text:
        `RDB snapshots of \`${name}\` are shipped to \`s3://${bucket}/${rdbSnapshotPrefix(c.id)}\`. Fetch the newest ` +
        `${mode === 'corruption' ? 'from before the corruption' : 'one'} and load it: with the StatefulSet scaled to 0, ` +
        `put it as \`dump.rdb\` on the primary's volume (AOF off for that start), then scale back` +
        `${mode === 'region' ? ` (in a cluster of ${dr(c)})` : ''}. The monthly restore test does the fetch and load in a throw-away Redis.`,
      commands: [
        `aws s3api list-objects-v2 --region ${region} --bucket ${bucket} --prefix ${rdbSnapshotPrefix(c.id)} --query 'sort_by(Contents, &LastModified)[-1].Key'`,
        `aws s3 cp s3://${bucket}/<key> dump.rdb --region ${region}`,
        `kubectl -n ${c.namespace} scale statefulset/${name} --replicas=0`,
      ],
    };
  }
  return undefined;
}

function cacheFlush(c: StepContext, mode: Mode): Step | undefined {
  if (mode !== 'corruption') return undefined;
  const name = k8sName(c.id);
  return {
    title: 'Empty the cache; its clients warm it again',
    text:
      `\`${name}\` keeps nothing on disk (REDIS-18): restarting its pods one by one empties each, and it fills again ` +
      `from ${c.asset?.rebuildFrom ?? 'its source'} as clients read.`,
    commands: [
      `kubectl -n ${c.namespace} rollout restart deployment/${name}`,
      `kubectl -n ${c.namespace} rollout status deployment/${name}`,
    ],
  };
}

function workload(c: StepContext, mode: Mode): Step | undefined {
  const deployment = k8s.deployment(c.id);
  if (mode === 'instance' || mode === 'az') {
    return {
      title: 'Kubernetes keeps the service up on the surviving pods and reschedules the lost ones',
      text:
        `Nothing to start: \`${deployment}\` runs spread over the zones (its HPA minimum and PodDisruptionBudget ` +
        'are the tier’s); a lost node’s pods are evicted after the not-ready toleration and scheduled elsewhere.',
      commands: [
        `kubectl -n ${c.namespace} rollout status deployment/${deployment}`,
        `kubectl -n ${c.namespace} get pods -l ${LABEL.service}=${c.id} -o wide`,
      ],
    };
  }
  if (mode === 'region') {
    return {
      title: `Run the service in ${dr(c)}`,
      text:
        `A cluster in ${dr(c)} runs the manifests of \`dist/k8s/\` with the replicated images ` +
        `(\`${repositoryName(c.naming, c.id)}\` in ${dr(c)}'s registry); the catalog declares whether one exists ` +
        '(environment.drCompute).',
      commands: [
        `aws ecr describe-images --region ${dr(c)} --repository-name ${repositoryName(c.naming, c.id)} --query 'imageDetails[].imageTags'`,
      ],
    };
  }
  return undefined;
}

function secretStep(
  c: StepContext,
  spec: Extract<MechanismSpec, { id: 'secrets-manager' }>,
  mode: Mode,
): Step | undefined {
  const name = secretName(c.naming, c.id);
  if (mode === 'corruption') {
    return {
      title: 'Go back to the previous value',
      text: `Secrets Manager keeps the previous version of \`${name}\` as AWSPREVIOUS; moving AWSCURRENT back reaches the replicas too.`,
      commands: [
        `aws secretsmanager list-secret-version-ids --region ${primary(c)} --secret-id ${name}`,
        `aws secretsmanager update-secret-version-stage --region ${primary(c)} --secret-id ${name} --version-stage AWSCURRENT \\`,
        `  --move-to-version-id <AWSPREVIOUS version id> --remove-from-version-id <AWSCURRENT version id>`,
      ],
    };
  }
  if (mode === 'region' && spec.replicaRegions.length > 0) {
    return {
      title: `Promote the replica in ${spec.replicaRegions.join(', ')}`,
      text: `\`${name}\` has a replica in ${spec.replicaRegions.join(', ')}; promote it to a standalone secret there.`,
      commands: spec.replicaRegions.map(
        (r) => `aws secretsmanager stop-replication-to-replica --region ${r} --secret-id ${name}`,
      ),
    };
  }
  return undefined;
}

const SWITCH_PATH: Record<Extract<MechanismSpec, { id: 'region-switch' }>['path'], string> = {
  redeploy: 'scales its Deployment in the DR cluster',
  restore: 'restores its database into the DR network',
  promote: 'promotes its cross-Region replica',
  start: 'starts its StatefulSet from the newest shipped snapshot',
};

/** The Region switch plan (docs/aws.md, "Failover and failback"): no practice mode, graceful also in an outage. */
function regionSwitch(
  c: StepContext,
  spec: Extract<MechanismSpec, { id: 'region-switch' }>,
  mode: Mode,
): Step | undefined {
  if (mode !== 'region') return undefined;
  const plan = `arn:aws:arc-region-switch::${c.naming.account}:plan/${regionSwitchPlanName(c.naming)}:<id>`;
  return {
    title: `Run the Region switch plan into ${dr(c)}`,
    text:
      `The plan's step \`${spec.serving}\` ${SWITCH_PATH[spec.path]}. Start it from ${dr(c)}, graceful also in an ` +
      'outage (ungraceful skips the custom Lambda steps); there is no practice mode: an execution moves the workload.',
    commands: [
      `aws arc-region-switch start-plan-execution --region ${dr(c)} --plan-arn ${plan} \\`,
      `  --target-region ${dr(c)} --action activate --mode graceful --comment "Region loss: <incident>"`,
      ...spec.steps
        .filter((st) => st.work === 'approval')
        .flatMap((st) => [
          `aws arc-region-switch approve-plan-execution-step --region ${dr(c)} --plan-arn ${plan} \\`,
          `  --execution-id <id> --step-name ${st.name} --approval approve   # as ${roleName(c.naming, 'region-switch-approver')}`,
        ]),
      `aws arc-region-switch get-plan-execution --region ${dr(c)} --plan-arn ${plan} --execution-id <id>`,
    ],
  };
}

/** The steps of one mechanism in one mode, or undefined where it does nothing there. */
export function stepFor(c: StepContext, spec: MechanismSpec, mode: Mode): Step | undefined {
  switch (spec.id) {
    case 'rds-single-az':
    case 'rds-multi-az-instance':
    case 'rds-multi-az-cluster':
      return rdsFailover(c, spec, mode);
    case 'rds-automated-backups':
      return rdsPitr(c, mode);
    case 'rds-backup-replication':
      return rdsReplicatedBackups(c, mode);
    case 'backup-continuous':
    case 'backup-snapshot':
      return backupRestore(c, spec, mode);
    case 'backup-copy':
      return backupCopy(c, spec, mode);
    case 's3-versioning':
    case 's3-replication':
    case 's3-object-lock':
      return s3Step(c, spec, mode);
    case 'redis-rdb':
    case 'redis-aof':
    case 'redis-sentinel':
    case 'redis-rdb-shipping':
      return redisStep(c, spec, mode);
    case 'cache-flush':
      return cacheFlush(c, mode);
    case 'k8s-workload':
      return workload(c, mode);
    case 'secrets-manager':
      return secretStep(c, spec, mode);
    case 'external':
      return spec.unaffected.includes(mode) ? undefined : { title: `Recover in ${spec.provider}`, text: spec.evidence };
    case 'region-switch':
      return regionSwitch(c, spec, mode);
    case 'rds-read-replica':
      return rdsReadReplica(c, mode);
    case 'ecr-replication':
    case 'stateless-redeploy':
      return undefined;
  }
}
