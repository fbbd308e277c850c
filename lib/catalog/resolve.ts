/**
 * The checks that need the whole catalog — references, collisions, policy bounds — and the step that turns the
 * validated document into a Catalog: tiers inherited from owners, per-mode targets worked out.
 */
import { factValue, MODES, replicasForZoneLoss, type Acceptance, type Mode, type ModeTarget } from '../model';
import { bucketName, k8sName, logicalId, namePrefix, slug } from '../names';
import { DATABASE_SIZE, SERVICE_RESOURCES } from './defaults';
import { checkDrRegion, drRegionOf } from './dr-region';
import type { Problem } from './problems';
import { isZoneOf } from './regions';
import type { RawAcceptance, RawAsset, RawCatalog, RawService } from './schema';
import type { Asset, Catalog, Drill, HealthSignal, RunbookNote, Service, Tier, TierPolicy } from './types';

const DAY = 86400;
const RDS_KINDS = new Set(['postgres', 'mysql']);
const REDIS_KINDS = new Set(['redis', 'redis-cache']);

/** AWS cron per frequency: 05:00 UTC on the first Monday of the period (the restore-testing default hour, BKP-17). */
const SCHEDULES: Readonly<Record<Drill['frequency'], string>> = {
  monthly: 'cron(0 5 ? * MON#1 *)',
  quarterly: 'cron(0 5 ? 1,4,7,10 MON#1 *)',
  'semi-annually': 'cron(0 5 ? 1,7 MON#1 *)',
  annually: 'cron(0 5 ? 1 MON#1 *)',
};

/** A catalog being checked: entries that passed the schema keep their position; broken ones are holes. */
export interface Checkable {
  readonly company?: string;
  readonly environment?: RawCatalog['environment'];
  readonly tiers: readonly (RawCatalog['tiers'][number] | undefined)[];
  readonly services: readonly (RawService | undefined)[];
  readonly assets: readonly (RawAsset | undefined)[];
  readonly contacts: readonly (RawCatalog['contacts'][number] | undefined)[];
  readonly drills: readonly (RawCatalog['drills'][number] | undefined)[];
  readonly slaPolicy?: RawCatalog['slaPolicy'];
  readonly drillLog?: string;
  readonly evidence?: string;
}

/** Ids as written in the document, broken entries included, so a reference to a broken entry is not reported twice. */
export interface KnownIds {
  readonly tiers: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly assets: ReadonlySet<string>;
  readonly contacts: ReadonlySet<string>;
}

const present = <T>(list: readonly (T | undefined)[]) =>
  list.flatMap((e, i) => (e === undefined ? [] : [[e, i] as const]));

