/**
 * What the checker reports. Every finding kind has one stable rule id (the registry below), a severity, and names
 * what it is about (entry, mode, field), target against achieved where there are figures, the mechanism and the fix.
 */
import type { Mode } from '../model';

/**
 * - `error`: fails `dr check` and synth.
 * - `unverified`: an `unverified` or `expected` field (no proof the target holds); fails only `dr check --strict`.
 * - `warning`: printed, never fails.
 */
export type Severity = 'error' | 'unverified' | 'warning';

export const RULES = {
  gap: { id: 'DR-GAP', severity: 'error', title: 'a target is not met' },
  unverified: { id: 'DR-UNVERIFIED', severity: 'unverified', title: 'no published figure and no evidence' },
  expected: {
    id: 'DR-EXPECTED',
    severity: 'unverified',
    title: 'only a typical figure meets the target: no worst, SLA or measured bound proves it',
  },
  'acceptance-expired': { id: 'DR-ACCEPT-EXPIRED', severity: 'error', title: 'an acceptance has expired' },
  'acceptance-expiring': {
    id: 'DR-ACCEPT-EXPIRING',
    severity: 'warning',
    title: 'an acceptance expires within 30 days',
  },
  'acceptance-unused': { id: 'DR-ACCEPT-UNUSED', severity: 'warning', title: 'an acceptance that nothing needs' },
  'unlabelled-data-store': { id: 'DR-UNLABELLED', severity: 'error', title: 'a data store without dr:asset' },
  'deletion-policy': {
    id: 'DR-RETAIN',
    severity: 'error',
    title: 'a data store, vault or key that deleting or replacing its resource would destroy',
  },
  'rule-overlap': {
    id: 'DR-RULE-OVERLAP',
    severity: 'error',
    title: 'a copy action on a backup rule that another rule of its plan may run in place of',
  },
  'backup-takeover': {
    id: 'DR-BACKUP-TAKEOVER',
    severity: 'error',
    title: "a DB instance an AWS Backup continuous rule manages, with a BackupRetentionPeriod other than the rule's",
  },
  'backup-window': {
    id: 'DR-BACKUP-WINDOW',
    severity: 'warning',
    title: 'a PreferredBackupWindow on a DB instance an AWS Backup continuous rule manages',
  },
  'ecr-template': {
    id: 'DR-ECR-TEMPLATE',
    severity: 'error',
    title:
      'an ECR replication destination with no immutable, KMS-encrypting repository creation template for the replicas',
  },
  'key-region': {
    id: 'DR-KEY-REGION',
    severity: 'error',
    title: 'a KMS key named for a Region whose stacks do not create it',
  },
  'unknown-entry': { id: 'DR-UNKNOWN-ENTRY', severity: 'error', title: 'a label or tag names no catalog entry' },
  'tier-mismatch': {
    id: 'DR-TIER-MISMATCH',
    severity: 'warning',
    title: 'a dr:tier tag or dr/tier label other than the catalog tier',
  },
  unimplemented: { id: 'DR-UNIMPLEMENTED', severity: 'error', title: 'a catalog entry that nothing implements' },
  adoption: {
    id: 'DR-ADOPTION',
    severity: 'error',
    title: "a setting the plan needs that DrTargets could not apply to a team's own (imported) resource",
  },
  overlay: {
    id: 'DR-OVERLAY',
    severity: 'error',
    title:
      "a team's Deployment that a service's overlay cannot patch whole: missing, or without a probe the plan times",
  },
  'overlay-tolerations': {
    id: 'DR-OVERLAY-TOLERATIONS',
    severity: 'warning',
    title: "a team's own tolerations that a service's overlay patch replaces (the API gives tolerations no merge key)",
  },
  'selection-matches-nothing': {
    id: 'DR-EMPTY-SELECTION',
    severity: 'error',
    title: 'a backup selection that matches nothing',
  },
  unreadable: { id: 'DR-UNREADABLE', severity: 'error', title: 'a setting the checker cannot read' },
  'evidence-expired': { id: 'DR-EVIDENCE-EXPIRED', severity: 'warning', title: 'evidence older than the tier allows' },
  'evidence-rejected': { id: 'DR-EVIDENCE-REJECTED', severity: 'warning', title: 'evidence that does not count' },
  'region-replica': {
    id: 'DR-REPLICA',
    severity: 'error',
    title:
      'a cross-Region read replica that does not replicate from its source as written, or whose lag no ReplicaLag alarm watches at the Region RPO target',
  },
  'switch-step': {
    id: 'DR-SWITCH-STEP',
    severity: 'error',
    title:
      'a step of the Region switch plan that cannot work as built (no DR network to restore into, no access entry)',
  },
  'pilot-light': {
    id: 'DR-PILOT-LIGHT',
    severity: 'error',
    title: 'a workload of the DR site held below the scale it is graded at, without the pilot-light marker',
  },
  'min-replicas': {
    id: 'DR-MIN-REPLICAS',
    severity: 'error',
    title: "a workload's HPA minimum below its tier's minReplicas",
  },
  'disruption-budget': {
    id: 'DR-PDB',
    severity: 'error',
    title: 'a Deployment whose PodDisruptionBudget is missing, blocks every eviction or allows too many',
  },
  'immutable-backup': {
    id: 'DR-IMMUTABLE-BACKUP',
    severity: 'error',
    title: 'an asset of a tier with immutableBackups and no backup rule into a locked vault',
  },
  'pitr-drill': {
    id: 'DR-PITR-DRILL',
    severity: 'error',
    title: 'a PITR-drill asset without AWS Backup continuous backup or a restore-testing selection',
  },
  'deletion-protection': {
    id: 'DR-DELETION-PROTECTION',
    severity: 'error',
    title: "a data store with deletion protection off where its tier's policy asks for it",
  },
  'sla-budget': {
    id: 'DR-SLA-BUDGET',
    severity: 'error',
    title: "one incident at the RTO uses more than the month's SLA error budget",
  },
  'sla-budget-half': {
    id: 'DR-SLA-BUDGET-HALF',
    severity: 'warning',
    title: "one incident at the RTO uses more than half the month's SLA error budget",
  },
  'health-signal': {
    id: 'DR-HEALTH-SIGNAL',
    severity: 'warning',
    title: 'a service with no health signal: no RTO alarm, experiment or SLO can watch it',
  },
  'rto-alarm': {
    id: 'DR-RTO-ALARM',
    severity: 'error',
    title: 'a service whose health signal has no alarm in the templates for being unhealthy longer than its RTO',
  },
  'slo-alarm': {
    id: 'DR-SLO-ALARM',
    severity: 'error',
    title:
      "a service's health signal without its SLO burn-rate alarms (long and short window, composite) in the templates",
  },
  'fis-experiment': {
    id: 'DR-FIS-EXPERIMENT',
    severity: 'warning',
    title:
      'a catalog entry or zone without the fault-injection experiment of its mode in the templates (instance: a forced failover or a pod deletion; az: a zone outage)',
  },
  'offsite-copy': {
    id: 'DR-OFFSITE-COPY',
    severity: 'error',
    title: 'an asset of a tier with offsiteCopy and no copy into a locked vault in the DR Region',
  },
} as const satisfies Record<string, { id: string; severity: Severity; title: string }>;

