/**
 * The checker: artifacts → mechanisms per catalog entry (join.ts) → the model's `assess` (and `boundByDependencies`
 * for services, with the platform context from `contextFor`) → findings. The catalog supplies the targets, the
 * acceptances and the platform; what each entry achieves comes from the artifacts alone.
 */
import { type Catalog, contextFor } from '../catalog';
import { figureText, humanDuration } from '../catalog';
import {
  assess,
  boundByDependencies,
  compareFigures,
  MODES,
  STATUSES,
  worseStatus,
  type AchievedField,
  type Assessment,
  type MechanismSpec,
  type ModeAssessment,
  type Target,
  type UsedAcceptance,
} from '../model';
import { dependenciesOf, planAsset, planService } from '../catalog-plan';
import { TAG } from '../names';
import { DATA_STORE_TYPES, readAws, labelsOf } from './read-aws';
import { judgeEvidence, type EvidenceRecord } from './evidence';
import { fixFor } from './fixes';
import { finding, sortFindings, type AchievedFigure, type Finding } from './findings';
import { assetGroups, serviceGroups, normalize, type Group, type JoinContext } from './join';
import { applyOverlays } from './overlays';
import { readKubernetes } from './read-kubernetes';
import { readRegionSwitch, type RegionSwitchReading } from './readers/region-switch';
import { isReadReplica, replicaProblems } from './readers/rds-replica';
import { bool } from './cfn';
import { bySite, secretReads } from './sites';
import { recoveryPointControls, tierPolicyFindings, type RecoveryPointControl } from './policy';
import { selects } from './readers/backup-selection';
import { InputError } from './errors';
import { budgetChecks, type EntryBudget } from './budget';
import { experimentFindings } from './experiments';
import { healthFindings } from './health';
import { describeWhere, type Artifacts, type StackArtifact } from './types';

export interface CheckInput {
  readonly catalog: Catalog;
  readonly artifacts: Artifacts;
  readonly evidence?: readonly EvidenceRecord[];
  /** ISO date that acceptance and evidence expiry are judged against; statuses never depend on it. */
  readonly today: string;
}

export interface EntryResult {
  readonly id: string;
  readonly kind: string;
  readonly tier: string;
  readonly groups: readonly Group[];
  readonly assessment: Assessment;
}

export interface CheckResult {
  readonly entries: ReadonlyMap<string, EntryResult>;
  /** Assessment per entry id; services already bounded by their dependencies. */
  readonly assessments: ReadonlyMap<string, Assessment>;
  readonly findings: readonly Finding[];
  /** Backup Audit Manager's recovery-point-age controls as the templates configure them, for the posture. */
  readonly recoveryPointControls: readonly RecoveryPointControl[];
  /** Per entry and mode, one incident at the RTO against the SLA's monthly error budget. */
  readonly budgets: ReadonlyMap<string, EntryBudget>;
}

const WARN_DAYS = 30;
const DAY_MS = 86400000;

function fieldRank(f: AchievedField): number {
  return f.kind === 'figure' ? 0 : f.kind === 'none' ? 1 : -1;
}

/** Worse first: the field's status, then its figure (no protection worst). */
function worseField(name: 'rpo' | 'rto') {
  const status = name === 'rpo' ? 'rpoStatus' : 'rtoStatus';
  return (a: ModeAssessment, b: ModeAssessment): number => {
    const [x, y] = [a[name], b[name]];
    return (
      STATUSES.indexOf(b[status]) - STATUSES.indexOf(a[status]) ||
      fieldRank(y) - fieldRank(x) ||
      (x.kind === 'figure' && y.kind === 'figure' ? compareFigures(y.figure, x.figure) : 0)
    );
  };
}

/**
 * An entry with several implementing resources is as good as its weakest one, mode by mode and field by field: the
 * worst RPO and the worst RTO may come from different resources, and neither hides the other.
 */
