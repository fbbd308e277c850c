/**
 * The AWS side of the app: one stack in the primary Region, one in the DR Region, built from the catalog plan, and
 * shard stacks beside them where the placement (lib/placement) puts assets (constructs/shards.ts). The DR stack
 * deploys first (replication and copy destinations must exist before the rules that name them); the DR → primary S3
 * replication is a second deploy phase behind the `failback` context flag (docs/aws.md). Databases with a cross-Region
 * read replica get it in a third stack of the DR Region, which deploys last: a replica names its source.
 */
import { CrossStackReferences, ReferenceStrength, Stack, Tags, Validations, type App } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Asset, DrCompute } from '../lib/catalog';
import {
  dbSubnetGroupName,
  logicalId,
  replicaStackName,
  restoreTestingRoleName,
  shardStackName,
  snapshotBucketName,
  TAG,
  type NamingContext,
  type Side,
} from '../lib/names';
import { place, TemplateLimits, type Placement } from '../lib/placement';
import {
  mechanism,
  mechanisms,
  registryReplication,
  type CatalogPlan,
  type MechanismSpec,
  type SwitchPlan,
} from '../lib/catalog-plan';
import { AccessLogs } from './access-logs';
import { adoptBucket, adoptDatabase } from './adopt';
import { Alerts } from './alerts';
import { AuditFrameworks } from './audit-frameworks';
import { BackupPlans } from './backup-plans';
import { TierVaults, vaultArn } from './backup-vaults';
import { Database, engineOf, isDatabaseKind } from './database';
import { DnsFailover } from './dns-failover';
import { DrWorkloadsAccess } from './dr-workloads';
import { DrNetwork } from './dr-network';
import { InstanceExperiments } from './experiments';
import { HealthSignals } from './health';
import { ReplicaTemplate, Repositories } from './ecr';
import { KeyRing } from './keys';
import { DataNetwork, importedVpc } from './network';
import { PreDeployBackup } from './pre-deploy-backup';
import { RecoveryPointAlarms } from './recovery-point-alarms';
import { RdbShippingAccess } from './redis-snapshots';
import { ReplicatedBucket, s3Arn, type ReplicationSpec } from './replicated-bucket';
import { ReportsBucket } from './reports-bucket';
import { RestoreTesting } from './restore-testing';
import { AppSecret, ExternalSecretsAccess } from './secrets';
import { ServiceRoles } from './service-roles';
import { Homes, type CoreSide, type Home } from './shards';
import { DrStack } from './stack';
import { CrossRegionReplica, ReplicaLogGroups } from './region-replica';
import { executionRoleName, RegionSwitch } from './region-switch';
import { clusterArn, scalingAccessEntry, StandbyCluster } from './standby-cluster';
import { tagDataStore } from './tags';

/** A resource the team defined, protected as a catalog asset (DrTargets `protect`). */
export type Adopted =
  | { readonly kind: 'database'; readonly instance: rds.IDatabaseInstance }
  | { readonly kind: 'bucket'; readonly bucket: s3.IBucket };

export interface BuildOptions {
  /**
   * Resources of the team's own stacks that implement catalog assets, by asset id: the plan is applied to them
   * (constructs/adopt.ts) instead of building the asset's data store, and the DR layer protects them like its own.
   * @default - none: every asset's data store is built here
   */
  readonly adopted?: ReadonlyMap<string, Adopted>;
}

export interface AwsStacks {
  readonly primary: DrStack;
  readonly dr: DrStack;
  /** The shard stacks the placement uses, both sides. */
  readonly shards: readonly DrStack[];
  /** The DR Region's read replicas (constructs/region-replica.ts), after the primary's stacks; none without one. */
  readonly replicas?: DrStack;
}

/** Context flag of the second deploy phase: add the DR → primary replication rules (docs/aws.md). */
export const FAILBACK_FLAG = 'failback';

/**
 * `placement`: which stack of each side holds each asset's resources (lib/placement `resolvePlacement`, from the
 * placement file beside the catalog). Default: placed afresh, as for a catalog without a placement file.
 */
