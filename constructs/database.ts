/**
 * One RDS DB instance per database asset (L2 `DatabaseInstance`). Topology, PITR owner and cross-Region backup
 * replication come from the plan (its cross-Region read replica, from constructs/region-replica.ts); a Multi-AZ DB cluster is modelled but never planned (it can neither replicate
 * backups cross-Region nor copy snapshots, RDS-14/BKP-11), so the plan asking for one is an error here.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { databaseIdentifier, databaseSecretName } from '../lib/names';
import { mechanism } from '../lib/catalog-plan';
import type { KeyRing } from './keys';
import { tagDataStore } from './tags';
import { checkTarget, unsupported, type AssetTargetProps } from './target';

export interface DatabaseProps extends AssetTargetProps {
  readonly vpc: ec2.IVpc;
  /** The DB subnet group (shared by the stack's databases and restore tests). */
  readonly subnetGroup: rds.ISubnetGroup;
  readonly keys: KeyRing;
  /** The DR Region: the master secret's replica and, when planned, the backup replication destination. */
  readonly drRegion: string;
  /**
   * The key in the DR Region for replicated automated backups (RDS needs a key ARN there: a weak cross-Region reference).
   * Required when the plan has `rds-backup-replication`.
   * @default - none
   */
  readonly replicationKey?: kms.IKey;
  /**
   * The secrets key in the DR Region for the master secret's replica: a replica's key "must be in the replica Region"
   * (OTH-10), so it is the Recovery stack's own key, referenced by key ARN (docs/aws.md, "What AWS requires").
   */
  readonly secretReplicaKey: kms.IKey;
  /** The enhanced-monitoring role, shared by every instance of the stack. */
  readonly monitoringRole: iam.IRole;
  /** The instance class (the catalog's `instanceClass`). @default db.t4g.medium (lib/catalog DATABASE_SIZE) */
  readonly instanceType?: ec2.InstanceType;
  /** gp3 storage, 20–65536 GiB (OTH-80; the catalog's `storageGiB`). @default 20 */
  readonly allocatedStorageGiB?: number;
  /** Storage autoscaling ceiling, at least 10% above the storage (OTH-81; `maxStorageGiB`). @default 200 */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * RDS's own daily backup window (UTC), kept clear of the AWS Backup schedule. Only for databases whose PITR RDS owns:
   * under an AWS Backup continuous rule the window is left to AWS Backup (RDS-41), and setting this is an error.
   * @default '01:00-01:30' where RDS owns PITR, none where AWS Backup does
   */
  readonly backupWindow?: string;
  /** @default 'sun:02:00-sun:02:30' */
  readonly maintenanceWindow?: string;
  /**
   * The port clients connect on; it travels in the master secret. Not the engine's well-known port, so scanners
   * looking for 5432/3306 find nothing (AwsSolutions-RDS11, CT.RDS.PR.23).
   * @default 5433 for PostgreSQL, 3307 for MySQL
   */
  readonly port?: number;
  /** @default 'dr_admin' */
  readonly masterUsername?: string;
  /** How often the master password rotates. @default Duration.days(30) */
  readonly rotateEvery?: Duration;
  /** Log retention of the exported database logs. @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
}

const ENGINES = {
  postgres: {
    engine: () => rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
    port: 5433,
    tls: { 'rds.force_ssl': '1' },
    logs: ['postgresql', 'upgrade'],
    rotation: (o: secretsmanager.SingleUserHostedRotationOptions) =>
      secretsmanager.HostedRotation.postgreSqlSingleUser(o),
  },
  mysql: {
    // RDS for MySQL takes a full version (a bare '8.4' fails CloudFormation validation, E9006); minor upgrades stay
    // automatic, so this is the floor the instance is created at.
    engine: () => rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_10 }),
    port: 3307,
    tls: { require_secure_transport: 'ON' },
    logs: ['error', 'slowquery'],
    rotation: (o: secretsmanager.SingleUserHostedRotationOptions) => secretsmanager.HostedRotation.mysqlSingleUser(o),
  },
} as const;

/** Database kinds the construct builds. */
export type DatabaseKind = keyof typeof ENGINES;

export function isDatabaseKind(kind: string): kind is DatabaseKind {
  return kind in ENGINES;
}

/** What an instance of the kind is created with, for the same settings elsewhere (the DR Region's parameter groups). */
export function engineOf(kind: DatabaseKind): {
  readonly engine: rds.IInstanceEngine;
  readonly parameters: Record<string, string>;
  readonly port: number;
  /** The logs an instance exports to CloudWatch Logs. */
  readonly logs: readonly string[];
} {
  const e = ENGINES[kind];
  return { engine: e.engine(), parameters: { ...e.tls }, port: e.port, logs: [...e.logs] };
}

