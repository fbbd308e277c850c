/**
 * The one place that turns catalog ids into names. The AWS side and the Kubernetes side both import it instead of
 * passing stack outputs around, so a name is decided once.
 *
 * The rule: catalog ids are lowercase words joined by `-` or `_`.
 * - Kubernetes name: `_` becomes `-` (a DNS-1123 label): `orders_db` → `orders-db`.
 * - CloudFormation logical id: words in PascalCase: `orders_db` → `OrdersDb`, `api-gateway` → `ApiGateway`.
 * Two ids that give the same Kubernetes name or logical id are a catalog error (`orders_db` and `orders-db`).
 */

/** Labels and tags that join artifacts to the catalog. */
export const TAG = { asset: 'dr:asset', tier: 'dr:tier', role: 'dr:role', service: 'dr:service' } as const;
export const LABEL = { asset: 'dr/asset', tier: 'dr/tier', service: 'dr/service', site: 'dr/site' } as const;
/**
 * Annotations the charts write for the checker: declarations of the catalog a resource carries. `pilotLight` marks a
 * workload of the DR Region's manifests held at its pilot-light scale (its `replicas`) until the Region switch plan
 * scales it up: DR-MIN-REPLICAS and DR-PDB grade it at the scale the plan sets, not at the idle one.
 */
export const ANNOTATION = { warmUpSeconds: 'dr/warm-up-seconds', pilotLight: 'dr/pilot-light-replicas' } as const;
/**
 * A `workload: overlay` service's kustomize component, `overlays/<service>/` beside the charts' files: its
 * kustomization and the strategic-merge patch of the team's Deployment (written by k8s/, read by the checker).
 */
export const OVERLAY = {
  dir: 'overlays',
  kustomization: 'kustomization.yaml',
  patch: 'deployment.patch.yaml',
} as const;

export function k8sName(id: string): string {
  return id.replace(/_/g, '-');
}