export function buildAwsApp(
  app: App,
  plan: CatalogPlan,
  placement: Placement = place(plan, new Map()),
  options: BuildOptions = {},
): AwsStacks {
  const { catalog } = plan;
  const adopted = options.adopted ?? new Map<string, Adopted>();
  // The account is resolved once, before planning (lib/catalog withAccount), so both sides name the same resources.
  const naming: NamingContext = catalog.naming;
  const { account } = naming;
  const failback = [true, 'true'].includes(app.node.tryGetContext(FAILBACK_FLAG));
  // Estimates placed the assets; the templates themselves are checked against CloudFormation's limits.
  Validations.of(app).addPlugins(new TemplateLimits());
  const newStack = (s: Side, shard: number): DrStack => {
    const region = s === 'primary' ? naming.primaryRegion : naming.drRegion;
    return new DrStack(app, shardStackName(naming, s, shard), {
      env: { account, region },
      crossRegionReferences: true,
      zones: catalog.environment.availabilityZones[region] ?? [],
      description: `${catalog.company} DR targets (${catalog.file}), ${s === 'primary' ? 'primary' : 'DR'} Region${shard === 0 ? '' : `, shard ${shard}`}`,
    });
  };
  const side = (s: Side): CoreSide => {
    const stack = newStack(s, 0);
    const keys = new KeyRing(stack, 'Keys', { naming });
    return {
      stack,
      assets: new Construct(stack, 'Assets'),
      keys,
      alerts: new Alerts(stack, 'Alerts', { naming, contacts: catalog.contacts, keys }),
      logs: new AccessLogs(stack, 'AccessLogs', { naming, side: s }),
    };
  };
  const dr = side('dr');
  const primary = side('primary');
  primary.stack.addStackDependency(dr.stack, 'replication destinations must exist before the rules that point at them');
  const homes = new Homes({
    naming,
    placement,
    cores: { primary, dr },
    shardStack: newStack,
    adopted: new Map([...adopted].map(([id, a]) => [id, Stack.of(a.kind === 'database' ? a.instance : a.bucket)])),
  });

  const { namespace, clusters } = catalog.environment.kubernetes;
  // The data network serves the databases built here; an app whose databases are all its own has none. The primary's:
  // created (today's VPC), or an existing VPC the catalog names (read, never looked up).
  const builtDatabases = catalog.assets.some(
    (a) => (a.kind === 'postgres' || a.kind === 'mysql') && !adopted.has(a.id),
  );
  const primaryNetwork = catalog.environment.networks.primary;
  const network = builtDatabases
    ? {
        vpc:
          primaryNetwork.kind === 'create'
            ? new DataNetwork(primary.stack, 'Network', { naming, keys: primary.keys }).vpc
            : importedVpc(primary.stack, 'Network', primaryNetwork),
      }
    : undefined;
  // The DR Region's network, where the Region switch plan and `dr drill` restore and the standby cluster runs.
  const drNetworkSpec = catalog.environment.networks.dr;
  const compute = catalog.environment.drCompute;
  const drNetwork = drNetworkSpec
    ? new DrNetwork(dr.stack, 'Network', {
        naming,
        keys: dr.keys,
        network: drNetworkSpec,
        engines: catalog.assets.map((a) => a.kind).filter(isDatabaseKind),
        ...(compute?.kind === 'pilot-light' && compute.cluster === 'create' ? { cluster: { natGateways: 1 } } : {}),
      })
    : undefined;
  const roles = new ServiceRoles(primary.stack, 'ServiceRoles', {
    naming,
    s3Backups: [...plan.assets.values()].some((p) =>
      [...mechanisms(p, 'backup-snapshot'), ...mechanisms(p, 'backup-continuous')].some((m) => m.resourceType === 'S3'),
    ),
  });
  const subnetGroup = network
    ? new rds.SubnetGroup(primary.stack, 'DbSubnetGroup', {
        vpc: network.vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        subnetGroupName: dbSubnetGroupName(naming),
        description: 'Isolated subnets of the DR-managed databases',
      })
    : undefined;
  const resources = new Map<string, string>();
  const databases = new Map<string, Database>();
  // Secrets of this stack; those of shards are admitted by name (ExternalSecretsAccess `sharded`).
  const secrets: secretsmanager.ISecret[] = [];
  let shardedSecrets = false;
  const readable = (home: Home, secret: secretsmanager.ISecret) => {
    if (home.shard === 0) secrets.push(secret);
    else shardedSecrets = true;
  };

  for (const target of catalog.assets) {
    const p = plan.assets.get(target.id)!;
    const common = { target, plan: p, naming };
    const own = adopted.get(target.id);
    if (own) {
      const arn =
        own.kind === 'database'
          ? adoptDatabase(own.instance, { ...common, replicationKey: dr.keys.key('rds') })
          : adoptedObjectStore(target, own.bucket, { plan, naming, homes, failback, dr });
      if (arn) resources.set(target.id, arn);
      continue;
    }
    switch (target.kind) {
      case 'postgres':
      case 'mysql': {
        const home = homes.of(target.id, 'primary');
        const db = new Database(home.assets, logicalId(target.id), {
          ...common,
          vpc: network!.vpc,
          subnetGroup: subnetGroup!,
          keys: home.keys,
          drRegion: naming.drRegion,
          ...(mechanism(p, 'rds-backup-replication') ? { replicationKey: dr.keys.key('rds') } : {}),
          secretReplicaKey: dr.keys.key('secrets'),
          monitoringRole: roles.rdsMonitoring.immutable,
          ...databaseSize(target),
        });
        databases.set(target.id, db);
        resources.set(target.id, db.arn);
        // The master secret stays out of the cluster: External Secrets never reads it (ExternalSecretsAccess).
        break;
      }
      case 'object-store':
        resources.set(target.id, objectStore(target, p.mechanisms, { plan, naming, homes, failback }));
        break;
      case 'secret': {
        const home = homes.of(target.id, 'primary');
        // A replica's key must be in its Region (OTH-10): the Recovery stack creates it; other Regions have no stack.
        const replicaKey = (region: string) => (region === naming.drRegion ? dr.keys.key('secrets') : undefined);
        const secret = new AppSecret(home.assets, logicalId(target.id), { ...common, keys: home.keys, replicaKey });
        readable(home, secret.secret);
        break;
      }
      default:
        // redis: built below (shipping bucket); redis-cache and git have nothing in AWS.
        break;
    }
  }
  redisShipping(plan, { plan, naming, homes, failback, primary, dr, namespace, cluster: clusters.primary });
  const replicas = readReplicas(app, plan, { naming, homes, dr, network: drNetwork, databases });

  const vaults = new TierVaults(primary.stack, 'Vaults', { catalog, naming, key: primary.keys.key('backup') });
  const copied = new Set(
    catalog.assets.filter((a) => mechanisms(plan.assets.get(a.id)!, 'backup-copy').length > 0).map((a) => a.tier),
  );
  if (copied.size > 0) {
    const drVaults = new TierVaults(dr.stack, 'Vaults', { catalog, naming, key: dr.keys.key('backup') });
    for (const tier of copied) drVaults.vault(tier);
  }
  // Selections and alarms of an asset go to the stack of its resources.
  const stackOf = homes.stackOf('primary');
  // Adopted resources are named by the team, not by lib/names: restore tests (which restore into this app's subnet
  // group) and the recovery-point-age function (which finds resources by name) serve the assets built here only; an
  // imported resource, which has no ARN here, is in no selection.
  const named = withoutAssets(plan, new Set(adopted.keys()));
  const backupPlans = new BackupPlans(primary.stack, 'BackupPlans', {
    plan: withoutAssets(plan, new Set([...adopted.keys()].filter((id) => !resources.has(id)))),
    naming,
    vaults,
    resources,
    role: roles.backup.immutable,
    stackOf,
  });
  new RestoreTesting(primary.stack, 'RestoreTesting', {
    plan: named,
    naming,
    vaults,
    resources,
    role: roles.restoreTesting.immutable,
    dbSubnetGroupName: dbSubnetGroupName(naming),
    stackOf,
  });
  new AuditFrameworks(primary.stack, 'AuditFrameworks', { plan, naming });
  const repositories = new Repositories(primary.stack, 'Repositories', { plan, naming, keys: primary.keys });
  // Replicated repositories are created from a template in their own Region, with a key there (ECR-2, ECR-3).
  for (const region of repositories.replication ? registryReplication(plan)!.regions : []) {
    if (region !== naming.drRegion)
      throw new Error(`ECR replication to '${region}': no stack of this app is in that Region to hold its template`);
    new ReplicaTemplate(dr.stack, 'EcrReplicaTemplate', { naming, keys: dr.keys });
  }
  if (secrets.length > 0 || shardedSecrets) {
    new ExternalSecretsAccess(primary.stack, 'ExternalSecrets', {
      naming,
      secrets,
      keys: primary.keys,
      cluster: clusters.primary,
      ...(shardedSecrets ? { sharded: true } : {}),
    });
  }
  for (const target of catalog.assets.filter((a) => a.preDeploySnapshot)) {
    const db = databases.get(target.id);
    if (!db)
      throw new Error(`asset '${target.id}': \`preDeploySnapshot\` needs a database asset, got kind '${target.kind}'`);
    const home = homes.of(target.id, 'primary');
    new PreDeployBackup(home.assets, `${logicalId(target.id)}PreDeployBackup`, {
      target,
      naming,
      databaseArn: db.arn,
      storageKey: home.keys.key('rds'),
      vaultArn: vaultArn(home.stack, naming, naming.primaryRegion, target.tier),
      cluster: clusters.primary,
      namespace,
    });
    vaults.vault(target.tier);
  }

  // Recovery-point age per asset, alarmed at what the plan's configuration achieves.
  new RecoveryPointAlarms(primary.stack, 'RecoveryPointAlarms', {
    plan: named,
    naming,
    topic: primary.alerts.topic,
    logEncryptionKey: primary.keys.key('ops'),
    stackOf,
  });
  if (adopted.size > 0) {
    // The team's stacks read these by Fn::GetStackOutput whatever their app's default: no export pins the DR layer's
    // stacks, and the checker follows the reference (docs/artifacts.md).
    for (const producer of [...backupPlans.plans, roles.backup.role, dr.keys.key('rds'), dr.keys.key('s3')])
      CrossStackReferences.of(producer).produce(ReferenceStrength.WEAK);
  }
  if (plan.regionSwitch && drNetwork && compute?.kind === 'pilot-light') {
    pilotLight(plan, plan.regionSwitch, { naming, primary, dr, network: drNetwork, compute });
  }

  // Health signals and their RTO alarms (issue 17), with the bucket of canary artifacts and experiment reports.
  const reports = new ReportsBucket(primary.stack, 'DrReports', {
    naming,
    keys: primary.keys,
    accessLogs: primary.logs.bucket,
  });
  const health = new HealthSignals(primary.stack, 'Health', {
    catalog,
    naming,
    topic: primary.alerts.topic,
    keys: primary.keys,
    reports,
  });
  // The fault-injection experiments (issue 17), reported into the same bucket: the instance mode of the Multi-AZ
  // databases built here (forced failovers, stopped by an alarm on the database's unavailability for longer than its
  // instance RTO), the instance mode of the services and Redis assets (a pod deleted, stopped by the RTO alarm) and the
  // AZ mode per zone of the primary Region (stopped when a service is past its RTO).
  new InstanceExperiments(primary.stack, 'Experiments', {
    plan: named,
    naming,
    reports,
    reportsKey: primary.keys.key('ops'),
    built: new Set(databases.keys()),
    stackOf,
    zones: { rtoAlarms: health.alarms, ...(network ? { dataVpc: network.vpc } : {}) },
    pods: { rtoAlarms: health.alarms },
  });
  return { primary: primary.stack, dr: dr.stack, shards: homes.stacks(), ...(replicas ? { replicas } : {}) };
}

