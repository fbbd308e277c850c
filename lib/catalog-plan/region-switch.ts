/**
 * The Region switch plan of a catalog with a pilot light: one ARC plan (ARC-1), built from the per-entry plans, that
 * the Recovery stack renders (constructs/region-switch.ts) and the model reads back per entry (`region-switch`).
 *
 * Activation of the DR Region, with parallel steps where the dependencies allow (ARC-3, at most 20 per step, ARC-15):
 * 1. a person approves (ARC-5): its wait is the tier's declared `decide`, counted once by the model;
 * 2. `data`: every database with a copy in the DR Region restored from it (a Lambda step), or, where it has a
 *    cross-Region read replica, the replica promoted (ARC's block, ARC-8) beside a Lambda step that waits for the
 *    promotion, checks its automated backups are on and writes its endpoint; every Redis that ships snapshots there
 *    started from the newest one; and the Deployments that depend on none of them scaled up;
 * 3. `scale-services`: the remaining Deployments scaled up (EKS, ARC-6/7), once their data is back.
 * Failback (activate the primary) is approval; for each promoted database a replica made again in the primary Region
 * from the DR instance (ARC's create cross-Region replica block, ARC-9: it renames the stale instance there) and then
 * promoted; then the primary's Deployments scaled up. A restored database goes back by hand first (docs/aws.md, the
 * runbook), because no block copies a restored database back.
 */
import type { Catalog } from '../catalog';
import {
  databaseIdentifier,
  dbParameterGroupName,
  dbSubnetGroupName,
  k8s,
  k8sName,
  regionSwitchPlanName,
} from '../names';
import { factValue, type MechanismSpec, type Plan, type SwitchStep } from '../model';

/** A step as the Recovery stack renders it. */
export type PlannedStep =
  | { readonly kind: 'approval'; readonly name: string; readonly timeoutMinutes: number }
  | { readonly kind: 'parallel'; readonly name: string; readonly steps: readonly PlannedStep[] }
  | {
      readonly kind: 'restore-database';
      readonly name: string;
      readonly asset: string;
      /** The replicated automated backups (RDS-13), else the newest copy in the tier's DR vault (MECH-11). */
      readonly source: 'replicated-backups' | 'vault-copy';
      readonly timeoutMinutes: number;
      readonly retryIntervalMinutes: number;
    }
  | {
      readonly kind: 'promote-database';
      readonly name: string;
      readonly asset: string;
      readonly timeoutMinutes: number;
    }
  | {
      /** Waits for the promotion, turns automated backups on if the promoted instance has none, writes its endpoint. */
      readonly kind: 'promoted-database';
      readonly name: string;
      readonly asset: string;
      /** The retention to turn backups on with, should the promoted instance have none (ARC-8, OTH-42). */
      readonly retentionDays: number;
      readonly timeoutMinutes: number;
      readonly retryIntervalMinutes: number;
    }
  | {
      /** Failback: a replica of the DR instance made again in the primary Region (ARC-9). */
      readonly kind: 'recreate-replica';
      readonly name: string;
      readonly asset: string;
      readonly timeoutMinutes: number;
    }
  | {
      readonly kind: 'start-redis';
      readonly name: string;
      readonly asset: string;
      /** The StatefulSet's pods once started (the primary's count). */
      readonly replicas: number;
      readonly timeoutMinutes: number;
      readonly retryIntervalMinutes: number;
    }
  | {
      readonly kind: 'scale-deployments';
      readonly name: string;
      /** The Deployments (and their HPAs, same name) of the entries, in both clusters. */
      readonly deployments: readonly { readonly entry: string; readonly name: string }[];
      readonly timeoutMinutes: number;
    };

export interface SwitchPlan {
  readonly name: string;
  /** The tightest Region RTO among the entries it serves, in minutes (1–10080, ARC-1): informational. */
  readonly recoveryTimeObjectiveMinutes: number;
  /** Into the DR Region. */
  readonly activate: readonly PlannedStep[];
  /** Back into the primary Region. */
  readonly failback: readonly PlannedStep[];
  /** Each entry the plan brings back: its path and the step that does it. */
  readonly serves: ReadonlyMap<
    string,
    { readonly path: 'redeploy' | 'restore' | 'promote' | 'start'; readonly step: string }
  >;
}

/**
 * Timeouts, in minutes: settings, not figures (the model reads them back from the template). A restore "can take up to
 * a few hours" (RDS-15): three; a promote keeps ARC's default (ARC-2); scaling up waits for nodes (Auto Mode launches
 * them, EKS-4) and pods: half an hour; a Lambda step runs again every few minutes until it reports done (ARC-10).
 */
export const SWITCH_TIMEOUTS = {
  restore: 180,
  promote: 60,
  /** The promoted-database step starts with the promote and waits for it: the promote's timeout and a margin. */
  promoted: 75,
  /** A new replica copies the whole database first (ARC-9; no duration is published): as long as a restore. */
  recreate: 180,
  startRedis: 30,
  scale: 30,
  restoreRetry: 5,
  startRetry: 2,
  promotedRetry: 2,
} as const;