export type FindingKind = keyof typeof RULES;

export interface AchievedFigure {
  readonly seconds: number | null;
  /** worst | sla | measured | typical | unknown (a figure's bound), none (no protection), n/a. */
  readonly bound: string;
  readonly atLeastSeconds?: number;
}

export interface Finding {
  readonly kind: FindingKind;
  readonly rule: string;
  readonly severity: Severity;
  readonly entry?: string;
  readonly mode?: Mode;
  readonly field?: 'rpo' | 'rto';
  readonly targetSeconds?: number | null;
  readonly achieved?: AchievedFigure;
  readonly mechanism?: string;
  /** The artifact it points at: `Stack/LogicalId (Type)` or `file: Kind/name`. */
  readonly where?: string;
  /** For tier-policy findings: the requirement, e.g. `tier-1 policy minReplicas 2`. */
  readonly policy?: string;
  /** The CloudFormation resource it points at, when there is one (the policy-validation report locates it). */
  readonly resource?: { readonly stack: string; readonly logicalId: string };
  readonly message: string;
  readonly fix: string;
}

type Details = Omit<Finding, 'kind' | 'rule' | 'severity'>;

export function finding(kind: FindingKind, details: Details): Finding {
  const rule = RULES[kind];
  return { kind, rule: rule.id, severity: rule.severity, ...details };
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'unverified', 'warning'];

/** A stable order: severity, entry, mode, field, kind, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const key = (f: Finding) => [
    SEVERITY_ORDER.indexOf(f.severity),
    f.entry ?? '',
    f.mode ?? '',
    f.field ?? '',
    f.kind,
    f.where ?? '',
    f.message,
  ];
  return [...findings].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i]!;
      const y = kb[i]!;
      if (x !== y) return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    }
    return 0;
  });
}

/** Whether the findings fail a check: any error; with `strict`, any unverified figure too. */
export function fails(findings: readonly Finding[], strict: boolean): boolean {
  return findings.some((f) => f.severity === 'error' || (strict && f.severity === 'unverified'));
}