/**
 * The cross-Region read replicas the plan has (asset `regionStrategy`), in their own stack of the DR Region: it deploys
 * after each source's stack (a replica names its source, OTH-40) and after the Recovery stack (its network and key).
 */
function readReplicas(
  app: App,
  plan: CatalogPlan,
  s: {
    readonly naming: NamingContext;
    readonly homes: Homes;
    readonly dr: CoreSide;
    readonly network: DrNetwork | undefined;
    readonly databases: ReadonlyMap<string, Database>;
  },
): DrStack | undefined {
  const { catalog } = plan;
  const wanted = catalog.assets.filter(
    (a) => s.databases.has(a.id) && mechanism(plan.assets.get(a.id)!, 'rds-read-replica'),
  );
  if (wanted.length === 0) return undefined;
  if (!s.network) {
    throw new Error(
      `asset '${wanted[0]!.id}': a cross-Region read replica needs the DR network (environment.network.${s.naming.drRegion}, or drCompute: pilot-light)`,
    );
  }
  const stack = new DrStack(app, replicaStackName(s.naming), {
    env: { account: s.naming.account, region: s.naming.drRegion },
    crossRegionReferences: true,
    zones: catalog.environment.availabilityZones[s.naming.drRegion] ?? [],
    description: `${catalog.company} DR targets (${catalog.file}), DR Region read replicas`,
  });
  stack.addStackDependency(s.dr.stack, 'the replicas run in the DR network and use its keys');
  const scope = new Construct(stack, 'Assets');
  for (const target of wanted) {
    const source = s.homes.of(target.id, 'primary').stack;
    stack.addStackDependency(source, `${target.id}: a read replica names its source, which must exist first`);
    new CrossRegionReplica(scope, logicalId(target.id), {
      target,
      plan: plan.assets.get(target.id)!,
      naming: s.naming,
      securityGroupId: s.network.databaseSecurityGroup.securityGroupId,
    });
    // Its log groups in the asset's DR-side stack, beside that stack's key: it deploys before this one.
    const drHome = s.homes.of(target.id, 'dr');
    if (drHome.stack !== s.dr.stack) stack.addStackDependency(drHome.stack, `${target.id}: its log groups`);
    new ReplicaLogGroups(drHome.assets, `${logicalId(target.id)}ReplicaLogs`, {
      target,
      plan: plan.assets.get(target.id)!,
      naming: s.naming,
      key: drHome.keys.key('ops'),
    });
  }
  return stack;
}