export function weakest(list: readonly Assessment[]): Assessment {
  if (list.length === 1) return list[0]!;
  return Object.fromEntries(
    MODES.map((m) => {
      const modes = list.map((a) => a[m]);
      const rpo = [...modes].sort(worseField('rpo'))[0]!;
      const rto = [...modes].sort(worseField('rto'))[0]!;
      const acceptances = [
        ...rpo.acceptances.filter((u) => u.fields.includes('rpo')),
        ...rto.acceptances.filter((u) => u.fields.includes('rto')),
      ].reduce<UsedAcceptance[]>((out, u) => {
        const same = out.findIndex((o) => o.reason === u.reason && o.inheritedFrom === u.inheritedFrom);
        if (same < 0) out.push(u);
        else out[same] = { ...out[same]!, fields: [...new Set([...out[same]!.fields, ...u.fields])] };
        return out;
      }, []);
      const mechanisms = [...rpo.mechanisms, ...rto.mechanisms].filter(
        (x, i, all) => all.findIndex((y) => y.id === x.id) === i,
      );
      const merged: ModeAssessment = {
        ...rto,
        rpo: rpo.rpo,
        rpoStatus: rpo.rpoStatus,
        status: worseStatus(rpo.rpoStatus, rto.rtoStatus),
        mechanisms,
        acceptances,
      };
      return [m, merged];
    }),
  ) as unknown as Assessment;
}

function achievedOf(f: AchievedField): AchievedFigure {
  if (f.kind !== 'figure') return { seconds: null, bound: f.kind };
  return {
    seconds: f.figure.seconds,
    bound: f.figure.bound,
    ...(f.figure.atLeast !== undefined ? { atLeastSeconds: f.figure.atLeast } : {}),
  };
}

function show(a: AchievedFigure): string {
  return figureText(a.seconds, a.bound, a.atLeastSeconds);
}

function why(f: AchievedField): string {
  return f.kind === 'figure' ? (f.figure.note ?? '') : f.reason;
}

