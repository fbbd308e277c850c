/**
 * The one table of numbers about AWS and Kubernetes behaviour. Every entry is keyed by a row id of
 * docs/dr-facts.md (a test fails on an id the sheet does not have). Mechanisms read figures from here and nowhere
 * else; where the sheet says a figure is not published, the entry has no `seconds` and the model says unknown.
 */
interface Fact {
  /** The figure the model uses, in seconds (durations) or as a plain count. Absent: not published. */
  readonly value?: number;
  /** Further figures of the same row, by name. */
  readonly values?: Readonly<Record<string, number>>;
  /** The sheet's words, shortened: what the value means and under which condition. */
  readonly says: string;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

export const FACTS = {
  // RDS / Aurora
  'RDS-1': { value: 5 * MINUTE, says: 'RDS uploads transaction logs to S3 every 5 minutes' },
  'RDS-2': { value: 5 * MINUTE, says: 'LatestRestorableTime is typically within the last five minutes' },
  'RDS-3': { says: 'PITR restores to any point in the retention period and always creates a new DB instance' },
  'RDS-4': {
    value: 35,
    values: { apiDefault: 1 },
    says: 'backup retention is 0–35 days; 0 disables automated backups and deletes existing ones; the API default is 1 day',
  },
  'RDS-8': { says: 'Multi-AZ DB instance: standby in another AZ with synchronous block-level replication' },
  'RDS-9': { value: 120, says: 'Multi-AZ instance failover is typically 60–120 seconds' },
  'RDS-10': {
    value: 30,
    says: 'clients should use a DNS TTL under 30 s to pick up the endpoint change after failover',
  },
  'RDS-11': { says: 'Multi-AZ DB cluster: semisynchronous; a commit needs acknowledgment from at least one reader' },
  'RDS-12': { value: 35, says: 'Multi-AZ DB cluster failover is typically under 35 seconds' },
  'RDS-13': { value: 20, says: 'cross-Region automated backups: at most 20 replicated backups per destination Region' },
  'RDS-14': { says: 'cross-Region automated backup replication is not supported for Multi-AZ DB clusters' },
  'RDS-15': {
    value: 30 * MINUTE,
    says: 'RPO of cross-Region PITR replication is 5–30 minutes; RTO "up to a few hours"',
  },
  'RDS-16': { says: 'replicated backups survive deletion of the source instance' },
  'RDS-17': { says: 'read replicas are asynchronous; no published bound on lag' },
  'RDS-21': { says: 'no published numeric RTO for RDS snapshot or PITR restore' },
  'RDS-22': { says: 'deletion protection blocks DeleteDBInstance; off by default through CloudFormation' },
  'RDS-23': { says: 'DeleteAutomatedBackups defaults to removing automated backups when the instance is deleted' },
  // AWS Backup
  'BKP-1': { value: HOUR, says: 'snapshot backups can be scheduled at most hourly' },
  'BKP-2': {
    value: 8 * HOUR,
    values: { completionWindow: 7 * DAY },
    says: 'default start window 8 h, completion window 7 days',
  },
  'BKP-3': { value: HOUR, says: 'StartWindowMinutes must be at least 60 minutes' },
  'BKP-4': { says: 'CompletionWindowMinutes counts from the scheduled time, start window included' },
  'BKP-5': {
    value: 1,
    values: { maxRetentionDays: 35 },
    says: 'continuous backup restores within 1 second of precision, up to 35 days back',
  },
  'BKP-6': { says: 'continuous backup/PITR exists for S3, RDS, Aurora and SAP HANA on EC2' },
  'BKP-7': { says: 'for RDS, continuous backups use RDS automated backups; the AWS Backup plan governs PITR' },
  'BKP-10': { says: 'copies of continuous backups become snapshot backups with no PITR' },
  'BKP-11': { says: 'Multi-AZ DB cluster snapshot copy is not supported' },
  'BKP-13': { says: 'no published bound on copy duration; cross-Region RPO = backup interval + copy time' },
  'BKP-15': { value: 3, says: 'compliance vault lock: ChangeableForDays at least 3, then immutable' },
  'BKP-16': { says: 'jobs whose retention falls outside the vault lock Min/MaxRetentionDays fail' },
  'BKP-19': { value: 50, says: 'Backup Audit Manager: at most 50 controls per account per Region' },
  'BKP-21': { says: 'supported resource types include EBS, RDS, S3 and EKS' },
  'BKP-23': { says: 'ElastiCache and MemoryDB are not AWS Backup resource types' },
  // S3
  'S3-1': { says: 'versioning keeps every version; a delete without a version id adds a delete marker' },
  'S3-2': { says: 'replication is automatic and asynchronous' },
  'S3-3': { value: 48 * HOUR, says: 'CRR without RTC: most objects within 15 minutes, sometimes up to 48 hours' },
  'S3-4': { value: 15 * MINUTE, says: 'S3 RTC replicates 99.99% of objects within 15 minutes (design target)' },
  'S3-5': { value: 15 * MINUTE, says: 'RTC SLA: credits when fewer than 99.9% of objects replicate within 15 minutes' },
  'S3-7': { says: 'delete markers replicate only when delete-marker replication is enabled' },
  'S3-8': { says: 'a DELETE with a version id is not replicated' },
  'S3-11': { says: 'Object Lock compliance mode: nobody can delete a locked version before its retention ends' },
  'S3-13': { says: 'S3 Standard is designed for 99.999999999% durability across AZs' },
  // Self-managed Redis
  'REDIS-1': {
    values: {
      default1Seconds: 3600,
      default1Changes: 1,
      default2Seconds: 300,
      default2Changes: 100,
      default3Seconds: 60,
      default3Changes: 10000,
    },
    says: 'save <seconds> <changes> snapshots when at least <changes> writes happened in <seconds>; default save 3600 1 300 100 60 10000',
  },
  'REDIS-2': { says: 'RDB only: worst case is the longest save interval plus BGSAVE time' },
  'REDIS-4': { value: 1, says: 'appendfsync everysec may lose 1 second of data; always fsyncs before replying' },
  'REDIS-5': { value: 2, says: 'everysec postpones a write up to 2 s while a background fsync runs' },
  'REDIS-6': { value: 30, says: 'no-appendfsync-on-rewrite yes can lose up to 30 seconds of log' },
  'REDIS-9': { says: 'AOF/RDB protect only against a crash where the same disk survives' },
  'REDIS-10': { says: 'replication is asynchronous by default' },
  'REDIS-12': {
    values: { minReplicasToWrite: 0, minReplicasMaxLag: 10 },
    says: 'min-replicas-to-write (default 0) / min-replicas-max-lag (default 10 s): the primary refuses writes without fresh replicas',
  },
  'REDIS-13': { says: 'a primary without persistence and with auto-restart can wipe its replicas' },
  'REDIS-14': { value: 30, says: 'Sentinel down-after-milliseconds defaults to 30000' },
  'REDIS-16': { says: 'no published total for Sentinel failover time' },
  'REDIS-18': { says: 'rebuildable cache: allkeys-lru, save "", appendonly no; RPO does not matter' },
  // Kubernetes
  'K8S-3': { value: 1, says: 'HPA minReplicas defaults to 1' },
  'K8S-7': {
    value: 10,
    values: { timeoutSeconds: 1, failureThreshold: 3 },
    says: 'probe defaults: periodSeconds 10, timeoutSeconds 1, failureThreshold 3',
  },
  'K8S-8': { says: 'readiness failure removes the pod from endpoints; a startup probe gates the others' },
  'K8S-9': { says: 'detection bound is failureThreshold × periodSeconds plus up to timeoutSeconds' },
  'K8S-11': { says: 'topology spread applies only at scheduling time; nodeTaintsPolicy defaults to Ignore' },
  'K8S-13': {
    value: 40,
    values: { monitorPeriod: 5 },
    says: 'node-monitor-grace-period is 40 s on Kubernetes ≤ 1.31; node-monitor-period 5 s',
  },
  'K8S-14': { value: 50, says: 'node-monitor-grace-period is 50 s on Kubernetes ≥ 1.32' },
  'K8S-15': { says: 'a NotReady/Unknown node has its pods marked not ready and removed from endpoints' },
  'K8S-16': { value: 300, says: 'default not-ready/unreachable tolerationSeconds is 300' },
  'K8S-18': { says: 'a StatefulSet pod on an unreachable node is not replaced until the Node object goes' },
  'K8S-20': {
    says: 'DoNotSchedule spread with nodeTaintsPolicy Ignore can leave replacements Pending after a zone loss',
  },
  // Other services
  'OTH-1': { says: 'Secrets Manager replicates the secret, tags and policy to replica Regions' },
  'OTH-2': { says: 'a replica secret must be promoted for DR; replication lag is not published' },
  'OTH-3': {
    value: 7 * DAY,
    values: { maxRecoveryWindow: 30 * DAY },
    says: 'secret deletion has a 7–30 day recovery window',
  },
  'OTH-4': { says: 'the EKS control plane is Regional: a Region outage takes it down' },
  'OTH-9': { says: 'ECR replication copies only images pushed after setup; no published replication time' },
  'OTH-5': {
    value: 30,
    values: { failureThreshold: 3 },
    says: 'Route 53 health checks: RequestInterval 10 or 30 s (default 30, fixed), FailureThreshold 1–10 (default 3)',
  },
  'OTH-8': { says: 'Route 53 failover time ≈ RequestInterval × FailureThreshold + TTL (derived)' },
  'RDS-42': { says: 'RDS restores default to the default subnet group, security group and parameter group' },
  // Region-loss path (issue 16)
  'ARC-1': {
    says: 'a Region switch plan: two Regions, active/passive or active/active; RecoveryTimeObjectiveMinutes 1–10080, informational',
  },
  'ARC-2': { value: 60 * MINUTE, says: 'every block timeoutMinutes is in minutes, ≥ 1, default 60' },
  'ARC-3': {
    says: 'parallel and child-plan blocks have no timeout; a parallel block lasts as long as its longest child',
  },
  'ARC-4': {
    says: 'a step past its timeout fails and pauses the run for an operator: the timeouts bound a run only if every step succeeds',
  },
  'ARC-5': { says: 'manual approval pauses the run until a person approves; no ungraceful mode' },
  'ARC-6': {
    says: 'the EKS block needs at least two clusters, each with an access entry for the execution role; Deployments only',
  },
  'ARC-7': {
    says: 'the EKS block scales to ceil(percent × the source sampled 24 h maximum) and waits for Ready; duration not published',
  },
  'ARC-8': {
    says: 'ARC promote: the replica becomes standalone and keeps the source backup retention; duration not published',
  },
  'ARC-9': {
    says: 'ARC create cross-Region replica renames the old primary (still billed) and recreates the replica; the old Region must be healthy',
  },
  'ARC-16': { says: 'a plan costs a fixed monthly amount ($70 second-hand, unverified)' },
  'ARC-18': { says: 'executionBlockType, workflowTargetAction and alarm condition literals (the types say string)' },
  'OTH-40': {
    says: 'a cross-Region read replica in CloudFormation names the source ARN and SourceRegion, and a KMS key of its own Region',
  },
  'OTH-41': {
    says: 'CloudFormation ignores DeletionPolicy on read replicas; what protects one is its own DeletionProtection',
  },
  'OTH-42': {
    says: 'CloudFormation read replicas have backups disabled; PromoteReadReplica defaults retention to 1 day',
  },
  'OTH-43': { says: 'promotion takes several minutes or longer, by size; no numeric bound is published' },
  'OTH-44': { says: 'ReplicaLag (AWS/RDS, seconds, per DBInstanceIdentifier); -1 means replication is not active' },
  'EKS-1': { value: 29, says: 'EKS Auto Mode requires Kubernetes 1.29 or later (the minor version)' },
  'R53-1': { value: 60, says: 'an alias record takes its target TTL; a load balancer 60 s' },
  'R53-2': { says: 'failover records PRIMARY/SECONDARY with health checks; alias failover needs EvaluateTargetHealth' },
  // Mechanism rows
  'MECH-1': { value: 1, says: 'RDS Single-AZ + automated backups; PITR restores to a chosen point, to the second' },
  'MECH-2': { says: 'RDS Multi-AZ DB instance' },
  'MECH-3': { says: 'RDS Multi-AZ DB cluster' },
  'MECH-4': { says: 'RDS cross-Region automated backup replication' },
  'MECH-5': { says: 'RDS cross-Region read replica' },
  'MECH-9': { says: 'AWS Backup snapshot rule' },
  'MECH-10': { says: 'AWS Backup continuous backup' },
  'MECH-11': { says: 'AWS Backup cross-Region copy' },
  'MECH-12': { says: 'S3 Standard + versioning' },
  'MECH-13': { says: 'S3 CRR without RTC' },
  'MECH-14': { says: 'S3 CRR with RTC' },
  'MECH-15': { says: 'S3 Object Lock / Backup Vault Lock (compliance)' },
  'MECH-20': { says: 'self-managed Redis RDB' },
  'MECH-21': { says: 'Redis AOF everysec' },
  'MECH-22': { says: 'Redis AOF always' },
  'MECH-23': { says: 'Redis replicas + Sentinel' },
  'MECH-24': { says: 'Kubernetes Deployment, 1 replica' },
  'MECH-25': { says: 'Kubernetes Deployment ≥ 2 replicas, zone-spread, readiness probes, PDB' },
  'MECH-26': { says: 'Kubernetes StatefulSet pod on a dead node' },
  'MECH-27': { says: 'Route 53 failover routing' },
  'MECH-28': { says: 'Secrets Manager replica' },
  'MECH-29': { says: 'ECR cross-Region replication' },
  'MECH-30': { says: 'EKS control plane' },
} as const satisfies Record<string, Fact>;

export type FactId = keyof typeof FACTS;

/** The figure a fact publishes; throws for a fact that publishes none (a programming error, caught by tests). */
export function factValue(id: FactId, name?: string): number {
  const fact: Fact = FACTS[id];
  const value = name === undefined ? fact.value : fact.values?.[name];
  if (value === undefined)
    throw new Error(`fact ${id} publishes no figure${name ? ` named ${name}` : ''}: ${fact.says}`);
  return value;
}