/** The checks that need more than one entry. Runs on whatever parsed, so all problems are reported at once. */
export function check(raw: Checkable, known: KnownIds): Problem[] {
  const problems: Problem[] = [];
  const report = (path: Problem['path'], message: string, value?: unknown) =>
    problems.push(value === undefined ? { path, message } : { path, message, value });

  checkUnique(raw, report);
  if (raw.environment) checkEnvironment(raw.environment, report);

  const tiers = new Map<string, Tier>(present(raw.tiers).map(([t, rank]) => [t.id, toTier(t, rank)]));
  for (const [t, i] of present(raw.tiers)) checkTierPolicy(tiers.get(t.id)!.policy, ['tiers', i, 'policy'], report);
  const zones = raw.environment ? (raw.environment.availabilityZones[raw.environment.regions.primary]?.length ?? 0) : 0;
  if (zones > 0) {
    for (const [t, i] of present(raw.tiers))
      checkReplicaShape(tiers.get(t.id)!.policy, zones, ['tiers', i, 'policy'], report);
  }

  const services = new Map(present(raw.services).map(([s]) => [s.id, s]));
  const assets = new Map(present(raw.assets).map(([a]) => [a.id, a]));
  const isOwner = (id: string) => known.services.has(id) || known.contacts.has(id);
  const tierList = [...known.tiers].join(', ');

  for (const [s, i] of present(raw.services)) {
    const at = ['services', i] as const;
    if (!known.tiers.has(s.tier)) report([...at, 'tier'], `expected one of the tiers: ${tierList}`, s.tier);
    s.owns.forEach((a, j) => {
      const owned = assets.get(a);
      if (!known.assets.has(a)) report([...at, 'owns', j], 'expected the id of an asset in assets', a);
      else if (owned && owned.owner !== s.id && isOwner(owned.owner)) {
        report([...at, 'owns', j], `expected an asset whose owner is ${s.id}; ${a} is owned by ${owned.owner}`, a);
      }
    });
    s.dependsOn.forEach((a, j) => {
      if (!known.assets.has(a)) report([...at, 'dependsOn', j], 'expected the id of an asset in assets', a);
    });
    checkAcceptances(s.accept, [...at, 'accept'], isOwner, report);
    if (s.health && 'url' in s.health && s.health.internal && raw.environment && !raw.environment.kubernetes.network)
      report(
        [...at, 'health', 'internal'],
        "expected environment.kubernetes.network (the cluster's VPC and subnets) for an internal health URL: its canary runs there",
        true,
      );
    if (s.deployment !== undefined && s.workload !== 'overlay')
      report([...at, 'deployment'], 'expected only with workload: overlay (a managed Deployment is the charts’ own)');
  }
  // Each service's Deployment (and so its HPA and PodDisruptionBudget) has a name of its own in the namespace.
  // (Two managed services whose ids give one name are reported with the ids, below.)
  const deployments = new Map<string, { id: string; overlay: boolean }>();
  for (const [s, i] of present(raw.services)) {
    const overlay = s.workload === 'overlay';
    const name = overlay ? (s.deployment?.name ?? k8sName(s.id)) : k8sName(s.id);
    const other = deployments.get(name);
    if (other !== undefined && (overlay || other.overlay))
      report(
        ['services', i, ...(s.deployment?.name !== undefined ? ['deployment', 'name'] : ['id'])],
        `expected a Deployment name no other service has; ${other.id} has ${name}`,
        s.deployment?.name ?? s.id,
      );
    else if (other === undefined) deployments.set(name, { id: s.id, overlay });
  }

  for (const [a, i] of present(raw.assets)) {
    const at = ['assets', i] as const;
    if (!isOwner(a.owner)) report([...at, 'owner'], 'expected the id of a service or a contact', a.owner);
    const tier = a.tier ?? services.get(a.owner)?.tier;
    if (a.tier !== undefined && !known.tiers.has(a.tier)) {
      report([...at, 'tier'], `expected one of the tiers: ${tierList}`, a.tier);
    } else if (a.tier === undefined && known.contacts.has(a.owner) && !known.services.has(a.owner)) {
      report(
        [...at, 'tier'],
        `missing; expected a tier, since its owner ${a.owner} is not a service to inherit one from`,
      );
    }
    if (a.rpo === 'rebuildable') {
      if (a.rebuildFrom === undefined)
        report([...at, 'rebuildFrom'], 'missing; a rebuildable asset names the asset it is rebuilt from');
      else if (!known.assets.has(a.rebuildFrom) || a.rebuildFrom === a.id) {
        report([...at, 'rebuildFrom'], 'expected the id of another asset', a.rebuildFrom);
      }
    } else if (a.rebuildFrom !== undefined) {
      report([...at, 'rebuildFrom'], 'expected only with rpo: rebuildable', a.rebuildFrom);
    }
    if (a.kind === 'git' && a.external === undefined) {
      report(
        [...at, 'external'],
        'missing; a git asset is provisioned elsewhere: declare external with provider and evidence',
      );
    }
    if (a.kind !== 'git' && a.external !== undefined) {
      report([...at, 'external'], `expected only on kind git (this asset's kind is ${a.kind})`);
    }
    if (a.warmUp !== undefined && a.kind !== 'redis-cache') {
      report([...at, 'warmUp'], `expected only on kind redis-cache (this asset's kind is ${a.kind})`);
    }
    if (REDIS_KINDS.has(a.kind)) checkRedisPassword(a, i, raw, assets, report);
    checkDatabaseSize(a, at, report);
    checkRegionStrategy(a, at, raw, report);
    if (a.retention !== undefined && tier && tiers.has(tier)) {
      checkRetentionInLock(a.retention / DAY, tiers.get(tier)!, [...at, 'retention'], report);
    }
    if (a.kind === 'object-store' && raw.environment && raw.company) {
      const env = raw.environment;
      const naming = {
        prefix: slug(raw.company),
        account: env.account,
        primaryRegion: env.regions.primary,
        drRegion: env.regions.dr,
      };
      const length = Math.max(bucketName(naming, a.id, 'primary').length, bucketName(naming, a.id, 'dr').length);
      if (length > 63)
        report(
          [...at, 'id'],
          `expected an id short enough for a bucket name of at most 63 characters (it gives ${length})`,
          a.id,
        );
    }
    checkAcceptances(a.accept, [...at, 'accept'], isOwner, report);
  }

  for (const [d, i] of present(raw.drills)) {
    const at = ['drills', i] as const;
    if (!known.contacts.has(d.owner)) report([...at, 'owner'], 'expected the id of a contact', d.owner);
    d.assets.forEach((a, j) => {
      const asset = assets.get(a);
      if (!known.assets.has(a)) report([...at, 'assets', j], 'expected the id of an asset in assets', a);
      else if (asset && d.kind === 'pitr-restore' && !RDS_KINDS.has(asset.kind)) {
        report([...at, 'assets', j], `expected a database asset for a PITR restore drill; ${a} is ${asset.kind}`, a);
      } else if (asset && d.kind === 'redis-restore' && asset.kind !== 'redis') {
        report([...at, 'assets', j], `expected a redis asset for a Redis restore drill; ${a} is ${asset.kind}`, a);
      }
    });
  }
  const instances = raw.environment?.quotas?.rdsInstances;
  const databases = present(raw.assets).filter(([a]) => RDS_KINDS.has(a.kind)).length;
  if (instances !== undefined && databases > instances) {
    report(
      ['environment', 'quotas', 'rdsInstances'],
      `expected at least ${databases}: the catalog has ${databases} database assets, one DB instance each in ${raw.environment!.regions.primary}; raise the quota (Service Quotas) before adding them`,
      instances,
    );
  }
  if (raw.slaPolicy && !known.contacts.has(raw.slaPolicy.reportTo)) {
    report(['slaPolicy', 'reportTo'], 'expected the id of a contact', raw.slaPolicy.reportTo);
  }
  return problems;
}

