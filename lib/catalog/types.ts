/** The catalog after validation: typed, durations in seconds, tiers inherited, per-mode targets worked out. */
import type { Acceptance, AssetKind, LockMode, Mode, ModeTarget, RecoveryOverhead } from '../model';
import type { NamingContext } from '../names';
import type { DrillKind, Frequency } from './schema';

export interface TierPolicy {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly priority: number;
  readonly retentionDays: number;
  readonly immutableBackups: boolean;
  /** Every recovery point of the tier is also copied to the tier's locked vault in the DR Region. */
  readonly offsiteCopy: boolean;
  readonly vaultLock: {
    readonly mode: LockMode;
    /** Only in compliance mode (BKP-15). */
    readonly changeableForDays?: number;
    readonly minRetentionDays: number;
    readonly maxRetentionDays: number;
  };
  readonly backupWindow: { readonly startSeconds: number; readonly completionSeconds: number };
  readonly evidenceValiditySeconds: number;
  /** The labelled interpretation of Region-loss targets, which the targets document does not give. */
  readonly region: { readonly rpoSeconds: number; readonly rtoSeconds: number; readonly interpretation: string };
  /** Data stores that have the setting keep deletion protection on (rule DR-DELETION-PROTECTION). */
  readonly deletionProtection: boolean;
  /**
   * The declared recovery overhead (absent: not declared, and Region and corruption RTOs stay unknown), the declared
   * endpoint propagation of pod losses (null: not declared), and how corruption is noticed.
   */
  readonly recovery?: RecoveryOverhead;
  readonly endpointPropagationSeconds: number | null;
}

export interface Tier {
  readonly id: string;
  /** 0 for the most important tier, in catalog order. */
  readonly rank: number;
  readonly name: string;
  readonly definition: string;
  readonly sla: number;
  readonly policy: TierPolicy;
}

/** A step the team writes into an entry's runbook for some failure modes (the seed's Stripe replay, for one). */
export interface RunbookNote {
  readonly modes: readonly Mode[];
  readonly title: string;
  readonly text: string;
  readonly command?: string;
}

/** What services and assets share. */
interface Entry {
  readonly id: string;
  readonly tier: string;
  /** RPO as written: seconds, or a word. */
  readonly rpo: number | 'stateless' | 'rebuildable';
  readonly rtoSeconds: number;
  /** The target per failure mode (region from the tier's interpretation, never stricter than the own target). */
  readonly modes: Readonly<Record<Mode, ModeTarget>>;
  readonly acceptances: readonly Acceptance[];
  /** The tier's declared recovery overhead (the model adds it to Region and corruption figures). */
  readonly recovery?: RecoveryOverhead;
  /** The team's own runbook steps, per mode. */
  readonly runbook: readonly RunbookNote[];
}

/** How a service's health is seen: an existing CloudWatch metric, or a canary the stack creates on an https URL. */
export type HealthSignal =
  | {
      readonly kind: 'canary';
      readonly url: string;
      /** Reachable only inside the cluster's network (environment.kubernetes.network): the canary runs there. */
      readonly internal: boolean;
    }
  | {
      readonly kind: 'metric';
      readonly namespace: string;
      readonly name: string;
      readonly dimensions: Readonly<Record<string, string>>;
      readonly statistic: 'Average' | 'Minimum' | 'Maximum' | 'Sum' | 'SampleCount';
      /** When the service is healthy: the metric compared with a value. */
      readonly healthy: { readonly op: '>=' | '>' | '<=' | '<'; readonly value: number };
    };

export interface Service extends Entry {
  readonly sla: number;
  readonly notes: string;
  readonly owns: readonly string[];
  readonly dependsOn: readonly string[];
  readonly startupSeconds: number;
  readonly port: number;
  readonly healthPath: string;
  /** Its health signal; absent: none declared (reported: no RTO alarm, experiment or SLO can watch it). */
  readonly health?: HealthSignal;
  /** Its image tag or digest (its own, else environment.kubernetes.imageTag). */
  readonly imageTag: string;
  /** Its container's requests and memory limit (lib/catalog SERVICE_RESOURCES where the catalog says none). */
  readonly resources: { readonly cpu: string; readonly memory: string };
  /** `managed`: the charts write the Deployment; `overlay`: the team's, which the charts patch. */
  readonly workload: 'managed' | 'overlay';
  /** The team's Deployment an overlay patches (only for `overlay`). */
  readonly deployment?: {
    readonly name: string;
    readonly container: string;
    /** A folder of the team's manifests, relative to the catalog's folder. */
    readonly manifests?: string;
  };
}

export interface Asset extends Entry {
  readonly kind: AssetKind;
  readonly rebuildFrom?: string;
  readonly retentionDays: number;
  /** A service or contact id. */
  readonly owner: string;
  readonly backupMethod: string;
  readonly notes?: string;
  readonly personalData: boolean;
  readonly preDeploySnapshot: boolean;
  /** A rebuildable cache's declared warm-up after a flush, in seconds. */
  readonly warmUpSeconds?: number;
  readonly external?: { readonly provider: string; readonly evidence: string; readonly unaffected: readonly Mode[] };
  /**
   * A database's path out of a Region loss, as declared (absent: `restore`): `replica` keeps a cross-Region read replica
   * that the Region switch plan promotes; `auto` keeps one only where the Region RPO target is tighter than replicated
   * automated backups give (RDS-15). catalog-plan `wantsReplica` decides.
   */
  readonly regionStrategy?: 'restore' | 'replica' | 'auto';
  /** A database's instance class and storage (postgres, mysql only; lib/catalog DATABASE_SIZE where not given). */
  readonly database?: {
    readonly instanceClass: string;
    readonly storageGiB: number;
    readonly maxStorageGiB: number;
  };
}