export function logicalId(id: string): string {
  return id
    .split(/[-_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Lowercase words of a company name: "Example Co" → "example-co". */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The stage whose names carry no stage: an absent `environment.stage` is this one. */
export const PRODUCTION_STAGE = 'production';

/**
 * The prefix of every AWS name and stack name: the company's lowercase words, then the stage unless it is production
 * (`lomash-wood`, `lomash-wood-staging`). Production keeps the names it had before stages existed, byte for byte:
 * renaming a database, bucket or vault replaces it.
 */
export function namePrefix(company: string, stage?: string): string {
  const base = slug(company);
  return stage === undefined || stage === PRODUCTION_STAGE ? base : `${base}-${stage}`;
}

export interface NamingContext {
  /** namePrefix(company, stage): slug(company), with `-<stage>` for a stage other than production. */
  readonly prefix: string;
  readonly account: string;
  readonly primaryRegion: string;
  readonly drRegion: string;
}

export type Side = 'primary' | 'dr';

export function regionOf(ctx: NamingContext, side: Side): string {
  return side === 'primary' ? ctx.primaryRegion : ctx.drRegion;
}

/** S3 bucket names are global: account and Region make them unique (≤ 63 characters, checked by the catalog). */
export function bucketName(ctx: NamingContext, id: string, side: Side): string {
  return `${ctx.prefix}-${k8sName(id)}-${ctx.account}-${regionOf(ctx, side)}`;
}

/** The bucket Redis RDB snapshots are shipped to. */
export function snapshotBucketName(ctx: NamingContext, side: Side): string {
  return bucketName(ctx, 'redis-snapshots', side);
}

/** ECR repository of a service, as `<company>/<service>`: `example-co/order-payment-service`. */
export function repositoryName(ctx: NamingContext, serviceId: string): string {
  return `${ctx.prefix}/${k8sName(serviceId)}`;
}

/** One backup vault per tier and Region; vault names are Regional, so both Regions use the same name. */
export function vaultName(ctx: NamingContext, tierId: string): string {
  return `${ctx.prefix}-${k8sName(tierId)}`;
}

export function backupPlanName(ctx: NamingContext, tierId: string): string {
  return `${ctx.prefix}-${k8sName(tierId)}`;
}

/** KMS aliases: a key ARN holds a random id, an alias does not. */
export function kmsAlias(ctx: NamingContext, purpose: string): string {
  return `alias/${ctx.prefix}/${k8sName(purpose)}`;
}

/**
 * IAM role names (≤ 64 characters). A longer name keeps its first 55 characters and ends in a hash of the whole, so two
 * purposes of one long asset id (`…-pre-deploy-backup`, `…-pre-deploy-backup-service`) never cut to the same name.
 */
export function roleName(ctx: NamingContext, purpose: string): string {
  const full = `${ctx.prefix}-${k8sName(purpose)}`;
  return full.length <= 64 ? full : `${full.slice(0, 55)}-${fnv1a(full)}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: a stable short digest for names (not security). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The role an application deploy assumes to take an on-demand backup of one database before it migrates. */
export function preDeployBackupRoleName(ctx: NamingContext, assetId: string): string {
  return roleName(ctx, `${assetId}-pre-deploy-backup`);
}

/** The role the audit and the recovery-point-age function read AWS Backup with. */
export function restoreTestingRoleName(ctx: NamingContext): string {
  return roleName(ctx, 'restore-testing');
}

export function secretName(ctx: NamingContext, id: string): string {
  return `${ctx.prefix}/${k8sName(id)}`;
}

/** The master-user secret of a database asset. */
export function databaseSecretName(ctx: NamingContext, assetId: string): string {
  return `${ctx.prefix}/db/${k8sName(assetId)}`;
}

export function databaseIdentifier(ctx: NamingContext, assetId: string): string {
  return `${ctx.prefix}-${k8sName(assetId)}`;
}

export function alertsTopicName(ctx: NamingContext): string {
  return `${ctx.prefix}-dr-alerts`;
}

/** Kubernetes names. */
export const k8s = {
  deployment: (serviceId: string) => k8sName(serviceId),
  serviceAccount: (id: string) => k8sName(id),
  priorityClass: (prefix: string, tierId: string) => `${prefix}-${k8sName(tierId)}`,
  redisConfig: (assetId: string) => `${k8sName(assetId)}-config`,
  storageClass: (prefix: string, assetId: string) => `${prefix}-${k8sName(assetId)}`,
} as const;

/** Stack names: one per Region side. */
export function stackName(ctx: NamingContext, side: Side): string {
  return `${logicalId(ctx.prefix)}Dr${side === 'primary' ? 'Primary' : 'Recovery'}`;
}

/**
 * The identifier a restore drill gives the database it restores: never the source's, unique per minute, ≤ 63
 * characters (RDS). `dr drill` deletes exactly this instance afterwards.
 */
export function drillDatabaseIdentifier(ctx: NamingContext, assetId: string, at: Date): string {
  const suffix = `-drill-${drillStamp(at)}`;
  return `${databaseIdentifier(ctx, assetId)
    .slice(0, 63 - suffix.length)
    .replace(/-+$/, '')}${suffix}`;
}

/**
 * The bucket a restore drill of an S3 asset restores into: a new bucket (bucket names are global, so it carries the
 * account and Region), never the source's or its replica's, ≤ 63 characters. `dr drill` empties and deletes exactly it.
 */
export function drillBucketName(ctx: NamingContext, assetId: string, region: string, at: Date): string {
  const suffix = `-drill-${drillStamp(at)}-${ctx.account}-${region}`;
  return `${`${ctx.prefix}-${k8sName(assetId)}`.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** Minutes, UTC: `202611281000`. */
function drillStamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 12);
}

// ---- AWS names the constructs and the charts (or the audit) share (added by the AWS constructs, issue 3) ----

/** The one role that may schedule deletion of a customer-managed key or delete recovery points (created outside the app). */
export function breakGlassRoleName(ctx: NamingContext): string {
  return roleName(ctx, 'break-glass');
}

/** The role AWS Backup assumes to take, copy and restore backups. */
export function backupServiceRoleName(ctx: NamingContext): string {
  return roleName(ctx, 'backup-service');
}

/** The role the RDB shipping and restore jobs of a Redis asset get through EKS Pod Identity. */
export function rdbShippingRoleName(ctx: NamingContext, assetId: string): string {
  return roleName(ctx, `${assetId}-rdb-shipping`);
}

/** The role External Secrets reads app secrets with, through EKS Pod Identity. */
export function externalSecretsRoleName(ctx: NamingContext): string {
  return roleName(ctx, 'external-secrets');
}

/** Backup Audit Manager framework names allow letters, digits and underscores only. */
export function auditFrameworkName(ctx: NamingContext, tierId: string): string {
  return `${ctx.prefix}_${tierId}`.replace(/[^A-Za-z0-9]/g, '_');
}

/** Restore testing plan names allow letters, digits and underscores only. */
export function restoreTestingPlanName(ctx: NamingContext, drillId: string): string {
  return `${ctx.prefix}_${drillId}`.replace(/[^A-Za-z0-9]/g, '_');
}

/**
 * Kubernetes service accounts that EKS Pod Identity associations name: the charts must create exactly these.
 * External Secrets runs its controller in its own namespace (the Helm chart's defaults).
 */
export const podIdentity = {
  rdbShipping: (assetId: string) => ({ serviceAccount: k8s.serviceAccount(`${assetId}-rdb-shipping`) }),
  preDeployBackup: (assetId: string) => ({ serviceAccount: k8s.serviceAccount(`${assetId}-pre-deploy-backup`) }),
  externalSecrets: { namespace: 'external-secrets', serviceAccount: 'external-secrets' },
} as const;

/** The role AWS Backup assumes for a pre-deploy backup: it can snapshot exactly one database. */
export function preDeployBackupServiceRoleName(ctx: NamingContext, assetId: string): string {
  return roleName(ctx, `${assetId}-pre-deploy-backup-service`);
}

// ---- Names the Kubernetes charts share with the AWS side (added by the Kubernetes charts, issue 4) ----

/**
 * A service's image in its ECR repository, in the registry of the account and Region that run it. `tag` is a tag
 * (immutable in these repositories) or a digest `sha256:…`, which pins the image by content: `repo@sha256:…`.
 */
export function imageUri(ctx: NamingContext, serviceId: string, tag: string, side: Side = 'primary'): string {
  const registry = `${ctx.account}.dkr.ecr.${regionOf(ctx, side)}.amazonaws.com/${repositoryName(ctx, serviceId)}`;
  return tag.startsWith('sha256:') ? `${registry}@${tag}` : `${registry}:${tag}`;
}

/** The JSON key, in the secret asset a Redis asset's clients read, that holds that Redis's AUTH password. */
export function redisPasswordKey(assetId: string): string {
  return `${k8sName(assetId)}-password`;
}

/** The key prefix under which a Redis asset's RDB snapshots are shipped (the role may write nowhere else). */
export function rdbSnapshotPrefix(assetId: string): string {
  return `${assetId}/`;
}

/** The IAM role RDS enhanced monitoring publishes with. */
export function rdsMonitoringRoleName(ctx: NamingContext): string {
  return roleName(ctx, 'rds-monitoring');
}

/** The DB subnet group every database of the app (and every restore test) uses. */
export function dbSubnetGroupName(ctx: NamingContext): string {
  return `${ctx.prefix}-data`;
}

// ---- Stack shards (added by stack sharding, issue 7) ----

/**
 * The stack of a side's shard: shard 0 is the side's own stack (`stackName`), shard n ≥ 1 is `<stackName>Shard<n>`
 * (`LomashWoodDrPrimaryShard1`). The placement file records these names; a stack never changes its name.
 */
export function shardStackName(ctx: NamingContext, side: Side, shard: number): string {
  if (!Number.isInteger(shard) || shard < 0)
    throw new Error(`shardStackName: \`shard\` must be a whole number ≥ 0, got ${shard}`);
  return shard === 0 ? stackName(ctx, side) : `${stackName(ctx, side)}Shard${shard}`;
}

/** The shard a stack name denotes on a side, or undefined when it is no stack of that side. */
export function shardOfStackName(ctx: NamingContext, side: Side, name: string): number | undefined {
  const base = stackName(ctx, side);
  if (name === base) return 0;
  const m = name.startsWith(`${base}Shard`) ? /^[1-9]\d*$/.exec(name.slice(base.length + 'Shard'.length)) : null;
  return m ? Number(m[0]) : undefined;
}

// ---- AWS Organizations (added by the organisation backup policies, issue 7) ----

/** The AWS Organizations backup policy that applies a tier's backup rules across accounts (`dr org-policy`). */
export function orgBackupPolicyName(ctx: NamingContext, tierId: string): string {
  return `${ctx.prefix}-${k8sName(tierId)}-backup-policy`;
}

/** The stack of the organisation's backup policies, deployed in the management account (`dr org-policy`). */
export function organizationStackName(ctx: NamingContext): string {
  return `${logicalId(ctx.prefix)}DrOrganization`;
}

// ---- The DR Region's pilot light (issue 16) ----

/** The standby cluster's name when the catalog gives none (`environment.kubernetes.clusters.dr`). */
export function drClusterName(ctx: Pick<NamingContext, 'prefix'>): string {
  return `${ctx.prefix}-dr`;
}

/**
 * The DB parameter group of an engine kind in the DR Region, for restores there (the Region switch plan, `dr drill`):
 * the settings of the primary's instances, under a name a restore can give (`postgres` → `<prefix>-postgres`).
 */
export function dbParameterGroupName(ctx: Pick<NamingContext, 'prefix'>, kind: string): string {
  return `${ctx.prefix}-${k8sName(kind)}`;
}

/** The security group restored databases get in the DR Region (no ingress but the standby cluster's). */
export function drDatabaseSecurityGroupName(ctx: Pick<NamingContext, 'prefix'>): string {
  return `${ctx.prefix}-dr-databases`;
}

/** The catalog's ARC Region switch plan (1–32 characters: letters, digits and -, ARC-1). */
export function regionSwitchPlanName(ctx: Pick<NamingContext, 'prefix'>): string {
  // A longer one (a stage in the prefix: `lomash-wood-staging-region-switch` is 33) keeps its first 23 characters and
  // ends in a digest of the whole, so every prefix gets a plan name, and a name that fits never changes.
  const full = `${ctx.prefix}-region-switch`;
  return full.length <= 32 ? full : `${full.slice(0, 23).replace(/-+$/, '')}-${fnv1a(full)}`;
}

/** The bucket ARC writes the plan's execution reports to, in the DR Region (ARC-14). */
export function regionSwitchReportBucketName(ctx: NamingContext): string {
  return bucketName(ctx, 'region-switch-reports', 'dr');
}

/** The key prefix of the execution reports in their bucket. */
export const REGION_SWITCH_REPORT_PREFIX = 'region-switch';

/** The ConfigMap the Region switch plan writes restored databases' endpoints into, in the DR cluster's namespace. */
export const DR_ENDPOINTS_CONFIGMAP = 'dr-database-endpoints';

/** The environment variables (and ConfigMap keys) of a restored database's endpoint: `DB_LOMASH_ORDERS_HOST`. */
export function drEndpointKeys(assetId: string): { readonly host: string; readonly port: string } {
  const stem = `DB_${assetId.replace(/-/g, '_').toUpperCase()}`;
  return { host: `${stem}_HOST`, port: `${stem}_PORT` };
}

// ---- Health signals, experiments and SLOs (issue 17) ----

/** The CloudWatch Synthetics canary that requests a service's health URL (lowercase, digits, - and _; ≤ 255). */
export function healthCanaryName(ctx: NamingContext, serviceId: string): string {
  return `${ctx.prefix}-${k8sName(serviceId)}`;
}

/** The alarm that fires when a service has been unhealthy for longer than its RTO. */
export function rtoAlarmName(ctx: NamingContext, serviceId: string): string {
  return `${ctx.prefix}-${k8sName(serviceId)}-rto`;
}

/** The slugs of a service's SLO burn-rate alarm pairs (lib/catalog-plan/slo.ts BURN_WINDOWS, in its order). */
export const SLO_WINDOW_SLUGS = ['page-1h', 'page-6h', 'ticket-1d'] as const;

/**
 * A service's SLO burn-rate alarm (issue 17): `window` is the pair's slug (page-1h, page-6h, ticket-1d); `part` the
 * long or short window's metric alarm, or none for the composite alarm that notifies when both burn.
 */
export function sloAlarmName(
  ctx: NamingContext,
  serviceId: string,
  window: (typeof SLO_WINDOW_SLUGS)[number],
  part?: 'long' | 'short',
): string {
  return `${ctx.prefix}-${k8sName(serviceId)}-slo-${window}${part ? `-${part}` : ''}`;
}

/** The bucket canary artifacts and experiment reports go to, in the primary Region. */
export function reportsBucketName(ctx: NamingContext): string {
  return bucketName(ctx, 'dr-reports', 'primary');
}

/** The role every health canary of the app runs with. */
export function canaryRoleName(ctx: NamingContext): string {
  return roleName(ctx, 'health-canaries');
}

/** The alarm that fires when a database has reported no metrics for longer than its instance RTO (FIS-18). */
export function databaseUnavailableAlarmName(ctx: NamingContext, assetId: string): string {
  return `${ctx.prefix}-${k8sName(assetId)}-unavailable`;
}

/** The role the app's fault-injection experiments run with. */
export function fisRoleName(ctx: NamingContext): string {
  return roleName(ctx, 'fis-experiments');
}

/** The composite alarm the zone experiments stop on: any service's RTO alarm firing (issue 17, AZ mode). */
export function azStopAlarmName(ctx: NamingContext): string {
  return `${ctx.prefix}-az-experiment-stop`;
}

/** The `Name` tag of an experiment template: per entry for instance mode, per zone for AZ mode. */
export function experimentName(ctx: NamingContext, mode: 'instance' | 'az', subject: string): string {
  return mode === 'az' ? `${ctx.prefix}-az-${subject}` : `${ctx.prefix}-${k8sName(subject)}-instance`;
}

/**
 * The experiment templates' tags (issue 17): `dr drill --mode` finds a template by these — `dr:role=experiment`, the
 * mode, and the entry (`dr:asset`, instance mode) or the zone (`dr:zone`, AZ mode).
 */
export const EXPERIMENT_TAG = { mode: 'dr:mode', zone: 'dr:zone', role: 'experiment' } as const;

/**
 * The FIS experiment role's Kubernetes side in the primary cluster (FIS-8): the user its access entry maps it to, the
 * ServiceAccount FIS's own pod runs as, the Role and RoleBinding that let it delete pods, and the label FIS puts on
 * its pod (`fisPodLabels`) so a NetworkPolicy can select it.
 */
export const FIS_K8S = {
  user: 'dr-fis-experiments',
  serviceAccount: 'fis-experiments',
  role: 'fis-experiments',
  podLabel: { key: 'dr/role', value: 'fis-experiment' },
} as const;

/** The label selector of a service's pods (the Deployment's own selector, k8s/service/service-chart.ts). */
export function servicePodSelector(serviceId: string): string {
  return `app.kubernetes.io/name=${k8sName(serviceId)}`;
}

/** The label selector of a Redis asset's pods, every one a Redis and a Sentinel (k8s/redis/redis-chart.ts). */
export function redisPodSelector(assetId: string): string {
  return `app.kubernetes.io/name=${k8sName(assetId)},app.kubernetes.io/component=redis`;
}

// ---- Cross-Region read replicas (issue 16) ----

/**
 * The stack of the DR Region's read replicas: it deploys after the primary's stacks, since a replica names its source
 * (the Recovery stack deploys before them). `LomashWoodDrRecoveryReplicas`.
 */
export function replicaStackName(ctx: NamingContext): string {
  return `${stackName(ctx, 'dr')}Replicas`;
}

/** A replica's ReplicaLag alarms: above the Region RPO target (`lag`), replication not active (`stopped`). */
export function replicaLagAlarmName(ctx: NamingContext, assetId: string, which: 'lag' | 'stopped'): string {
  return `${ctx.prefix}-${k8sName(assetId)}-replica-${which}`;
}