/**
 * A database's Region strategy: only on database kinds; a replica (`replica`, or `auto`, which may plan one) needs the
 * DR network it runs in — `environment.network` for the DR Region, or a pilot light, which creates one.
 */
function checkRegionStrategy(a: RawAsset, at: readonly (string | number)[], raw: Checkable, report: Report): void {
  const strategy = a.regionStrategy;
  if (strategy === undefined) return;
  if (!RDS_KINDS.has(a.kind)) {
    report(
      [...at, 'regionStrategy'],
      `expected only on kind postgres or mysql (this asset's kind is ${a.kind})`,
      strategy,
    );
    return;
  }
  const env = raw.environment;
  if (strategy === 'restore' || !env) return;
  const network = env.network?.[env.regions.dr] !== undefined || env.drCompute?.kind === 'pilot-light';
  if (!network) {
    report(
      [...at, 'regionStrategy'],
      `expected restore: a read replica runs in the DR Region's network, and this catalog has none (give environment.network.${env.regions.dr}, or environment.drCompute: pilot-light)`,
      strategy,
    );
  }
}

/**
 * A database's size: only on database kinds, and a storage autoscaling ceiling at least 10% above the allocated
 * storage (OTH-81: RDS refuses less), its default included.
 */
function checkDatabaseSize(a: RawAsset, at: readonly (string | number)[], report: Report): void {
  const given = (['instanceClass', 'storageGiB', 'maxStorageGiB'] as const).filter((k) => a[k] !== undefined);
  if (!RDS_KINDS.has(a.kind)) {
    for (const k of given)
      report([...at, k], `expected only on kind postgres or mysql (this asset's kind is ${a.kind})`, a[k]);
    return;
  }
  const storage = a.storageGiB ?? DATABASE_SIZE.storageGiB;
  const max = a.maxStorageGiB ?? DATABASE_SIZE.maxStorageGiB;
  if (max * 10 >= storage * 11) return;
  const least = Math.ceil((storage * 11) / 10);
  if (a.maxStorageGiB !== undefined)
    report(
      [...at, 'maxStorageGiB'],
      `expected at least ${least}: the storage autoscaling ceiling must be at least 10% above storageGiB ${storage} (OTH-81)`,
      a.maxStorageGiB,
    );
  else
    report(
      [...at, 'storageGiB'],
      `expected maxStorageGiB of at least ${least} beside it: the default ceiling, ${max} GiB, is not 10% above ${storage} (OTH-81)`,
      a.storageGiB,
    );
}