export function check(input: CheckInput): CheckResult {
  const { catalog } = input;
  const findings: Finding[] = [];
  const aws = readAws(input.artifacts.stacks);
  // The primary cluster's manifests are what runs; the DR site's (a pilot light's standby cluster) are read for the
  // Region switch plan, which scales them up.
  const sites = bySite(input.artifacts.manifests);
  // A team's own Deployment with its overlay applied runs in the primary cluster (overlays.ts).
  const overlaid = applyOverlays(catalog, sites.primary, input.artifacts.teamManifests ?? []);
  const k8s = readKubernetes(overlaid.objects);
  findings.push(...aws.findings, ...overlaid.findings);
  const regionSwitch = readRegionSwitch({
    stacks: input.artifacts.stacks,
    drObjects: sites.dr,
    primaryRegion: catalog.environment.primaryRegion,
    drRegion: catalog.environment.drRegion,
    databases: databaseAssets(aws),
  });
  for (const p of regionSwitch.problems) {
    findings.push(
      finding('unreadable', {
        where: p.where,
        message: p.message,
        fix: 'use the literals ARC documents (docs/artifacts.md, the Region switch plan)',
      }),
    );
  }
  for (const b of regionSwitch.broken) {
    findings.push(
      finding('switch-step', {
        entry: b.entry,
        mode: 'region',
        where: b.where,
        message: `${b.entry} · region: the Region switch plan's ${b.message}`,
        fix: 'deploy the DR network and the access entries with the plan (synthesize again from the catalog: environment.drCompute, environment.network)',
      }),
    );
  }
  const ctx: JoinContext = {
    catalog,
    aws,
    k8s,
    findings,
    regionSwitch: regionSwitch.specs,
    secretReads: secretReads(sites.dr),
  };
  const { evidence, findings: evidenceFindings } = judgeEvidence(input.evidence ?? [], catalog, input.today);
  findings.push(...evidenceFindings);
  findings.push(
    ...labelFindings(ctx),
    ...retentionFindings(input.artifacts.stacks),
    ...replicaFindings(aws, catalog),
    ...adoptionFindings(input.artifacts.annotations ?? []),
  );

  const entries = new Map<string, EntryResult>();
  const judge = (target: Target, kind: string, tier: string, groups: Group[]): Assessment => {
    const modelCtx = contextFor(catalog, tier);
    if (groups.length === 0) {
      findings.push(
        finding('unimplemented', {
          entry: target.id,
          message: `${kind} ${target.id}: nothing in the artifacts implements it`,
          fix: implementHint(kind),
        }),
      );
      return assess(target, [], modelCtx, { evidence });
    }
    return weakest(groups.map((g) => assess(target, g.mechanisms, modelCtx, { evidence })));
  };
  for (const asset of catalog.assets) {
    const groups = assetGroups(asset, ctx);
    entries.set(asset.id, {
      id: asset.id,
      kind: asset.kind,
      tier: asset.tier,
      groups,
      assessment: judge(asset, asset.kind, asset.tier, groups),
    });
  }
  for (const service of catalog.services) {
    const groups = serviceGroups(service.id, ctx);
    const own = judge(service, 'service', service.tier, groups);
    const deps = dependenciesOf(service).map((id) => ({
      id,
      assessment: entries.get(id)!.assessment,
      acceptances: catalog.assets.find((a) => a.id === id)?.acceptances ?? [],
    }));
    entries.set(service.id, {
      id: service.id,
      kind: 'service',
      tier: service.tier,
      groups,
      assessment: boundByDependencies(service, own, deps),
    });
  }
  const assessments = new Map([...entries].map(([id, e]) => [id, e.assessment] as const));
  const budget = budgetChecks(catalog, assessments);
  findings.push(
    ...statusFindings(catalog, entries, budget.budgets),
    ...acceptanceFindings(catalog, input.today),
    ...budget.findings,
    ...healthFindings(catalog, input.artifacts.stacks),
    ...experimentFindings(catalog, input.artifacts.stacks),
  );
  const implemented = (id: string) => (entries.get(id)?.groups.length ?? 0) > 0;
  findings.push(
    ...tierPolicyFindings({
      catalog,
      artifacts: { ...input.artifacts, manifests: [...overlaid.objects, ...sites.dr] },
      aws,
      k8s,
      implemented,
    }),
  );
  return {
    entries,
    assessments,
    budgets: budget.budgets,
    findings: sortFindings(findings),
    recoveryPointControls: recoveryPointControls(
      catalog,
      input.artifacts.stacks,
      (id) => entries.get(id)?.groups ?? [],
    ),
  };
}

/** The id DrTargets' adoption warnings are acknowledged by (constructs/adopt.ts), and the asset they name. */
const ADOPTION = /^dr:asset=([^:]+): ([\s\S]*?)\s*\[ack: dr-targets:adoption\]$/;

/** Each setting DrTargets could not apply to a team's resource, from its warning annotation. */
function adoptionFindings(annotations: readonly { readonly path: string; readonly message: string }[]): Finding[] {
  return annotations.flatMap((a) => {
    const m = ADOPTION.exec(a.message);
    return m
      ? [
          finding('adoption', {
            entry: m[1]!,
            where: a.path,
            message: `${m[1]}: ${m[2]}`,
            fix: 'define the resource in the app (cdk import brings an existing one in) and protect it there',
          }),
        ]
      : [];
  });
}

/**
 * The Region switch plans of the artifacts and, per entry one brings back, its path (the activation workflow's steps
 * and the one that serves the entry): what `dr audit --evidence` times an execution of the plan against.
 */
export function regionSwitchRoutes(
  artifacts: Pick<Artifacts, 'stacks' | 'manifests'>,
  environment: { readonly primaryRegion: string; readonly drRegion: string },
): Pick<RegionSwitchReading, 'plans' | 'specs'> {
  const reading = readRegionSwitch({
    stacks: artifacts.stacks,
    drObjects: bySite(artifacts.manifests).dr,
    primaryRegion: environment.primaryRegion,
    drRegion: environment.drRegion,
    databases: databaseAssets(readAws(artifacts.stacks)),
  });
  return { plans: reading.plans, specs: reading.specs };
}