/** The plan without some assets: for the parts of the DR layer that serve only the assets it names itself. */
function withoutAssets(plan: CatalogPlan, ids: ReadonlySet<string>): CatalogPlan {
  if (ids.size === 0) return plan;
  return {
    ...plan,
    catalog: { ...plan.catalog, assets: plan.catalog.assets.filter((a) => !ids.has(a.id)) },
    assets: new Map([...plan.assets].filter(([id]) => !ids.has(id))),
  };
}

/** A team's bucket as an object store: the plan applied to it, and its DR twin when the plan replicates it. */
function adoptedObjectStore(
  target: Asset,
  bucket: s3.IBucket,
  s: Sides & { readonly dr: CoreSide },
): string | undefined {
  const p = s.plan.assets.get(target.id)!;
  const arn = adoptBucket(bucket, { target, plan: p, naming: s.naming, replicaKey: s.dr.keys.key('s3') });
  const replication = mechanism(p, 's3-replication');
  if (arn && replication) {
    const home = s.homes.of(target.id, 'dr');
    const twin = new ReplicatedBucket(home.assets, logicalId(target.id), {
      naming: s.naming,
      id: target.id,
      side: 'dr',
      keys: home.keys,
      alerts: home.alerts,
      accessLogs: home.accessLogs,
      noncurrentRetentionDays: target.retentionDays,
      // No replication alarms (their dimensions name the source, which the team names) and no failback rule (it
      // would write into the team's bucket): docs/aws.md, "Adopted resources".
      posture: { entry: target, plan: p },
    });
    tagDataStore(twin.bucket, target.id, target.tier);
    // The rule names its destination, which must exist first.
    Stack.of(bucket).addStackDependency(
      home.stack,
      `${target.id}: the replica must exist before the rule that points at it`,
    );
  }
  return arn;
}