/** The Catalog of a document that passed the schema and `check`. */
export function build(raw: RawCatalog, file: string): Catalog {
  const tiers = new Map<string, Tier>(raw.tiers.map((t, rank) => [t.id, toTier(t, rank)]));
  const services = new Map(raw.services.map((s) => [s.id, s]));
  return {
    file,
    company: raw.company,
    profile: raw.profile,
    environment: {
      ...(raw.environment.stage !== undefined ? { stage: raw.environment.stage } : {}),
      account: raw.environment.account,
      primaryRegion: raw.environment.regions.primary,
      drRegion: raw.environment.regions.dr,
      availabilityZones: raw.environment.availabilityZones,
      kubernetes: raw.environment.kubernetes,
      ...drRegionOf(raw.environment, slug(raw.company)),
      quotas: {
        ...(raw.environment.quotas?.rdsInstances !== undefined
          ? { rdsInstances: raw.environment.quotas.rdsInstances }
          : {}),
        rdsReplicatedBackups: raw.environment.quotas?.rdsReplicatedBackups ?? factValue('RDS-13'),
        backupAuditControls: raw.environment.quotas?.backupAuditControls ?? factValue('BKP-19'),
      },
    },
    naming: {
      prefix: namePrefix(raw.company, raw.environment.stage),
      account: raw.environment.account,
      primaryRegion: raw.environment.regions.primary,
      drRegion: raw.environment.regions.dr,
    },
    contacts: raw.contacts,
    tiers: [...tiers.values()],
    services: raw.services.map((s) => toService(s, tiers.get(s.tier)!, raw.environment.kubernetes.imageTag)),
    assets: raw.assets.map((a) => toAsset(a, tiers.get(a.tier ?? services.get(a.owner)!.tier)!)),
    drills: raw.drills.map((d) => ({ ...d, schedule: d.schedule ?? SCHEDULES[d.frequency] })),
    drillLog: raw.drillLog,
    evidence: raw.evidence,
    businessImpact: raw.businessImpact.map((b) => ({
      fromSeconds: b.from,
      ...(b.to !== undefined ? { toSeconds: b.to } : {}),
      impact: b.impact,
      acceptable: b.acceptable,
    })),
    ...(raw.slaPolicy
      ? {
          slaPolicy: {
            reportTo: raw.slaPolicy.reportTo,
            reportWithinSeconds: raw.slaPolicy.reportWithin,
            postMortemWithinSeconds: raw.slaPolicy.postMortemWithin,
          },
        }
      : {}),
  };
}
type Report = (path: Problem['path'], message: string, value?: unknown) => void;

/** Ids are unique within their list, and across services and assets also under the naming rule of lib/names. */
function checkUnique(raw: Checkable, report: Report): void {
  for (const section of ['tiers', 'contacts', 'drills'] as const) {
    const seen = new Map<string, number>();
    for (const [e, i] of present<{ id: string }>(raw[section])) {
      if (seen.has(e.id))
        report([section, i, 'id'], `expected a unique id; ${section} #${seen.get(e.id)! + 1} has it too`, e.id);
      else seen.set(e.id, i);
    }
  }
  const byName = new Map<string, string>();
  const entries = [
    ...present(raw.services).map(([s, i]) => ({ id: s.id, path: ['services', i, 'id'] as const })),
    ...present(raw.assets).map(([a, i]) => ({ id: a.id, path: ['assets', i, 'id'] as const })),
  ];
  for (const { id, path } of entries) {
    for (const name of [`k8s:${k8sName(id)}`, `cfn:${logicalId(id)}`]) {
      const other = byName.get(name);
      if (other === id) {
        report(path, 'expected an id unique across services and assets', id);
        break;
      }
      if (other !== undefined) {
        const what = name.startsWith('k8s') ? `Kubernetes name ${k8sName(id)}` : `logical id ${logicalId(id)}`;
        report(path, `expected an id that does not collide with ${other} (both give the ${what})`, id);
        break;
      }
      byName.set(name, id);
    }
  }
}

function checkEnvironment(environment: RawCatalog['environment'], report: Report): void {
  const { regions, availabilityZones } = environment;
  if (regions.primary === regions.dr)
    report(['environment', 'regions', 'dr'], 'expected a Region other than the primary', regions.dr);
  for (const side of ['primary', 'dr'] as const) {
    const region = regions[side];
    const zones = availabilityZones[region];
    if (!zones) report(['environment', 'availabilityZones'], `expected the zones of ${region} (no lookups are made)`);
    else {
      zones.forEach((z, i) => {
        if (!isZoneOf(z, region))
          report(['environment', 'availabilityZones', region, i], `expected a zone of ${region}`, z);
      });
    }
  }
  checkDrRegion(environment, report);
}