/** DB instance identifier → the asset its `dr:asset` tag names (DR-Region replicas included). */
function databaseAssets(aws: ReturnType<typeof readAws>): Map<string, string> {
  const out = new Map<string, string>();
  for (const store of aws.stores) {
    const id =
      store.resource.Type === 'AWS::RDS::DBInstance' ? store.resource.Properties?.DBInstanceIdentifier : undefined;
    const { asset, role } = labelsOf(store);
    if (typeof id === 'string' && asset !== undefined && role === undefined) out.set(id, asset);
  }
  return out;
}

function implementHint(kind: string): string {
  if (kind === 'service') return 'add a Deployment labelled dr/service with its HPA (docs/artifacts.md)';
  return `add the resource that holds it, tagged or labelled dr:asset / dr/asset (docs/artifacts.md), or declare it \`external\` with evidence`;
}

/** What holds or protects data: the data stores, and the vaults and keys without which their backups are gone. */
export const KEPT_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(DATA_STORE_TYPES),
  'AWS::Backup::BackupVault',
  'AWS::KMS::Key',
]);
/** Policies under which CloudFormation keeps the resource (or a final snapshot of it). */
const KEEPS = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

/**
 * Resources that hold or protect data must outlive their stack and a replacement: CloudFormation's default for both
 * is Delete. An escape hatch or a removal policy that says Delete is caught here, in any catalog.
 */
function retentionFindings(stacks: readonly StackArtifact[]): Finding[] {
  const out: Finding[] = [];
  for (const stack of stacks) {
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      if (!KEPT_TYPES.has(r.Type)) continue;
      // An instance of a DB cluster holds no data of its own: the cluster does, and CDK deletes such instances by design.
      if (r.Type === 'AWS::RDS::DBInstance' && r.Properties?.DBClusterIdentifier !== undefined) continue;
      // CloudFormation ignores any DeletionPolicy on a read replica (OTH-41): only its DeletionProtection keeps a stack
      // deletion or a replacement from deleting it.
      if (isReadReplica(r)) {
        if (bool(r.Properties?.DeletionProtection) === true) continue;
        const where = `${stack.name}/${logicalId} (${r.Type}, a read replica)`;
        out.push(
          finding('deletion-policy', {
            where,
            resource: { stack: stack.name, logicalId },
            message: `${where}: DeletionProtection is not true, and CloudFormation ignores a DeletionPolicy on a read replica (OTH-41, here ${r.DeletionPolicy ?? 'Delete (the default)'}): a stack deletion or a replacement would delete it`,
            fix: 'set DeletionProtection: true on the replica (constructs/region-replica.ts does)',
          }),
        );
        continue;
      }
      const weak = (['DeletionPolicy', 'UpdateReplacePolicy'] as const).filter((k) => !KEEPS.has(r[k] ?? 'Delete'));
      if (weak.length === 0) continue;
      const where = `${stack.name}/${logicalId} (${r.Type})`;
      out.push(
        finding('deletion-policy', {
          where,
          resource: { stack: stack.name, logicalId },
          message: `${where}: ${weak.map((k) => `${k} ${r[k] ?? 'Delete (the default)'}`).join(', ')}: a stack deletion or a replacement would destroy what it holds`,
          fix: `keep it: RemovalPolicy.RETAIN (or SNAPSHOT where the type supports it), so ${weak.join(' and ')} ${weak.length > 1 ? 'are' : 'is'} Retain`,
        }),
      );
    }
  }
  return out;
}

/**
 * DR-REPLICA: a read replica that does not replicate from its source as written (no source ARN, no or another
 * SourceRegion, OTH-40; a source with retention 0, which RDS refuses, RDS-4), or whose lag is not watched at its asset's Region RPO target (ReplicaLag above it, and below 0:
 * replication not active, OTH-44). A replica of an asset's database names the asset in its `dr:asset` tag.
 */