const MAX_PARALLEL = 20; // ARC-15
const MAX_BLOCKS = 100; // ARC-15
const MINUTE = 60;

/** Steps in groups of at most 20 (ARC-15): one parallel step each, or the step itself when alone. */
function parallelSteps(name: string, steps: readonly PlannedStep[]): PlannedStep[] {
  const out: PlannedStep[] = [];
  for (let i = 0; i < steps.length; i += MAX_PARALLEL) {
    const chunk = steps.slice(i, i + MAX_PARALLEL);
    const label = steps.length > MAX_PARALLEL ? `${name}-${i / MAX_PARALLEL + 1}` : name;
    out.push(chunk.length === 1 ? chunk[0]! : { kind: 'parallel', name: label, steps: chunk });
  }
  return out;
}

const has = (p: Plan, id: MechanismSpec['id']) => p.mechanisms.some((m) => m.id === id);

/** The plan, or undefined when the catalog has no pilot light. */
export function switchPlan(catalog: Catalog, assets: ReadonlyMap<string, Plan>): SwitchPlan | undefined {
  const env = catalog.environment;
  if (env.drCompute?.kind !== 'pilot-light') return undefined;
  const serves = new Map<string, { path: 'redeploy' | 'restore' | 'promote' | 'start'; step: string }>();
  const data: PlannedStep[] = [];
  const promoted: string[] = [];
  for (const asset of catalog.assets) {
    const p = assets.get(asset.id)!;
    const name = k8sName(asset.id);
    if (asset.kind === 'postgres' || asset.kind === 'mysql') {
      if (has(p, 'rds-read-replica')) {
        data.push(
          {
            kind: 'promote-database',
            name: `promote-${name}`,
            asset: asset.id,
            timeoutMinutes: SWITCH_TIMEOUTS.promote,
          },
          {
            kind: 'promoted-database',
            name: `endpoint-${name}`,
            asset: asset.id,
            retentionDays: Math.min(factValue('RDS-4'), asset.retentionDays),
            timeoutMinutes: SWITCH_TIMEOUTS.promoted,
            retryIntervalMinutes: SWITCH_TIMEOUTS.promotedRetry,
          },
        );
        promoted.push(asset.id);
        serves.set(asset.id, { path: 'promote', step: `promote-${name}` });
      } else if (has(p, 'rds-backup-replication') || has(p, 'backup-copy')) {
        data.push({
          kind: 'restore-database',
          name: `restore-${name}`,
          asset: asset.id,
          source: has(p, 'rds-backup-replication') ? 'replicated-backups' : 'vault-copy',
          timeoutMinutes: SWITCH_TIMEOUTS.restore,
          retryIntervalMinutes: SWITCH_TIMEOUTS.restoreRetry,
        });
        serves.set(asset.id, { path: 'restore', step: `restore-${name}` });
      }
    } else if (asset.kind === 'redis') {
      const shipping = p.mechanisms.find((m) => m.id === 'redis-rdb-shipping');
      const sentinel = p.mechanisms.find((m) => m.id === 'redis-sentinel');
      if (shipping?.id === 'redis-rdb-shipping' && shipping.replication !== null) {
        data.push({
          kind: 'start-redis',
          name: `start-${name}`,
          asset: asset.id,
          replicas: sentinel?.id === 'redis-sentinel' ? sentinel.replicas + 1 : 1,
          timeoutMinutes: SWITCH_TIMEOUTS.startRedis,
          retryIntervalMinutes: SWITCH_TIMEOUTS.startRetry,
        });
        serves.set(asset.id, { path: 'start', step: `start-${name}` });
      }
    }
  }
  const restored = new Set(serves.keys());
  // Deployments: each service, and each cache (a Deployment of its own). Those whose dependencies the data step
  // brings back wait for it; the others scale up beside it.
  const deployments = [
    ...catalog.services.map((s) => ({
      entry: s.id,
      name: k8s.deployment(s.id),
      waits: [...s.owns, ...s.dependsOn].some((d) => restored.has(d)),
    })),
    ...catalog.assets
      .filter((a) => a.kind === 'redis-cache')
      .map((a) => ({ entry: a.id, name: k8sName(a.id), waits: false })),
  ];
  const scale = (name: string, list: typeof deployments): PlannedStep[] =>
    list.length === 0
      ? []
      : [
          {
            kind: 'scale-deployments',
            name,
            deployments: list.map(({ entry, name: n }) => ({ entry, name: n })),
            timeoutMinutes: SWITCH_TIMEOUTS.scale,
          },
        ];
  const early = scale(
    'scale-independent',
    deployments.filter((d) => !d.waits),
  );
  const late = scale(
    'scale-services',
    deployments.filter((d) => d.waits),
  );
  for (const d of deployments)
    serves.set(d.entry, { path: 'redeploy', step: d.waits ? 'scale-services' : 'scale-independent' });

  const served = [...catalog.assets, ...catalog.services].filter((e) => serves.has(e.id));
  const tiers = new Set(served.map((e) => e.tier));
  const rtos = catalog.tiers.filter((t) => tiers.has(t.id)).map((t) => t.policy.region.rtoSeconds);
  // The approval waits for a person as long as the loosest Region RTO it serves: past that, every target is missed.
  const approval: PlannedStep = {
    kind: 'approval',
    name: 'approve-failover',
    timeoutMinutes: Math.min(10080, Math.max(1, ...rtos.map((s) => Math.ceil(s / MINUTE)))),
  };
  const activate: PlannedStep[] = [approval, ...parallelSteps('data', [...data, ...early]), ...late];
  const back = (kind: 'recreate-replica' | 'promote-database'): PlannedStep[] =>
    promoted.map((id) =>
      kind === 'recreate-replica'
        ? { kind, name: `replicate-${k8sName(id)}`, asset: id, timeoutMinutes: SWITCH_TIMEOUTS.recreate }
        : { kind, name: `promote-${k8sName(id)}`, asset: id, timeoutMinutes: SWITCH_TIMEOUTS.promote },
    );
  const failback: PlannedStep[] = [
    { ...approval, name: 'approve-failback' },
    ...parallelSteps('replicate-back', back('recreate-replica')),
    ...parallelSteps('promote-back', back('promote-database')),
    ...scale(
      'scale-primary',
      deployments.map((d) => ({ ...d, waits: false })),
    ),
  ];
  const blocks = (steps: readonly PlannedStep[]): number =>
    steps.reduce((n, s) => n + 1 + (s.kind === 'parallel' ? s.steps.length : 0), 0);
  if (blocks(activate) + blocks(failback) > MAX_BLOCKS) {
    throw new Error(
      `the Region switch plan needs ${blocks(activate) + blocks(failback)} execution blocks; a plan allows ${MAX_BLOCKS} (ARC-15)`,
    );
  }
  const rto = Math.min(...served.map((e) => e.modes.region.rtoSeconds), 10080 * MINUTE);
  return {
    name: regionSwitchPlanName(catalog.naming),
    recoveryTimeObjectiveMinutes: Math.max(1, Math.floor(rto / MINUTE)),
    activate,
    failback,
    serves,
  };
}