function checkTierPolicy(policy: TierPolicy, at: Problem['path'], report: Report): void {
  if (policy.minReplicas > policy.maxReplicas) {
    report([...at, 'maxReplicas'], `expected at least minReplicas (${policy.minReplicas})`, policy.maxReplicas);
  }
  const lock = policy.vaultLock;
  if (lock.minRetentionDays > lock.maxRetentionDays) {
    report(
      [...at, 'vaultLock', 'maxRetention'],
      `expected at least minRetention (${lock.minRetentionDays}d)`,
      `${lock.maxRetentionDays}d`,
    );
  }
  if (policy.backupWindow.startSeconds < factValue('BKP-3')) {
    report(
      [...at, 'backupWindow', 'start'],
      'expected at least 1h: AWS Backup rejects a shorter start window (BKP-3)',
      `${policy.backupWindow.startSeconds}s`,
    );
  }
  if (policy.backupWindow.completionSeconds < policy.backupWindow.startSeconds) {
    report(
      [...at, 'backupWindow', 'completion'],
      'expected at least the start window: completion counts from the scheduled time (BKP-4)',
    );
  }
  checkRetentionInLock(policy.retentionDays, { policy } as Tier, [...at, 'retention'], report);
}

/**
 * The replicas a tier needs: its minReplicas kept ready after a zone loss (the planner's `replicasForZoneLoss`), and
 * at least 2 so a PodDisruptionBudget allows a drain; the HPA maximum must allow that many.
 */
function checkReplicaShape(policy: TierPolicy, zones: number, at: Problem['path'], report: Report): void {
  const need = Math.max(2, replicasForZoneLoss(policy.minReplicas, zones));
  // A minimum above the maximum is reported once, by checkTierPolicy.
  if (policy.maxReplicas >= need || policy.minReplicas > policy.maxReplicas) return;
  report(
    [...at, 'maxReplicas'],
    `expected at least ${need}: keeping minReplicas ${policy.minReplicas} ready after losing one of ${zones} zones takes ${need} replicas (n − ⌈n / ${zones}⌉ ≥ ${policy.minReplicas}), and a PodDisruptionBudget needs 2`,
    policy.maxReplicas,
  );
}

/**
 * A Redis keeps its AUTH password in a secret asset its clients already read (k8s/redis/credentials.ts): some service
 * that owns or depends on it must depend on an asset of kind `secret`. Said here, located, rather than at synth.
 */
function checkRedisPassword(
  a: RawAsset,
  i: number,
  raw: Checkable,
  assets: ReadonlyMap<string, RawAsset>,
  report: Report,
): void {
  // Its clients: the service that owns it, and those that list it (k8s/context.ts `clientsOf`).
  const clients = present(raw.services)
    .map(([s]) => s)
    .filter((s) => s.id === a.owner || s.owns.includes(a.id) || s.dependsOn.includes(a.id));
  const readsSecret = clients.some((s) => [...s.owns, ...s.dependsOn].some((d) => assets.get(d)?.kind === 'secret'));
  if (readsSecret) return;
  const who =
    clients.length === 0
      ? 'no service owns or depends on it'
      : `none of its clients (${clients.map((s) => s.id).join(', ')}) depends on one`;
  report(
    ['assets', i, 'kind'],
    `expected a secret asset (kind secret) that a service using this ${a.kind} depends on: its AUTH password is kept there, and ${who}`,
    a.kind,
  );
}

/** Backup jobs whose retention falls outside the vault lock fail at run time (BKP-16): caught here instead. */
function checkRetentionInLock(days: number, tier: Pick<Tier, 'policy'>, at: Problem['path'], report: Report): void {
  const { minRetentionDays, maxRetentionDays } = tier.policy.vaultLock;
  if (days < minRetentionDays || days > maxRetentionDays) {
    report(
      at,
      `expected a retention inside the tier's vault lock (${minRetentionDays}d–${maxRetentionDays}d); jobs outside it fail (BKP-16)`,
      `${days}d`,
    );
  }
}

