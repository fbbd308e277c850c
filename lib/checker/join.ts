/**
 * The join: artifacts → mechanism groups per catalog entry, by `dr:asset` tags and `dr/*` labels. A group is one
 * implementing resource with everything that protects it (a DB instance and the backup rules selecting it; a Redis
 * with its config, Sentinel, shipping and volume backups; a Deployment with its HPA and image replication). Which
 * resource types can implement a kind is a property of the kind; what a group achieves is read off the artifact only.
 */
import { type Asset, type Catalog, contextFor } from '../catalog';
import { repositoryName } from '../names';
import type { AssetKind, BackupResourceType, MechanismSpec } from '../model';
import {
  backupMechanisms,
  backupTypeOf,
  bucketNameOf,
  labelsOf,
  rdsMechanisms,
  type AwsReading,
  type CandidateSource,
  type DataStore,
} from './read-aws';
import { finding, type Finding } from './findings';
import type { K8sReading, VolumeClass } from './read-kubernetes';
import type { Candidate } from './readers/backup-selection';
import { ecrReplicationFor } from './readers/ecr-replication';
import { takeoverFindings } from './rds-takeover';
import { readRedisConf } from './readers/redis-conf';
import { replicaProblems } from './readers/rds-replica';
import { readSentinel } from './readers/sentinel';
import { readSecret } from './readers/secret';
import { describeWhere, type Where } from './types';

export interface Group {
  readonly where: readonly Where[];
  readonly mechanisms: readonly MechanismSpec[];
}

/** The CloudFormation types that hold an asset of each kind; Kubernetes-held kinds have none. */
export const IMPLEMENTED_BY: Readonly<Record<AssetKind, readonly string[]>> = {
  postgres: ['AWS::RDS::DBInstance'],
  mysql: ['AWS::RDS::DBInstance'],
  'object-store': ['AWS::S3::Bucket'],
  secret: ['AWS::SecretsManager::Secret'],
  redis: [],
  'redis-cache': [],
  git: [],
};

/** JSON with keys in a fixed order, so two specs with the same settings compare equal however they were built. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return typeof value === 'number' && !Number.isFinite(value) ? JSON.stringify(String(value)) : JSON.stringify(value);
}

/** Same specs once, in a fixed order, so the same artifacts give the same bytes. */
export function normalize(specs: readonly MechanismSpec[]): MechanismSpec[] {
  const byKey = new Map(specs.map((s) => [canonical(s), s] as const));
  return [...byKey].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
}

interface JoinContext {
  readonly catalog: Catalog;
  readonly aws: AwsReading;
  readonly k8s: K8sReading;
  readonly findings: Finding[];
  /** Per entry: the Region switch plan's path for it (readers/region-switch.ts); none without a plan. */
  readonly regionSwitch?: ReadonlyMap<string, MechanismSpec>;
  /** Per secret asset: the Regions whose DR-site SecretStore reads its replica in place. */
  readonly secretReads?: ReadonlyMap<string, readonly string[]>;
}

/** The entry's groups with the Region switch plan's path for it added to each (it recovers the entry, not a group). */
function withSwitch(id: string, groups: Group[], ctx: JoinContext): Group[] {
  const spec = ctx.regionSwitch?.get(id);
  return spec ? groups.map((g) => ({ ...g, mechanisms: normalize([...g.mechanisms, spec]) })) : groups;
}

function bucketByName(aws: AwsReading, name: string): DataStore | undefined {
  return aws.index.bucketByName.get(name);
}

/** Replication counts only to a bucket in another Region (or one the templates do not hold). */
function crossRegion(store: DataStore, aws: AwsReading): boolean {
  const destinations = store.bucket?.destinations ?? [];
  if (destinations.length === 0) return true;
  return destinations.some((arn) => {
    const dest = bucketByName(aws, bucketNameOf(arn));
    return !dest || dest.stack.region === null || dest.stack.region !== store.stack.region;
  });
}