export interface Contact {
  readonly id: string;
  readonly role: string;
  readonly email: string;
  readonly notify: boolean;
}

export interface Drill {
  readonly id: string;
  readonly name: string;
  readonly kind: DrillKind;
  readonly frequency: Frequency;
  /** AWS cron expression; derived from the frequency when the catalog gives none. */
  readonly schedule: string;
  readonly owner: string;
  readonly assets: readonly string[];
}

/** A Region's network: created by the app, or an existing VPC (`Vpc.fromVpcAttributes`, never a lookup). */
export type Network =
  | { readonly kind: 'create' }
  | {
      readonly kind: 'existing';
      readonly vpcId: string;
      readonly zones: readonly string[];
      /** Zone by zone in the order of `zones`. */
      readonly subnetIds: readonly string[];
    };

/** Compute in the DR Region. */
export type DrCompute =
  /** Provisioned elsewhere, declared with evidence; nothing here builds or reads it. */
  | { readonly kind: 'external'; readonly evidence: string }
  /** A standby cluster at pilot-light scale that the Region switch plan scales up. */
  | {
      readonly kind: 'pilot-light';
      readonly kubernetesVersion: string;
      /** `create`: the Recovery stack creates it (EKS Auto Mode); `existing`: run elsewhere, named `clusterName`. */
      readonly cluster: 'create' | 'existing';
      /** `environment.kubernetes.clusters.dr`, else `<prefix>-dr`. */
      readonly clusterName: string;
      /** Replicas of each Deployment while idle. */
      readonly replicas: number;
      /** The EBS CSI provisioner of the DR StorageClasses (EKS-3). */
      readonly storageProvisioner: 'ebs.csi.eks.amazonaws.com' | 'ebs.csi.aws.com';
    };

/** Where one Region serves the app's entry point. */
export type DnsTarget =
  { readonly alias: { readonly dnsName: string; readonly hostedZoneId: string } } | { readonly dnsName: string };

export interface DnsFailover {
  readonly hostedZoneId: string;
  readonly recordName: string;
  /** Keyed by side. */
  readonly targets: { readonly primary: DnsTarget; readonly dr: DnsTarget };
  readonly healthCheck: { readonly path: string; readonly port: number };
}

export interface Environment {
  /** The stage (absent: production, whose names carry no stage). Every AWS and cluster-wide name carries another. */
  readonly stage?: string;
  readonly account: string;
  readonly primaryRegion: string;
  readonly drRegion: string;
  readonly availabilityZones: Readonly<Record<string, readonly string[]>>;
  readonly kubernetes: {
    readonly version: string;
    readonly namespace: string;
    readonly clusters: { readonly primary: string; readonly dr?: string };
    /** The primary cluster's VPC and private subnets (where canaries of internal health URLs run). */
    readonly network?: { readonly vpc: string; readonly subnets: readonly string[] };
    readonly imageTag: string;
    /** Third-party images pinned by digest (k8s/images.ts names them); absent ones run by version tag. */
    readonly images?: { readonly redis?: string; readonly awsCli?: string; readonly redisExporter?: string };
  };
  /**
   * The network of each side: the primary always has one (created unless an existing VPC is named); the DR Region has
   * one when the catalog names it or a pilot light needs it (created by the Recovery stack unless existing).
   */
  readonly networks: { readonly primary: Network; readonly dr?: Network };
  readonly drCompute?: DrCompute;
  /** Route 53 failover of the app's entry point between the Regions; absent: nothing moves clients. */
  readonly dns?: DnsFailover;
  /**
   * Account quotas per Region. `rdsReplicatedBackups` defaults to RDS-13's 20 and `backupAuditControls` to BKP-19's
   * 50; `rdsInstances` has no published default in the facts, so it is checked only when the catalog gives it.
   */
  readonly quotas: {
    readonly rdsInstances?: number;
    readonly rdsReplicatedBackups: number;
    readonly backupAuditControls: number;
  };
}

export interface Catalog {
  /** The file it was read from, as given (relative to the working directory). */
  readonly file: string;
  readonly company: string;
  readonly profile: 'production' | 'sandbox';
  readonly environment: Environment;
  readonly naming: NamingContext;
  readonly contacts: readonly Contact[];
  readonly tiers: readonly Tier[];
  readonly services: readonly Service[];
  readonly assets: readonly Asset[];
  readonly drills: readonly Drill[];
  /** Paths relative to the catalog file's folder. */
  readonly drillLog: string;
  readonly evidence: string;
  readonly businessImpact: readonly {
    readonly fromSeconds: number;
    readonly toSeconds?: number;
    readonly impact: string;
    readonly acceptable: string;
  }[];
  readonly slaPolicy?: {
    readonly reportTo: string;
    readonly reportWithinSeconds: number;
    readonly postMortemWithinSeconds: number;
  };
}

/**
 * Something that gives the catalog an app is judged against once the app is built: the library's `DrTargets`, whose
 * catalog is its file (or inline object) plus the assets constructs declared. The checker plugin asks it when synth
 * validates, after every construct has registered.
 */
export interface TargetsSource {
  effectiveCatalog(): Catalog;
}