function checkAcceptances(
  list: readonly RawAcceptance[] | undefined,
  at: Problem['path'],
  isOwner: (id: string) => boolean,
  report: Report,
): void {
  (list ?? []).forEach((a, i) => {
    if (a.rpo === undefined && a.rto === undefined && a.slaBudget === undefined) {
      report(
        [...at, i],
        'expected rpo, rto or slaBudget: the ceiling accepted for that field, or for one incident against the SLA budget (a duration, or unbounded)',
      );
    }
    if (!isOwner(a.owner)) report([...at, i, 'owner'], 'expected the id of a contact or a service', a.owner);
  });
}

function toTier(t: RawCatalog['tiers'][number], rank: number): Tier {
  const p = t.policy;
  return {
    id: t.id,
    rank,
    name: t.name,
    definition: t.definition,
    sla: t.sla,
    policy: {
      minReplicas: p.minReplicas,
      maxReplicas: p.maxReplicas,
      priority: p.priority,
      retentionDays: p.retention / DAY,
      immutableBackups: p.immutableBackups,
      offsiteCopy: p.offsiteCopy,
      vaultLock: {
        mode: p.vaultLock.mode,
        ...('changeableForDays' in p.vaultLock ? { changeableForDays: p.vaultLock.changeableForDays } : {}),
        minRetentionDays: p.vaultLock.minRetention / DAY,
        maxRetentionDays: p.vaultLock.maxRetention / DAY,
      },
      backupWindow: { startSeconds: p.backupWindow.start, completionSeconds: p.backupWindow.completion },
      evidenceValiditySeconds: p.evidenceValidity,
      region: { rpoSeconds: p.region.rpo, rtoSeconds: p.region.rto, interpretation: p.region.interpretation },
      deletionProtection: p.deletionProtection,
      ...(p.recovery ? { recovery: recoveryOf(p.recovery) } : {}),
      endpointPropagationSeconds: p.recovery?.endpointPropagation ?? null,
    },
  };
}

/**
 * Targets per mode. The document's RPO/RTO hold for instance, zone and corruption; a Region loss takes the tier's
 * interpretation, never stricter than the entry's own target. Overrides per mode come last.
 */
function modeTargets(
  rpo: number | 'stateless' | 'rebuildable',
  rto: number,
  tier: Tier,
  overrides: RawService['modes'],
): Record<Mode, ModeTarget> {
  const own: ModeTarget = { rpoSeconds: typeof rpo === 'number' ? rpo : null, rtoSeconds: rto };
  const region: ModeTarget = {
    rpoSeconds: own.rpoSeconds === null ? null : Math.max(own.rpoSeconds, tier.policy.region.rpoSeconds),
    rtoSeconds: Math.max(rto, tier.policy.region.rtoSeconds),
  };
  const result = { instance: own, az: own, region, corruption: own } as Record<Mode, ModeTarget>;
  for (const mode of MODES) {
    const o = overrides?.[mode];
    if (!o) continue;
    result[mode] = {
      rpoSeconds: o.rpo === undefined ? result[mode].rpoSeconds : o.rpo === 'stateless' ? null : o.rpo,
      rtoSeconds: o.rto ?? result[mode].rtoSeconds,
    };
  }
  return result;
}

function toAcceptance(a: RawAcceptance): Acceptance {
  return {
    mode: a.mode,
    ...(a.rpo !== undefined ? { rpoSeconds: a.rpo } : {}),
    ...(a.rto !== undefined ? { rtoSeconds: a.rto } : {}),
    ...(a.slaBudget !== undefined ? { slaBudgetSeconds: a.slaBudget } : {}),
    reason: a.reason,
    owner: a.owner,
    expires: a.expires,
  };
}

function toRunbookNote(n: NonNullable<RawService['runbook']>[number]): RunbookNote {
  return { modes: n.modes, title: n.title, text: n.text, ...(n.command !== undefined ? { command: n.command } : {}) };
}

const DEFAULT_STARTUP_SECONDS = 60;
const DEFAULT_PORT = 8080;