function replicaFindings(aws: ReturnType<typeof readAws>, catalog: Catalog): Finding[] {
  const out: Finding[] = [];
  for (const r of aws.replicas) {
    const asset = catalog.assets.find((a) => a.id === r.asset);
    const where = `${r.stack.name}/${r.logicalId} (AWS::RDS::DBInstance, a read replica)`;
    const base = {
      ...(asset ? { entry: asset.id, mode: 'region' as const } : {}),
      where,
      resource: { stack: r.stack.name, logicalId: r.logicalId },
    };
    // RDS refuses a BackupRetentionPeriod of 0 on a source of read replicas (RDS-4): the deploy that writes it fails.
    const source = aws.stores.find((s) => s.rds && s.candidate.arn === r.source);
    if (source?.rds && source.rds.automatedBackups.retentionDays < 1) {
      out.push(
        finding('region-replica', {
          ...base,
          message: `${where}: its source ${source.where.stack}/${source.where.logicalId} has BackupRetentionPeriod 0, which RDS refuses on a source of read replicas (RDS-4): the deploy fails`,
          fix: "keep the source's automated backups on (the plan's retention)",
        }),
      );
    }
    for (const problem of replicaProblems(r)) {
      out.push(
        finding('region-replica', {
          ...base,
          message: `${where}: ${problem}; it does not count as the asset's replica`,
          fix: 'name the source by its ARN and give SourceRegion its Region (constructs/region-replica.ts)',
        }),
      );
    }
    const target = asset?.modes.region.rpoSeconds ?? null;
    const loose = r.lagAlarmSeconds === null || (target !== null && r.lagAlarmSeconds > target);
    if (loose || !r.stoppedAlarm) {
      const missing = [
        ...(loose
          ? [
              r.lagAlarmSeconds === null
                ? 'no ReplicaLag alarm above a threshold'
                : `its ReplicaLag alarm fires only above ${r.lagAlarmSeconds} s, past the Region RPO target ${target} s`,
            ]
          : []),
        ...(!r.stoppedAlarm ? ['no ReplicaLag alarm below 0 (replication not active, OTH-44)'] : []),
      ];
      out.push(
        finding('region-replica', {
          ...base,
          message: `${where}: ${missing.join('; ')}: its lag has no published bound (RDS-17), so only an alarm (missing data breaching) tells when it falls behind`,
          fix: 'alarm on AWS/RDS ReplicaLag for its DBInstanceIdentifier above the Region RPO target and below 0, TreatMissingData breaching (constructs/region-replica.ts)',
        }),
      );
    }
  }
  return out;
}

