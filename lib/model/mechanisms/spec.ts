/**
 * Mechanism specifications: the settings that decide what a mechanism achieves. The planner produces them from a
 * target; the checker reads them off synthesized artifacts; both hand them to the same `assess`.
 */
import type { FactId } from '../facts';
import type { LockMode, Mode, ModeOutcomes } from '../types';

/** A vault's lock as far as the model cares (BKP-15, BKP-16). */
export interface VaultLockSpec {
  readonly mode: LockMode;
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;
}

/** What AWS Backup calls the resource (BKP-21); decides which rules and copies are possible. */
export type BackupResourceType = 'RDS' | 'EBS' | 'S3';

export interface ProbeSpec {
  readonly periodSeconds: number;
  readonly failureThreshold: number;
  readonly timeoutSeconds: number;
}

/** One step of a Region switch workflow, as read from the plan (or planned). */
export interface SwitchStep {
  readonly name: string;
  /**
   * What the step waits for: `approval` (a person; ARC-5), `scale` (Deployments or a StatefulSet made ready, ARC-7),
   * `promote` (a read replica, ARC-8), `restore` (a database restored, RDS-21), `parallel` (its `steps` at once,
   * ARC-3), `other` (another block: bounded by its timeout, or unknown without one, as a child plan).
   */
  readonly work: 'approval' | 'scale' | 'promote' | 'restore' | 'parallel' | 'other';
  /** `timeoutMinutes` in seconds (ARC-2: 60 minutes when not set); null where the block has none (ARC-3). */
  readonly timeoutSeconds: number | null;
  /** A parallel step's children. */
  readonly steps?: readonly SwitchStep[];
}

export type MechanismSpec =
  // ---- Amazon RDS (MECH-1..5) ----
  | { readonly id: 'rds-single-az'; readonly deletionProtection: boolean }
  | { readonly id: 'rds-multi-az-instance'; readonly deletionProtection: boolean }
  | { readonly id: 'rds-multi-az-cluster'; readonly deletionProtection: boolean }
  | { readonly id: 'rds-automated-backups'; readonly retentionDays: number; readonly deleteAutomatedBackups: boolean }
  | { readonly id: 'rds-backup-replication'; readonly retentionDays: number }
  | {
      readonly id: 'rds-read-replica';
      /**
       * The threshold of the replica's ReplicaLag alarm, in seconds (OTH-44), or null without one: the lag is never
       * bounded (RDS-17), only watched. @default - not known (a replica read without its alarms)
       */
      readonly lagAlarmSeconds?: number | null;
    }
  // ---- AWS Backup (MECH-9..11, MECH-15) ----
  | {
      readonly id: 'backup-snapshot';
      readonly resourceType: BackupResourceType;
      readonly intervalSeconds: number;
      readonly startWindowSeconds: number;
      readonly completionWindowSeconds: number;
      readonly retentionDays: number;
      readonly vaultLock: VaultLockSpec | null;
    }
  | {
      readonly id: 'backup-continuous';
      readonly resourceType: BackupResourceType;
      readonly retentionDays: number;
      readonly vaultLock: VaultLockSpec | null;
      /**
       * For RDS: the DB instance's own BackupRetentionPeriod. Continuous backups are its automated backups (BKP-7): a
       * value other than the rule's is a conflict read as the weaker, and 0 turns them off (RDS-4).
       */
      readonly instanceRetentionDays?: number;
    }
  | {
      readonly id: 'backup-copy';
      readonly resourceType: BackupResourceType;
      /** The interval and completion window of the rule the copy action belongs to. */
      readonly ruleIntervalSeconds: number;
      readonly ruleCompletionWindowSeconds: number;
      readonly retentionDays: number;
      readonly vaultLock: VaultLockSpec | null;
    }
  // ---- Amazon S3 (MECH-12..15) ----
  | { readonly id: 's3-versioning' }
  | { readonly id: 's3-replication'; readonly rtc: boolean; readonly deleteMarkers: boolean }
  | { readonly id: 's3-object-lock'; readonly mode: LockMode; readonly retentionDays: number }
  // ---- Self-managed Redis (MECH-20..23) ----
  | { readonly id: 'redis-rdb'; readonly saves: readonly (readonly [seconds: number, changes: number])[] }
  | { readonly id: 'redis-aof'; readonly fsync: 'always' | 'everysec' | 'no'; readonly noAppendfsyncOnRewrite: boolean }
  | {
      readonly id: 'redis-sentinel';
      readonly replicas: number;
      /** Distinct zones the primary and replicas are spread over (1 when not spread). */
      readonly zones: number;
      readonly minReplicasToWrite: number;
      readonly minReplicasMaxLagSeconds: number;
      readonly downAfterSeconds: number;
    }
  | {
      readonly id: 'redis-rdb-shipping';
      readonly intervalSeconds: number;
      /** The job's activeDeadlineSeconds: a snapshot not shipped by then fails and alerts. */
      readonly deadlineSeconds: number;
      /** Replication of the destination bucket to the DR Region, or null when it is not replicated. */
      readonly replication: { readonly rtc: boolean } | null;
    }
  // ---- Kubernetes (MECH-24..26) ----
  | {
      readonly id: 'k8s-workload';
      readonly controller: 'Deployment' | 'StatefulSet';
      /** The replicas that are always there: the HPA minimum, or the fixed replica count. */
      readonly minReplicas: number;
      /** Zone spread that holds after scheduling: DoNotSchedule on topology.kubernetes.io/zone. */
      readonly zoneSpread: { readonly maxSkew: number; readonly nodeTaintsPolicy: 'Honor' | 'Ignore' } | null;
      readonly readiness: ProbeSpec | null;
      readonly liveness: ProbeSpec | null;
      readonly startup: ProbeSpec | null;
      /** tolerationSeconds for the not-ready/unreachable NoExecute taints (K8S-16 default 300). */
      readonly unreachableTolerationSeconds: number;
    }
  // ---- The Region-loss path (issue 16) ----
  | {
      readonly id: 'region-switch';
      /** What the plan does for the entry: scale its DR Deployment, restore or promote its database, start a StatefulSet. */
      readonly path: 'redeploy' | 'restore' | 'promote' | 'start';
      /** The activation workflow into the DR Region, in order (ARC-1..4). */
      readonly steps: readonly SwitchStep[];
      /** The name of the step that brings the entry back (top-level or inside a parallel step). */
      readonly serving: string;
      /** `redeploy`: the EKS step names two clusters, each with an access entry for the plan's role (ARC-6). */
      readonly clusters?: boolean;
      /** `restore`: the DB subnet group the restore step names exists in the DR Region. */
      readonly network?: boolean;
      /**
       * A service: how Route 53 moves its clients (health checks on both Regions' targets and failover records), or
       * null when nothing does. Absent for an internal workload (a cache), which clients reach inside the cluster.
       */
      readonly traffic?: {
        readonly requestIntervalSeconds: number;
        readonly failureThreshold: number;
        readonly ttlSeconds: number;
      } | null;
    }
  // ---- Managed services and things provisioned elsewhere ----
  | {
      readonly id: 'secrets-manager';
      readonly replicaRegions: readonly string[];
      /**
       * Regions whose workloads read the replica where it is (a pilot light's SecretStore): nothing to promote there
       * for reading (OTH-1, OTH-2). @default none
       */
      readonly readInPlace?: readonly string[];
    }
  | { readonly id: 'ecr-replication'; readonly regions: readonly string[] }
  | { readonly id: 'stateless-redeploy' }
  | {
      readonly id: 'cache-flush';
      /** How long a flushed cache takes to serve again (emptied, then warmed by its clients), as declared; null: not. */
      readonly warmUpSeconds: number | null;
    }
  | {
      readonly id: 'external';
      readonly provider: string;
      readonly evidence: string;
      /** Modes the catalog declares the provider is outside of (its failure domain is not AWS's). */
      readonly unaffected: readonly Mode[];
    };