function awsGroup(store: DataStore, ctx: JoinContext): Group {
  const { aws } = ctx;
  const source = { stack: store.stack.name, region: store.stack.region };
  // A replica whose key is not one of its Region's is not made (DR-KEY-REGION): it does not count.
  const keyProblems = aws.keyProblems.get(`${store.where.stack}/${store.where.logicalId}`) ?? [];
  const badKey = (serves: string) => keyProblems.some((p) => p.serves === serves);
  if (store.rds) {
    const backups = backupMechanisms(store.candidate, { ...source, resourceType: 'RDS' }, aws.index.selections);
    const own = rdsMechanisms(store.rds, backups.continuous).filter(
      (m) => m.id !== 'rds-backup-replication' || !badKey('rds-backup-replica'),
    );
    if (backups.continuous) ctx.findings.push(...takeoverFindings(store, store.rds, backups.specs));
    // The instance's own retention travels with the continuous rule that manages it: conflicting settings read as the
    // weaker one (a retention of 0 under a continuous rule turns the backups off).
    const instanceRetentionDays = store.rds.automatedBackups.retentionDays;
    const specs = backups.specs.map((s) => (s.id === 'backup-continuous' ? { ...s, instanceRetentionDays } : s));
    const replicas = replicasOf(store, ctx);
    return {
      where: [store.where, ...replicas.map((r) => r.where)],
      mechanisms: normalize([...own, ...specs, ...replicas.map((r) => r.spec)]),
    };
  }
  if (store.bucket) {
    const backups = backupMechanisms(store.candidate, { ...source, resourceType: 'S3' }, aws.index.selections);
    const own =
      crossRegion(store, aws) && !badKey('s3-replica')
        ? store.bucket.mechanisms
        : store.bucket.mechanisms.filter((m) => m.id !== 's3-replication');
    return { where: [store.where], mechanisms: normalize([...own, ...backups.specs]) };
  }
  const secret = readSecret(store.resource);
  const lost = new Set(keyProblems.filter((p) => p.serves === 'secret-replica').map((p) => p.region));
  const asset = labelsOf(store).asset;
  const reads = (asset !== undefined ? ctx.secretReads?.get(asset) : undefined) ?? [];
  return {
    where: [store.where],
    mechanisms: [
      {
        ...secret,
        replicaRegions: secret.replicaRegions.filter((r) => !lost.has(r)),
        ...(reads.length > 0 ? { readInPlace: [...reads] } : {}),
      },
    ],
  };
}

/**
 * The cross-Region read replicas of a source instance (readers/rds-replica.ts): named by its ARN, in another Region,
 * with SourceRegion its Region (OTH-40) and a key of their own Region (DR-KEY-REGION). Their lag alarm is the spec's;
 * a replica without both alarms is read as unwatched (null), and DR-REPLICA says so.
 */
function replicasOf(store: DataStore, ctx: JoinContext): { where: Where; spec: MechanismSpec }[] {
  return ctx.aws.replicas
    .filter(
      (r) =>
        r.source === store.candidate.arn &&
        r.stack.region !== store.stack.region &&
        replicaProblems(r).length === 0 &&
        !(ctx.aws.keyProblems.get(`${r.stack.name}/${r.logicalId}`) ?? []).some((p) => p.serves === 'rds-read-replica'),
    )
    .map((r) => ({
      where: { stack: r.stack.name, file: r.stack.file, logicalId: r.logicalId, type: 'AWS::RDS::DBInstance' },
      spec: { id: 'rds-read-replica', lagAlarmSeconds: r.stoppedAlarm ? r.lagAlarmSeconds : null },
    }));
}

function redisGroup(asset: Asset, ctx: JoinContext): Group | null {
  const parts = ctx.k8s.redis.get(asset.id);
  const classes = ctx.k8s.volumeClasses.get(asset.id) ?? [];
  if (!parts && classes.length === 0) return null;
  const env = ctx.catalog.environment;
  const specs: MechanismSpec[] = [];
  const where: Where[] = [];
  const conf = parts?.config?.conf;
  if (parts?.config) {
    where.push(parts.config.where);
    specs.push(...(conf!.aof ? [conf!.aof] : []), conf!.rdb);
    for (const p of conf!.problems)
      ctx.findings.push(
        finding('unreadable', {
          entry: asset.id,
          where: describeWhere(parts.config.where),
          message: `redis.conf ${p}`,
          fix: 'write the directive as Redis 7 documents it',
        }),
      );
  }
  if (parts?.sentinelConf && parts.statefulSet) {
    where.push(parts.sentinelConf.where);
    const zones = contextFor(ctx.catalog, asset.tier).zones;
    specs.push(readSentinel(parts.statefulSet, parts.sentinelConf.text, conf ?? readRedisConf(''), zones));
  }
  for (const job of parts?.shipping ?? []) {
    where.push(job.where);
    const r = job.reading;
    for (const p of r.problems)
      ctx.findings.push(
        finding('unreadable', { entry: asset.id, where: describeWhere(job.where), message: p, fix: ARTIFACT_SHIPPING }),
      );
    if (r.intervalSeconds === null || r.deadlineSeconds === null || r.bucket === null) continue;
    const bucket = bucketByName(ctx.aws, r.bucket);
    if (!bucket) {
      ctx.findings.push(
        finding('unreadable', {
          entry: asset.id,
          where: describeWhere(job.where),
          message: `SNAPSHOT_BUCKET ${r.bucket} is not a bucket of the templates: its replication is unknown`,
          fix: ARTIFACT_SHIPPING,
        }),
      );
    }
    const replication = bucket?.bucket?.mechanisms.find((m) => m.id === 's3-replication');
    const replicated =
      bucket && replication && replication.id === 's3-replication' && crossRegion(bucket, ctx.aws)
        ? { rtc: replication.rtc }
        : null;
    specs.push({
      id: 'redis-rdb-shipping',
      intervalSeconds: r.intervalSeconds,
      deadlineSeconds: r.deadlineSeconds,
      replication: replicated,
    });
  }
  for (const c of classes) {
    where.push(c.where);
    specs.push(
      ...backupMechanisms(
        volumeCandidate(c, ctx.catalog),
        { stack: null, region: env.primaryRegion, resourceType: 'EBS' },
        ctx.aws.index.selections,
      ).specs,
    );
  }
  return { where: [...new Map(where.map((w) => [JSON.stringify(w), w])).values()], mechanisms: normalize(specs) };
}