function toService(s: RawService, tier: Tier, imageTag: string): Service {
  return {
    id: s.id,
    tier: tier.id,
    sla: s.sla ?? tier.sla,
    rpo: s.rpo,
    rtoSeconds: s.rto,
    modes: modeTargets(s.rpo, s.rto, tier, s.modes),
    acceptances: (s.accept ?? []).map(toAcceptance),
    ...(tier.policy.recovery ? { recovery: tier.policy.recovery } : {}),
    runbook: (s.runbook ?? []).map(toRunbookNote),
    notes: s.notes,
    owns: s.owns,
    dependsOn: s.dependsOn,
    startupSeconds: s.startup ?? DEFAULT_STARTUP_SECONDS,
    port: s.port ?? DEFAULT_PORT,
    healthPath: s.healthPath ?? '/health',
    imageTag: s.imageTag ?? imageTag,
    workload: s.workload ?? 'managed',
    ...(s.workload === 'overlay'
      ? {
          deployment: {
            name: s.deployment?.name ?? k8sName(s.id),
            container: s.deployment?.container ?? k8sName(s.id),
            ...(s.deployment?.manifests !== undefined ? { manifests: s.deployment.manifests } : {}),
          },
        }
      : {}),
    resources: {
      cpu: s.resources?.cpu ?? SERVICE_RESOURCES.cpu,
      memory: s.resources?.memory ?? SERVICE_RESOURCES.memory,
    },
    ...(s.health ? { health: toHealth(s.health) } : {}),
  };
}

function toHealth(h: NonNullable<RawService['health']>): HealthSignal {
  if ('url' in h) return { kind: 'canary', url: h.url, internal: h.internal };
  const m = /^(>=|>|<=|<) ?(-?\d+(?:\.\d+)?)$/.exec(h.metric.healthy)!;
  return {
    kind: 'metric',
    namespace: h.metric.namespace,
    name: h.metric.name,
    dimensions: h.metric.dimensions,
    statistic: h.metric.statistic,
    healthy: { op: m[1] as '>=' | '>' | '<=' | '<', value: Number(m[2]) },
  };
}

function toAsset(a: RawAsset, tier: Tier): Asset {
  return {
    id: a.id,
    kind: a.kind,
    tier: tier.id,
    rpo: a.rpo,
    ...(a.rebuildFrom !== undefined ? { rebuildFrom: a.rebuildFrom } : {}),
    rtoSeconds: a.rto,
    modes: modeTargets(a.rpo, a.rto, tier, a.modes),
    acceptances: (a.accept ?? []).map(toAcceptance),
    ...(tier.policy.recovery ? { recovery: tier.policy.recovery } : {}),
    runbook: (a.runbook ?? []).map(toRunbookNote),
    ...(a.warmUp !== undefined ? { warmUpSeconds: a.warmUp } : {}),
    retentionDays: a.retention !== undefined ? a.retention / DAY : tier.policy.retentionDays,
    owner: a.owner,
    backupMethod: a.backupMethod,
    ...(a.notes !== undefined ? { notes: a.notes } : {}),
    personalData: a.personalData ?? false,
    preDeploySnapshot: a.preDeploySnapshot ?? false,
    ...(a.external ? { external: a.external } : {}),
    ...(a.regionStrategy !== undefined ? { regionStrategy: a.regionStrategy } : {}),
    ...(RDS_KINDS.has(a.kind)
      ? {
          database: {
            instanceClass: a.instanceClass ?? DATABASE_SIZE.instanceClass,
            storageGiB: a.storageGiB ?? DATABASE_SIZE.storageGiB,
            maxStorageGiB: a.maxStorageGiB ?? DATABASE_SIZE.maxStorageGiB,
          },
        }
      : {}),
  };
}

type RawRecovery = NonNullable<RawCatalog['tiers'][number]['policy']['recovery']>;

/** The declared overhead with its overrides applied: a Region failover and a corruption each get all three parts. */
function recoveryOf(r: RawRecovery): NonNullable<TierPolicy['recovery']> {
  const region = r.region ?? {};
  const corruption = r.corruption ?? {};
  const detect = corruption.detect ?? r.detect;
  return {
    outage: { detectSeconds: r.detect, decideSeconds: r.decide, repointSeconds: r.repoint },
    region: {
      detectSeconds: region.detect ?? r.detect,
      decideSeconds: region.decide ?? r.decide,
      repointSeconds: region.repoint ?? r.repoint,
    },
    corruption: {
      detectSeconds: detect,
      decideSeconds: corruption.decide ?? r.decide,
      repointSeconds: corruption.repoint ?? r.repoint,
      unnoticedSeconds: corruption.unnoticed ?? detect,
      ...(corruption.how ? { noticedBy: corruption.how } : {}),
    },
  };
}