export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;
  /** Whether AWS Backup's continuous rule owns PITR (then the backup plan must select this instance). */
  readonly pitrOwner: 'aws-backup' | 'rds';

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    checkTarget('Database', props, Object.keys(ENGINES));
    const { target, plan, naming } = props;
    const engine = ENGINES[target.kind as keyof typeof ENGINES];

    if (mechanism(plan, 'rds-multi-az-cluster')) {
      throw unsupported(
        'Database',
        target.id,
        'rds-multi-az-cluster',
        'build DB instances; see lib/model/kinds/rds.ts',
      );
    }
    // A cross-Region read replica is built in the DR Region's replica stack (constructs/region-replica.ts).
    const topology = mechanism(plan, 'rds-multi-az-instance') ?? mechanism(plan, 'rds-single-az');
    if (!topology)
      throw new Error(`Database '${target.id}': the plan has neither 'rds-single-az' nor 'rds-multi-az-instance'`);

    // One owner of PITR (BKP-7): AWS Backup's continuous rule, or RDS automated backups; never both, never neither.
    const continuous = mechanism(plan, 'backup-continuous');
    const automated = mechanism(plan, 'rds-automated-backups');
    if (continuous && automated) {
      throw new Error(
        `Database '${target.id}': the plan has both 'backup-continuous' and 'rds-automated-backups'; PITR needs one owner`,
      );
    }
    if (!continuous && !automated) {
      throw new Error(
        `Database '${target.id}': the plan has no PITR owner ('backup-continuous' or 'rds-automated-backups')`,
      );
    }
    this.pitrOwner = continuous ? 'aws-backup' : 'rds';
    // Under a continuous rule RDS refuses any retention but its current one (RDS-39), which AWS Backup sets from the
    // rule: so it is always written, equal to the rule's (absent, CloudFormation's default is 1 day, RDS-4).
    const retentionDays = continuous ? continuous.retentionDays : automated!.retentionDays;
    if (continuous && props.backupWindow !== undefined) {
      throw new Error(
        `Database '${target.id}': \`backupWindow\` '${props.backupWindow}' cannot be set: an AWS Backup continuous rule owns its backups (RDS-40, RDS-41)`,
      );
    }
    // AWS Backup's continuous rule takes the database's backups over (RDS-40); no window of RDS's own is written then.
    const backupWindow = continuous ? undefined : (props.backupWindow ?? '01:00-01:30');

    const identifier = databaseIdentifier(naming, target.id);
    const exported = engine.logs.map((log) => {
      const group = new logs.LogGroup(this, `${log}Log`, {
        logGroupName: `/aws/rds/instance/${identifier}/${log}`,
        encryptionKey: props.keys.key('ops'),
        retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      return group;
    });

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${identifier}: no ingress until a client is allowed explicitly`,
      allowAllOutbound: false,
    });
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      instanceIdentifier: identifier,
      engine: engine.engine(),
      instanceType:
        props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MEDIUM),
      vpc: props.vpc,
      subnetGroup: props.subnetGroup,
      securityGroups: [securityGroup],
      port: props.port ?? engine.port,
      multiAz: topology.id === 'rds-multi-az-instance',
      deletionProtection: topology.deletionProtection,
      removalPolicy: RemovalPolicy.RETAIN,
      backupRetention: Duration.days(retentionDays),
      // Automated backups outlive the instance (RDS-23: the API default deletes them with it).
      deleteAutomatedBackups: false,
      ...(backupWindow ? { preferredBackupWindow: backupWindow } : {}),
      preferredMaintenanceWindow: props.maintenanceWindow ?? 'sun:02:00-sun:02:30',
      copyTagsToSnapshot: true,
      storageEncrypted: true,
      storageEncryptionKey: props.keys.key('rds'),
      allocatedStorage: props.allocatedStorageGiB ?? 20,
      maxAllocatedStorage: props.maxAllocatedStorageGiB ?? 200,
      storageType: rds.StorageType.GP3,
      credentials: rds.Credentials.fromGeneratedSecret(props.masterUsername ?? 'dr_admin', {
        secretName: databaseSecretName(naming, target.id),
        encryptionKey: props.keys.key('secrets'),
        replicaRegions: [{ region: props.drRegion }],
      }),
      parameters: engine.tls,
      iamAuthentication: true,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      cloudwatchLogsExports: [...engine.logs],
      monitoringInterval: Duration.minutes(1),
      monitoringRole: props.monitoringRole,
    });
    const cfn = this.instance.node.defaultChild as rds.CfnDBInstance;
    cfn.overrideLogicalId(`${id}Database`);
    // RDS creates the log groups it exports to unless they exist: these carry our key and retention.
    for (const group of exported) cfn.node.addDependency(group);

    const replication = mechanism(plan, 'rds-backup-replication');
    if (replication) {
      if (!props.replicationKey) {
        throw new Error(
          `Database '${target.id}': the plan has 'rds-backup-replication' but \`replicationKey\` is not set`,
        );
      }
      cfn.automaticBackupReplicationRegion = props.drRegion;
      cfn.automaticBackupReplicationRetentionPeriod = replication.retentionDays;
      cfn.automaticBackupReplicationKmsKeyId = props.replicationKey.keyArn;
    }

    // `instance.secret` is the target attachment (rotate that); the secret itself is the credentials' child.
    this.secret = this.instance.secret!;
    const secretCfn = this.instance.node.findChild('Secret').node.defaultChild as secretsmanager.CfnSecret;
    secretCfn.overrideLogicalId(`${id}DatabaseSecret`);
    secretCfn.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // The replica is encrypted with the DR Region's own secrets key (OTH-10), by key ARN (S3-14, docs/aws.md): the L2
    // would render the primary-Region key, which does not exist there.
    secretCfn.replicaRegions = [{ region: props.drRegion, kmsKeyId: props.secretReplicaKey.keyArn }];
    const rotation = engine.rotation({ vpc: props.vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    this.secret.addRotationSchedule('Rotation', {
      hostedRotation: rotation,
      automaticallyAfter: props.rotateEvery ?? Duration.days(30),
    });
    // The literal port, not the instance's endpoint attribute: checks cannot read a port from a token.
    this.instance.connections.allowFrom(rotation, ec2.Port.tcp(props.port ?? engine.port), 'master password rotation');

    tagDataStore(this, target.id, target.tier);
  }

  get arn(): string {
    return this.instance.instanceArn;
  }
}