export type MechanismId = MechanismSpec['id'];
export type SpecOf<I extends MechanismId> = Extract<MechanismSpec, { id: I }>;

/** The environment a mechanism runs in: facts about the platform, not settings of the resource. */
export interface ModelContext {
  /** Kubernetes minor version, e.g. "1.27": node-monitor grace differs (K8S-13, K8S-14). */
  readonly kubernetesVersion: string;
  /** Zones the primary cluster spans. */
  readonly zones: number;
  /**
   * Whether compute exists in the DR Region, declared `external` with evidence (nothing here provisions it). A pilot
   * light is not this: the checker reads it from the artifacts (mechanism `region-switch`).
   */
  readonly drCompute: boolean;
  /** Ready replicas a service needs to count as recovered (the tier's minimum). */
  readonly minReady: number;
  /**
   * How long a change of ready pods takes to reach the clients (endpoints, kube-proxy, load balancers), as the catalog
   * declares it (tier `policy.recovery.endpointPropagation`); null when not declared. Not published (MECH-25).
   */
  readonly endpointPropagationSeconds: number | null;
}

export interface MechanismModule<I extends MechanismId> {
  readonly id: I;
  readonly title: string;
  /** The mechanism row of docs/dr-facts.md this models. */
  readonly row: FactId;
  /**
   * Relative cost rank (documented in docs/model.md): an order, not money. The planner minimises the sum, so a
   * stronger variant of a mechanism always ranks above a weaker one.
   */
  cost(spec: SpecOf<I>): number;
  /** What the mechanism achieves per mode, given the rest of the set (some mechanisms need others). */
  achieve(spec: SpecOf<I>, ctx: ModelContext, set: readonly MechanismSpec[]): ModeOutcomes;
}

export function findSpec<I extends MechanismId>(set: readonly MechanismSpec[], id: I): SpecOf<I> | undefined {
  return set.find((m): m is SpecOf<I> => m.id === id);
}