/** The catalog's size of a database asset, as Database props (`db.` dropped: CDK renders it back). */
function databaseSize(target: Asset) {
  const size = target.database;
  if (!size) return {};
  return {
    instanceType: new ec2.InstanceType(size.instanceClass.replace(/^db\./, '')),
    allocatedStorageGiB: size.storageGiB,
    maxAllocatedStorageGiB: size.maxStorageGiB,
  };
}

/**
 * The pilot light (docs/aws.md, "The DR Region"): the standby cluster, Route 53 failover of the entry point, and the
 * Region switch plan with its roles, custom steps and access entries — the primary cluster's in the primary stack.
 */
function pilotLight(
  plan: CatalogPlan,
  switchPlan: SwitchPlan,
  s: {
    readonly naming: NamingContext;
    readonly primary: CoreSide;
    readonly dr: CoreSide;
    readonly network: DrNetwork;
    readonly compute: Extract<DrCompute, { kind: 'pilot-light' }>;
  },
): void {
  const { catalog } = plan;
  const { naming, network } = s;
  const { namespace, clusters } = catalog.environment.kubernetes;
  const standby = new StandbyCluster(s.dr.stack, 'StandbyCluster', {
    naming,
    keys: s.dr.keys,
    compute: s.compute,
    vpc: network.vpc,
    subnets: network.computeSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  // The standby cluster's pods reach the databases the plan restores (their ports are in the master secrets).
  if (standby.clusterSecurityGroupId) {
    for (const kind of new Set(catalog.assets.map((a) => a.kind).filter(isDatabaseKind))) {
      network.databaseSecurityGroup.addIngressRule(
        ec2.Peer.securityGroupId(standby.clusterSecurityGroupId),
        ec2.Port.tcp(engineOf(kind).port),
        `${kind} clients in the standby cluster`,
      );
    }
  }
  // The DR site's pods read the secrets' replicas and the shipped snapshots of their Region.
  new DrWorkloadsAccess(s.dr.stack, 'DrWorkloads', {
    naming,
    keys: s.dr.keys,
    cluster: standby.clusterName,
    namespace,
    secrets: catalog.assets.some((a) => a.kind === 'secret'),
    seeded: catalog.assets.filter((a) => mechanism(plan.assets.get(a.id)!, 'redis-rdb-shipping')?.replication),
    ...(standby.cluster ? { after: standby.cluster } : {}),
  });
  if (catalog.environment.dns) {
    new DnsFailover(s.dr.stack, 'DnsFailover', {
      dns: catalog.environment.dns,
      primaryRegion: naming.primaryRegion,
      drRegion: naming.drRegion,
    });
  }
  const primaryCluster = {
    name: clusters.primary,
    arn: clusterArn(s.primary.stack, naming.primaryRegion, clusters.primary),
  };
  new RegionSwitch(s.dr.stack, 'RegionSwitch', {
    plan,
    switchPlan,
    naming,
    keys: s.dr.keys,
    accessLogs: s.dr.logs.bucket,
    clusters: {
      primary: primaryCluster,
      dr: {
        name: standby.clusterName,
        arn: standby.clusterArn,
        ref: standby.ref,
        ...(standby.cluster ? { resource: standby.cluster } : {}),
      },
    },
    namespace,
    vpc: network.vpc,
    functionSubnets: network.computeSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    databaseSecurityGroup: network.databaseSecurityGroup,
    ...(standby.clusterSecurityGroupId ? { clusterSecurityGroupId: standby.clusterSecurityGroupId } : {}),
    restoreRoleArn: `arn:aws:iam::${naming.account}:role/${restoreTestingRoleName(naming)}`,
  });
  // The primary cluster is not this app's: its access entry for the plan's role is, in its Region (a prerequisite of
  // docs/aws.md: the cluster's authentication mode admits access entries, EKS-5).
  scalingAccessEntry(s.primary.stack, 'RegionSwitchAccessEntry', {
    clusterName: clusters.primary,
    principalArn: `arn:aws:iam::${naming.account}:role/${executionRoleName(naming)}`,
    namespace,
    policy: 'AmazonARCRegionSwitchScalingPolicy',
  });
}

interface Sides {
  readonly plan: CatalogPlan;
  readonly naming: NamingContext;
  readonly homes: Homes;
  readonly failback: boolean;
}

/** An object store: the primary bucket, and its DR twin when the plan replicates it. Returns the primary bucket's ARN. */
function objectStore(target: Asset, specs: readonly MechanismSpec[], s: Sides): string {
  const replication = specs.find((m): m is Extract<typeof m, { id: 's3-replication' }> => m.id === 's3-replication');
  const lock = specs.find((m): m is Extract<typeof m, { id: 's3-object-lock' }> => m.id === 's3-object-lock');
  const spec: ReplicationSpec | undefined = replication
    ? { rtc: replication.rtc, deleteMarkers: replication.deleteMarkers }
    : undefined;
  const build = (
    where: Home,
    replicateTo: ReplicationSpec | undefined,
    replicatedFrom: ReplicationSpec | undefined,
    twinKey?: kms.IKey,
  ) => {
    const bucket = new ReplicatedBucket(where.assets, logicalId(target.id), {
      naming: s.naming,
      id: target.id,
      side: where.side,
      keys: where.keys,
      ...(twinKey ? { twinKey } : {}),
      alerts: where.alerts,
      accessLogs: where.accessLogs,
      noncurrentRetentionDays: target.retentionDays,
      ...(replicateTo ? { replicateTo } : {}),
      ...(replicatedFrom ? { replicatedFrom } : {}),
      ...(lock ? { objectLock: { mode: lock.mode, retentionDays: lock.retentionDays } } : {}),
      posture: { entry: target, plan: s.plan.assets.get(target.id)! },
    });
    tagDataStore(bucket.bucket, target.id, target.tier);
    return bucket;
  };
  const primary = s.homes.of(target.id, 'primary');
  // Primary → DR names the replica key by key ARN (S3-14); the failback rule keeps the alias ARN (ReplicatedBucket).
  let twinKey: kms.IKey | undefined;
  if (spec) {
    const dr = s.homes.of(target.id, 'dr');
    twinKey = dr.keys.key('s3');
    build(dr, s.failback ? spec : undefined, spec);
    // The side stacks already depend so (buildAwsApp); a shard on either side must too.
    if (primary.shard !== 0 || dr.shard !== 0)
      primary.stack.addStackDependency(
        dr.stack,
        `${target.id}: the replica must exist before the rule that points at it`,
      );
  }
  return build(primary, spec, s.failback ? spec : undefined, twinKey).bucket.bucketArn;
}

/** The snapshot bucket pair and the jobs' role, for Redis assets whose plan ships RDB snapshots. */
function redisShipping(
  plan: CatalogPlan,
  s: Sides & {
    readonly primary: CoreSide;
    readonly dr: CoreSide;
    readonly namespace: string;
    readonly cluster: string;
  },
): void {
  const shipping = plan.catalog.assets.filter((a) => mechanism(plan.assets.get(a.id)!, 'redis-rdb-shipping'));
  if (shipping.length === 0) return;
  const replicated = shipping.map((a) => mechanism(plan.assets.get(a.id)!, 'redis-rdb-shipping')!.replication);
  // One bucket serves every shipping asset: it replicates if any asset needs it, with RTC if any asks for RTC.
  const spec: ReplicationSpec | undefined = replicated.some((r) => r !== null)
    ? { rtc: replicated.some((r) => r?.rtc), deleteMarkers: true }
    : undefined;
  const retention = Math.max(...shipping.map((a) => a.retentionDays));
  const tier = plan.catalog.tiers.find((t) => shipping.some((a) => a.tier === t.id))!.id;
  const build = (
    where: CoreSide,
    sd: Side,
    replicateTo: ReplicationSpec | undefined,
    replicatedFrom: ReplicationSpec | undefined,
  ) => {
    const bucket = new ReplicatedBucket(where.stack, 'RedisSnapshots', {
      naming: s.naming,
      id: 'redis-snapshots',
      side: sd,
      keys: where.keys,
      // Primary → DR by key ARN (S3-14); the failback rule keeps the alias ARN (ReplicatedBucket `twinKey`).
      ...(sd === 'primary' && replicateTo ? { twinKey: s.dr.keys.key('s3') } : {}),
      alerts: where.alerts,
      accessLogs: where.logs.bucket,
      // Each shipping run writes a new dated key: snapshots older than the retention expire, like any backup's.
      currentRetentionDays: retention,
      noncurrentRetentionDays: retention,
      posture: { entry: shipping[0]!, plan: plan.assets.get(shipping[0]!.id)! },
      ...(replicateTo ? { replicateTo } : {}),
      ...(replicatedFrom ? { replicatedFrom } : {}),
    });
    // docs/artifacts.md: the snapshot bucket is tagged dr:asset=redis-snapshots and dr:role=redis-snapshots.
    tagDataStore(bucket.bucket, 'redis-snapshots', tier);
    Tags.of(bucket.bucket).add(TAG.role, 'redis-snapshots');
    return bucket;
  };
  if (spec) build(s.dr, 'dr', s.failback ? spec : undefined, spec);
  build(s.primary, 'primary', spec, s.failback ? spec : undefined);
  for (const target of shipping) {
    const home = s.homes.of(target.id, 'primary');
    new RdbShippingAccess(home.assets, `${logicalId(target.id)}RdbShipping`, {
      target,
      naming: s.naming,
      bucketArn: s3Arn(home.stack, snapshotBucketName(s.naming, 'primary')),
      keys: home.keys,
      cluster: s.cluster,
      namespace: s.namespace,
    });
  }
}