function labelFindings(ctx: JoinContext): Finding[] {
  const out: Finding[] = [];
  const assets = new Set(ctx.catalog.assets.map((a) => a.id));
  const ids = new Set([...assets, ...ctx.catalog.services.map((s) => s.id)]);
  for (const store of ctx.aws.stores) {
    const { asset, role } = labelsOf(store);
    const where = describeWhere(store.where);
    const resource = { stack: store.where.stack, logicalId: store.where.logicalId };
    if (asset === undefined && role === undefined) {
      out.push(
        finding('unlabelled-data-store', {
          where,
          resource,
          message: `${where} holds data but has no dr:asset tag`,
          fix: 'tag it dr:asset=<catalog asset id> and dr:tier, or dr:role if it is a shared protector',
        }),
      );
    } else if (asset !== undefined && role === undefined && !assets.has(asset)) {
      out.push(
        finding('unknown-entry', {
          where,
          resource,
          message: `${where} is tagged dr:asset=${asset}, which is no catalog asset`,
          fix: 'tag it with an asset id of the catalog, or add the asset',
        }),
      );
    }
  }
  for (const w of ctx.k8s.unlabelled) {
    const where = describeWhere(w);
    out.push(
      finding('unlabelled-data-store', {
        where,
        message: `${where} keeps data on volumes but has no dr/asset label`,
        fix: 'label it dr/asset=<catalog asset id> and dr/tier',
      }),
    );
  }
  const tierOf = new Map([...ctx.catalog.assets, ...ctx.catalog.services].map((e) => [e.id, e.tier] as const));
  const mismatch = (id: string, tier: string | undefined, where: string, resource?: Finding['resource']) =>
    tier !== undefined && tierOf.has(id) && tierOf.get(id) !== tier
      ? [
          finding('tier-mismatch', {
            entry: id,
            where,
            ...(resource ? { resource } : {}),
            message: `${where} says tier ${tier}; the catalog puts ${id} in ${tierOf.get(id)}`,
            fix: 'synthesize again from the catalog',
          }),
        ]
      : [];
  for (const store of ctx.aws.stores) {
    const { asset } = labelsOf(store);
    if (asset !== undefined)
      out.push(
        ...mismatch(asset, store.tags[TAG.tier], describeWhere(store.where), {
          stack: store.where.stack,
          logicalId: store.where.logicalId,
        }),
      );
  }
  for (const { id, tier, where } of ctx.k8s.labelled) {
    if (!ids.has(id))
      out.push(
        finding('unknown-entry', {
          where: describeWhere(where),
          message: `${describeWhere(where)} is labelled ${id}, which is no catalog entry`,
          fix: 'label it with an id of the catalog',
        }),
      );
    out.push(...mismatch(id, tier, describeWhere(where)));
  }
  const env = ctx.catalog.environment;
  const volumes = [...ctx.k8s.volumeClasses.values()].flat().map((v) => ({
    logicalId: null,
    arn: `arn:aws:ec2:${env.primaryRegion}:${env.account}:volume/${v.name}`,
    tags: v.tags,
  }));
  for (const s of ctx.aws.selections) {
    const local = (ctx.aws.index.storesByStack.get(s.stack) ?? []).map((d) => d.candidate);
    const inCluster = s.stack.region === null || s.stack.region === env.primaryRegion;
    const selected = [...local, ...(inCluster ? volumes : [])].some((c) => selects(s.reading, c));
    if (!selected) {
      const where = describeWhere(s.where);
      out.push(
        finding('selection-matches-nothing', {
          where,
          resource: { stack: s.where.stack, logicalId: s.where.logicalId },
          message: `backup selection ${s.reading.name} (${where}) matches no resource of the artifacts`,
          fix: 'point Resources at a data store of the same stack, or match the tags a StorageClass puts on its volumes',
        }),
      );
    }
  }
  return out;
}