const ARTIFACT_SHIPPING =
  'give the rdb-shipping CronJob a schedule, activeDeadlineSeconds and a SNAPSHOT_BUCKET defined in the templates';

/** The data stores that implement an asset: tagged with its id, of a type its kind uses, not a copy in the DR Region. */
export function implementingStores(asset: Asset, ctx: Pick<JoinContext, 'catalog' | 'aws'>): DataStore[] {
  const types = IMPLEMENTED_BY[asset.kind];
  const replicas = ctx.aws.index.replicaBuckets;
  // Copies in the DR Region (replication destinations, replica buckets) protect the asset; they do not implement it.
  const drRegion = ctx.catalog.environment.drRegion;
  // The stores tagged with the asset's id and no dr:role, from the index.
  return (ctx.aws.index.storesByAsset.get(asset.id) ?? []).filter((s) => {
    const replica =
      (s.bucket?.bucketName !== null && replicas.has(s.bucket?.bucketName ?? '')) || s.stack.region === drRegion;
    return types.includes(s.resource.Type) && !replica;
  });
}

/** The EBS volumes a StorageClass creates, as a backup selection sees them (tags from its tagSpecification_N). */
export function volumeCandidate(c: VolumeClass, catalog: Catalog): Candidate {
  const env = catalog.environment;
  return { logicalId: null, arn: `arn:aws:ec2:${env.primaryRegion}:${env.account}:volume/${c.name}`, tags: c.tags };
}

/** Something of an asset that AWS Backup can protect: an implementing data store, or a StorageClass's volumes. */
export interface BackupTarget {
  readonly where: Where;
  readonly candidate: Candidate;
  readonly source: CandidateSource & { readonly resourceType: BackupResourceType };
}

export function backupTargets(asset: Asset, ctx: Pick<JoinContext, 'catalog' | 'aws' | 'k8s'>): BackupTarget[] {
  const stores = implementingStores(asset, ctx).flatMap((s): BackupTarget[] => {
    const resourceType = backupTypeOf(s);
    return resourceType
      ? [
          {
            where: s.where,
            candidate: s.candidate,
            source: { stack: s.stack.name, region: s.stack.region, resourceType },
          },
        ]
      : [];
  });
  const region = ctx.catalog.environment.primaryRegion;
  const volumes = (ctx.k8s.volumeClasses.get(asset.id) ?? []).map((c): BackupTarget => ({
    where: c.where,
    candidate: volumeCandidate(c, ctx.catalog),
    source: { stack: null, region, resourceType: 'EBS' },
  }));
  return [...stores, ...volumes];
}

export function assetGroups(asset: Asset, ctx: JoinContext): Group[] {
  return withSwitch(asset.id, assetGroupsOf(asset, ctx), ctx);
}

function assetGroupsOf(asset: Asset, ctx: JoinContext): Group[] {
  const groups: Group[] = implementingStores(asset, ctx).map((s) => awsGroup(s, ctx));
  if (asset.kind === 'redis') {
    const g = redisGroup(asset, ctx);
    if (g) groups.push(g);
  }
  if (asset.kind === 'redis-cache') {
    // Flushing and warming again is what a cache has for corruption; whether it meets the RTO is the model's call.
    for (const w of ctx.k8s.assetWorkloads.get(asset.id) ?? []) {
      groups.push({
        where: [w.where],
        mechanisms: normalize([w.spec, { id: 'cache-flush', warmUpSeconds: w.warmUpSeconds }]),
      });
    }
  }
  if (asset.external && asset.external.evidence.trim() !== '') {
    const external: MechanismSpec = { id: 'external', ...asset.external };
    if (groups.length === 0) return [{ where: [], mechanisms: [external] }];
    return groups.map((g) => ({ ...g, mechanisms: normalize([...g.mechanisms, external]) }));
  }
  return groups;
}

export function serviceGroups(serviceId: string, ctx: JoinContext): Group[] {
  const ecr = ecrReplicationFor(repositoryName(ctx.catalog.naming, serviceId), ctx.aws.ecrRules);
  const groups = (ctx.k8s.services.get(serviceId) ?? []).map((w) => ({
    where: [w.where],
    // A redeploy elsewhere needs only the manifests and the images; whether it is a path is the model's call.
    mechanisms: normalize([w.spec, ...(ecr ? [ecr] : []), { id: 'stateless-redeploy' } as MechanismSpec]),
  }));
  return withSwitch(serviceId, groups, ctx);
}

export type { JoinContext };