/** The planned steps as the model sees them (what the reader makes of the rendered template). */
export function switchSteps(steps: readonly PlannedStep[]): SwitchStep[] {
  return steps.map((s): SwitchStep => {
    switch (s.kind) {
      case 'approval':
        return { name: s.name, work: 'approval', timeoutSeconds: s.timeoutMinutes * MINUTE };
      case 'parallel':
        return { name: s.name, work: 'parallel', timeoutSeconds: null, steps: switchSteps(s.steps) };
      case 'restore-database':
        return { name: s.name, work: 'restore', timeoutSeconds: s.timeoutMinutes * MINUTE };
      case 'promote-database':
        return { name: s.name, work: 'promote', timeoutSeconds: s.timeoutMinutes * MINUTE };
      case 'promoted-database':
      case 'recreate-replica':
        return { name: s.name, work: 'other', timeoutSeconds: s.timeoutMinutes * MINUTE };
      case 'start-redis':
      case 'scale-deployments':
        return { name: s.name, work: 'scale', timeoutSeconds: s.timeoutMinutes * MINUTE };
    }
  });
}

/** What a restore step names in the DR Region (its Lambda payload): the database, its subnet and parameter groups. */
export function restoreTarget(
  catalog: Catalog,
  assetId: string,
): {
  readonly identifier: string;
  readonly sourceArn: string;
  readonly dbSubnetGroupName: string;
  readonly dbParameterGroupName: string;
} {
  const naming = catalog.naming;
  const asset = catalog.assets.find((a) => a.id === assetId)!;
  const identifier = databaseIdentifier(naming, assetId);
  return {
    identifier,
    sourceArn: `arn:aws:rds:${naming.primaryRegion}:${naming.account}:db:${identifier}`,
    dbSubnetGroupName: dbSubnetGroupName(naming),
    dbParameterGroupName: dbParameterGroupName(naming, asset.kind),
  };
}

/**
 * The `region-switch` spec of one entry, as the checker reads it back from the rendered plan (readers/region-switch.ts):
 * the activation's steps, the one that serves the entry, and what it needs as built here — the access entries on both
 * clusters, the DR network's subnet group, and for a service Route 53 failover of `environment.dns` (the stack's checks
 * at OTH-5's defaults; an alias answers with its target's TTL, 60 s for a load balancer, R53-1; a CNAME with 60 s).
 */
export function switchSpecOf(
  catalog: Catalog,
  plan: SwitchPlan,
  entry: string,
  service: boolean,
): MechanismSpec | undefined {
  const served = plan.serves.get(entry);
  if (!served) return undefined;
  const traffic = catalog.environment.dns
    ? {
        requestIntervalSeconds: factValue('OTH-5'),
        failureThreshold: factValue('OTH-5', 'failureThreshold'),
        ttlSeconds: factValue('R53-1'),
      }
    : null;
  return {
    id: 'region-switch',
    path: served.path,
    steps: switchSteps(plan.activate),
    serving: served.step,
    ...(served.path === 'redeploy' ? { clusters: true } : {}),
    ...(served.path === 'restore' ? { network: true } : {}),
    ...(service ? { traffic } : {}),
  };
}