function statusFindings(
  catalog: Catalog,
  entries: ReadonlyMap<string, EntryResult>,
  budgets: ReadonlyMap<string, EntryBudget>,
): Finding[] {
  const out: Finding[] = [];
  for (const e of entries.values()) {
    const read: MechanismSpec[] = normalize(e.groups.flatMap((g) => g.mechanisms));
    const wheres = e.groups.flatMap((g) => g.where);
    const where = wheres.map(describeWhere).slice(0, 3).join(', ') || undefined;
    const cfn = wheres.find((w): w is Extract<typeof w, { logicalId: string }> => 'logicalId' in w);
    const resource = cfn ? { stack: cfn.stack, logicalId: cfn.logicalId } : undefined;
    let plan: ReturnType<typeof planAsset> | undefined;
    const planOf = () => {
      const asset = catalog.assets.find((a) => a.id === e.id);
      const service = catalog.services.find((s) => s.id === e.id);
      plan ??= asset ? planAsset(catalog, asset) : planService(catalog, service!);
      return plan;
    };
    for (const mode of MODES) {
      const m = e.assessment[mode];
      for (const field of ['rpo', 'rto'] as const) {
        const status = field === 'rpo' ? m.rpoStatus : m.rtoStatus;
        if (status !== 'gap' && status !== 'unverified' && status !== 'expected') continue;
        const achieved = field === 'rpo' ? m.rpo : m.rto;
        const target = field === 'rpo' ? m.target.rpoSeconds : m.target.rtoSeconds;
        const a = achievedOf(achieved);
        const mechanism = achieved.mechanism ?? (m.mechanisms.map((x) => x.id).join(', ') || 'none');
        const limitedBy = achieved.limitedBy ?? [];
        // Each dependency that gives the field its status, with its own figure (judged against this entry's target).
        const deps = limitedBy.filter((d) => d !== e.id);
        const by =
          deps.length === 0
            ? ''
            : ` ${limitedBy.includes(e.id) ? '(own, and via' : 'via'} ${deps
                .map((d) => {
                  const dep = entries.get(d)?.assessment[mode][field];
                  return dep ? `${d} (${show(achievedOf(dep))})` : d;
                })
                .join(', ')}${limitedBy.includes(e.id) ? ')' : ''}`;
        const message =
          `${e.id} · ${mode} · ${field.toUpperCase()}: target ${target === null ? 'n/a' : humanDuration(target)}, achieved ${show(a)}${by}` +
          (why(achieved) ? ` — ${why(achieved)}` : '');
        const fix =
          status === 'unverified'
            ? `record a drill or restore test for ${e.id} (${mode}) in the evidence file, or accept it in the catalog`
            : status === 'expected'
              ? `a typical figure is no guarantee: record a drill or restore test for ${e.id} (${mode}) as evidence, or use a mechanism with a worst or SLA bound`
              : fixFor({
                  mode,
                  field,
                  read,
                  plan: planOf(),
                  ...(deps.length > 0 ? { limitedBy: deps, ownToo: limitedBy.includes(e.id) } : {}),
                });
        out.push(
          finding(status, {
            entry: e.id,
            mode,
            field,
            targetSeconds: target,
            achieved: a,
            mechanism,
            ...(where ? { where } : {}),
            ...(resource ? { resource } : {}),
            message,
            fix,
          }),
        );
      }
      // An acceptance whose field ceilings nothing needs may still carry the SLA budget check's ceiling.
      if (m.unusedAcceptance && budgets.get(e.id)?.[mode].acceptance !== m.unusedAcceptance) {
        out.push(
          finding('acceptance-unused', {
            entry: e.id,
            mode,
            message: `${e.id} · ${mode}: the acceptance (owner ${m.unusedAcceptance.owner}) covers nothing: the mode is ${m.status} without it`,
            fix: 'remove the acceptance from the catalog',
          }),
        );
      }
    }
  }
  return out;
}

/** Expired acceptances (errors) and ones expiring within 30 days (warnings), judged on `today`: synth's rule. */
export function acceptanceFindings(catalog: Catalog, today: string): Finding[] {
  const out: Finding[] = [];
  const now = Date.parse(today);
  for (const e of [...catalog.assets, ...catalog.services]) {
    for (const a of e.acceptances) {
      const expires = Date.parse(a.expires);
      const base = {
        entry: e.id,
        mode: a.mode,
        fix: `review it with ${a.owner}: fix the gap, or renew the acceptance with a new expiry`,
      };
      if (expires < now)
        out.push(
          finding('acceptance-expired', {
            ...base,
            message: `${e.id} · ${a.mode}: the acceptance expired on ${a.expires} (owner ${a.owner})`,
          }),
        );
      else if (expires - now <= WARN_DAYS * DAY_MS)
        out.push(
          finding('acceptance-expiring', {
            ...base,
            message: `${e.id} · ${a.mode}: the acceptance expires on ${a.expires} (owner ${a.owner})`,
          }),
        );
    }
  }
  return out;
}

/** Today as an ISO date: DR_TODAY when set (tests, reproducible runs), else the clock. */
export function todayFrom(env: NodeJS.ProcessEnv = process.env): string {
  const fixed = env.DR_TODAY;
  if (fixed !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(fixed) || Number.isNaN(Date.parse(fixed)))
      throw new InputError([`DR_TODAY: expected an ISO date such as 2026-11-28, got ${fixed}`]);
    return fixed;
  }
  return new Date().toISOString().slice(0, 10);
}
