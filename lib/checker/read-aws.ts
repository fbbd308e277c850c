/**
 * The AWS side of the artifacts: data stores with their tags, the backup selections and the rules they apply, ECR
 * replication rules. Each resource type is read by its reader in readers/; this file only walks the templates and
 * resolves references between resources (a rule's vault, a selection's plan, a copy's destination).
 */
import { TAG } from '../names';
import type { BackupResourceType, MechanismSpec } from '../model';
import { isRecord, refsIn, render, tagsOf } from './cfn';
import { finding, type Finding } from './findings';
import { ecrTemplateFindings } from './ecr-templates';
import { keyRegions, type KeyProblem } from './key-regions';
import { readBackupPlan, ruleSpecs, type BackupRule, type ResolvedVault } from './readers/backup-plan';
import { readBackupSelection, selects, type Candidate, type SelectionReading } from './readers/backup-selection';
import { parseVaultArn, readVault } from './readers/backup-vault';
import { readEcrReplication, type EcrRule } from './readers/ecr-replication';
import { readRdsInstance, rdsMechanisms, type RdsInstanceReading } from './readers/rds-instance';
import { readReplicas, type ReplicaReading } from './readers/rds-replica';
import { readBucket, type BucketReading } from './readers/s3-bucket';
import type { CfnResource, StackArtifact, Where } from './types';

/** Resource types that hold data: each must carry `dr:asset` (or `dr:role` for a shared protector). */
export const DATA_STORE_TYPES: Readonly<Record<string, BackupResourceType | null>> = {
  'AWS::RDS::DBInstance': 'RDS',
  'AWS::RDS::DBCluster': 'RDS',
  'AWS::S3::Bucket': 'S3',
  'AWS::SecretsManager::Secret': null,
  'AWS::EC2::Volume': 'EBS',
  'AWS::DynamoDB::Table': null,
  'AWS::DynamoDB::GlobalTable': null,
  'AWS::EFS::FileSystem': null,
  'AWS::ElastiCache::ReplicationGroup': null,
  'AWS::ElastiCache::CacheCluster': null,
  'AWS::MemoryDB::Cluster': null,
  'AWS::DocDB::DBCluster': null,
  'AWS::Neptune::DBCluster': null,
  'AWS::Redshift::Cluster': null,
};

export interface DataStore {
  readonly where: Extract<Where, { logicalId: string }>;
  readonly stack: StackArtifact;
  readonly resource: CfnResource;
  readonly tags: Readonly<Record<string, string>>;
  readonly candidate: Candidate;
  readonly rds?: RdsInstanceReading;
  readonly bucket?: BucketReading;
}

export interface Selection {
  readonly where: Extract<Where, { logicalId: string }>;
  readonly stack: StackArtifact;
  readonly reading: SelectionReading;
  readonly rules: readonly BackupRule[];
}

export interface AwsReading {
  readonly stores: readonly DataStore[];
  readonly selections: readonly Selection[];
  readonly ecrRules: readonly EcrRule[];
  readonly findings: readonly Finding[];
  /** KMS keys named for a Region whose stacks do not create them, by `stack/logicalId` (DR-KEY-REGION). */
  readonly keyProblems: ReadonlyMap<string, readonly KeyProblem[]>;
  /** The stores and selections indexed once, so that the join is linear in the resources. */
  readonly index: AwsIndex;
  /** The read replicas (DB instances with a SourceDBInstanceIdentifier), with their ReplicaLag alarms. */
  readonly replicas: readonly ReplicaReading[];
}

export interface AwsIndex {
  /** The first bucket with each name. */
  readonly bucketByName: ReadonlyMap<string, DataStore>;
  /** The names of the buckets that some bucket replicates to. */
  readonly replicaBuckets: ReadonlySet<string>;
  /** Stores tagged `dr:asset` without `dr:role`, by asset id, in template order. */
  readonly storesByAsset: ReadonlyMap<string, readonly DataStore[]>;
  /** Stores by their stack, in template order. */
  readonly storesByStack: ReadonlyMap<StackArtifact, readonly DataStore[]>;
  readonly selections: SelectionIndex;
}

/** The bucket name in an S3 bucket ARN (the ARN itself when it is none). */
export function bucketNameOf(arn: string): string {
  return arn.replace(/^arn:[^:]+:s3:::/, '');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Backup selections indexed by what their `Resources` name, so that the selections that may pick a candidate are found
 * without trying each one: `selects` still decides, on these only.
 */
export class SelectionIndex {
  /** Selections that name no resources (they pick by tags, or nothing): tried for every candidate. */
  private readonly byTagsOnly: number[] = [];
  /** Selection stack name → logical id its Resources reference → selections. */
  private readonly byLogicalId = new Map<string, Map<string, number[]>>();
  /** ARN patterns without `*`, which match that ARN only. */
  private readonly byArn = new Map<string, number[]>();
  /** ARN patterns with `*`, by their text before the first `*`: what a matching ARN starts with. */
  private readonly byPrefix = new Map<string, number[]>();

  constructor(readonly all: readonly Selection[]) {
    all.forEach((s, i) => {
      if (s.reading.resources.length === 0) this.byTagsOnly.push(i);
      for (const t of s.reading.resources) {
        if ('pattern' in t) {
          const star = t.pattern.indexOf('*');
          if (star < 0) push(this.byArn, t.pattern, i);
          else push(this.byPrefix, t.pattern.slice(0, star), i);
        } else {
          let ids = this.byLogicalId.get(s.stack.name);
          if (!ids) this.byLogicalId.set(s.stack.name, (ids = new Map()));
          for (const id of t.logicalIds) push(ids, id, i);
        }
      }
    });
  }

  /**
   * Every selection that may pick a candidate of the given stack (a reference names a resource of the selection's own
   * stack; null: a candidate of no stack), in their order: one naming no resources, or one with a target that can hit it.
   */
  mayPick(candidate: Candidate, stack: string | null): Selection[] {
    const found = new Set<number>(this.byTagsOnly);
    const add = (list: readonly number[] | undefined) => list?.forEach((i) => found.add(i));
    if (candidate.logicalId !== null && stack !== null) add(this.byLogicalId.get(stack)?.get(candidate.logicalId));
    add(this.byArn.get(candidate.arn));
    for (const [prefix, list] of this.byPrefix) if (candidate.arn.startsWith(prefix)) add(list);
    return [...found].sort((a, b) => a - b).map((i) => this.all[i]!);
  }
}

function indexStores(stores: readonly DataStore[], selections: readonly Selection[]): AwsIndex {
  const bucketByName = new Map<string, DataStore>();
  const storesByAsset = new Map<string, DataStore[]>();
  const storesByStack = new Map<StackArtifact, DataStore[]>();
  for (const s of stores) {
    const name = s.bucket?.bucketName;
    if (typeof name === 'string' && !bucketByName.has(name)) bucketByName.set(name, s);
    const { asset, role } = labelsOf(s);
    if (asset !== undefined && role === undefined) push(storesByAsset, asset, s);
    push(storesByStack, s.stack, s);
  }
  const replicaBuckets = new Set(stores.flatMap((s) => s.bucket?.destinations ?? []).map(bucketNameOf));
  return { bucketByName, replicaBuckets, storesByAsset, storesByStack, selections: new SelectionIndex(selections) };
}

function whereOf(stack: StackArtifact, logicalId: string, r: CfnResource): Extract<Where, { logicalId: string }> {
  return { stack: stack.name, file: stack.file, logicalId, type: r.Type };
}

function arnOf(stack: StackArtifact, logicalId: string, r: CfnResource, bucket?: BucketReading): string {
  const p = r.Properties ?? {};
  const region = stack.region ?? '*';
  const account = stack.account ?? '*';
  if (r.Type === 'AWS::S3::Bucket') return `arn:aws:s3:::${bucket?.bucketName ?? logicalId.toLowerCase()}`;
  if (r.Type === 'AWS::RDS::DBInstance')
    return `arn:aws:rds:${region}:${account}:db:${render(p.DBInstanceIdentifier, stack) ?? logicalId.toLowerCase()}`;
  if (r.Type === 'AWS::RDS::DBCluster')
    return `arn:aws:rds:${region}:${account}:cluster:${render(p.DBClusterIdentifier, stack) ?? logicalId.toLowerCase()}`;
  return `arn:aws:${r.Type.split('::')[1]!.toLowerCase()}:${region}:${account}:${logicalId}`;
}

/** Finds the vault a reference means: a resource of the stack, another stack's output, or an ARN or name. */
function vaultResolver(stacks: readonly StackArtifact[]) {
  const vaultIn = (stack: StackArtifact, logicalId: string): ResolvedVault | null => {
    const r = stack.resources[logicalId];
    if (r?.Type !== 'AWS::Backup::BackupVault') return null;
    const vault = readVault(r, stack);
    return { lock: vault.lock, region: stack.region, name: vault.name };
  };
  // Every vault by its name, in stack and template order; built on first use.
  let vaults: Map<string | null, { readonly stack: StackArtifact; readonly id: string }[]> | undefined;
  const byName = (name: string, region: string | null): ResolvedVault | null => {
    if (!vaults) {
      vaults = new Map();
      for (const stack of stacks) {
        for (const [id, r] of Object.entries(stack.resources)) {
          if (r.Type === 'AWS::Backup::BackupVault') push(vaults, readVault(r, stack).name, { stack, id });
        }
      }
    }
    const found = vaults
      .get(name)
      ?.find(({ stack }) => region === null || stack.region === null || stack.region === region);
    return found ? vaultIn(found.stack, found.id) : null;
  };
  return (stack: StackArtifact) =>
    (reference: unknown): ResolvedVault | null => {
      const local = refsIn(reference)
        .map((id) => vaultIn(stack, id))
        .find((v) => v !== null);
      if (local) return local;
      const output = isRecord(reference) ? reference['Fn::GetStackOutput'] : undefined;
      if (isRecord(output)) {
        const other = stacks.find((s) => s.name === output.StackName);
        const value =
          other && typeof output.OutputName === 'string' ? other.outputs[output.OutputName]?.Value : undefined;
        return other
          ? (refsIn(value)
              .map((id) => vaultIn(other, id))
              .find((v) => v !== null) ?? null)
          : null;
      }
      const text = render(reference, stack);
      if (text === null) return null;
      const arn = parseVaultArn(text);
      if (arn) return byName(arn.name, arn.region) ?? { lock: null, region: arn.region, name: arn.name };
      return byName(text, stack.region);
    };
}

export function readAws(stacks: readonly StackArtifact[]): AwsReading {
  const findings: Finding[] = [];
  const stores: DataStore[] = [];
  const selections: Selection[] = [];
  const ecrRules: EcrRule[] = [];
  const resolve = vaultResolver(stacks);
  for (const stack of stacks) {
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      const where = whereOf(stack, logicalId, r);
      if (r.Type in DATA_STORE_TYPES) {
        const rds = r.Type === 'AWS::RDS::DBInstance' ? readRdsInstance(r) : undefined;
        const bucket = r.Type === 'AWS::S3::Bucket' ? readBucket(r, stack) : undefined;
        for (const key of rds?.unreadable ?? []) {
          findings.push(
            finding('unreadable', {
              where: `${where.stack}/${logicalId}`,
              resource: { stack: stack.name, logicalId },
              message: `${key} is not a literal: read as the weaker setting`,
              fix: `write ${key} as a literal value`,
            }),
          );
        }
        const tags = tagsOf(r);
        stores.push({
          where,
          stack,
          resource: r,
          tags,
          rds,
          bucket,
          candidate: { logicalId, arn: arnOf(stack, logicalId, r, bucket), tags },
        } as DataStore);
      } else if (r.Type === 'AWS::Backup::BackupSelection') {
        const reading = readBackupSelection(r, stack);
        // A shard's selection names the plan in its side's stack through Fn::GetStackOutput (docs/aws.md, sharding).
        const [planStack, planId] =
          reading.plan !== null ? [stack, reading.plan] : (planByOutput(r, stacks) ?? [stack, null]);
        const plan = planId === null ? undefined : planStack.resources[planId];
        const rules = plan?.Type === 'AWS::Backup::BackupPlan' ? readBackupPlan(plan, resolve(planStack)) : [];
        for (const problem of rules.flatMap((x) => x.problems)) {
          findings.push(
            finding('unreadable', {
              where: `${stack.name}/${reading.plan}`,
              resource: { stack: stack.name, logicalId: reading.plan ?? logicalId },
              message: problem,
              fix: 'use an AWS cron or rate expression the checker can read',
            }),
          );
        }
        selections.push({ where, stack, reading, rules });
      } else if (r.Type === 'AWS::Backup::BackupPlan') {
        findings.push(...overlapFindings(readBackupPlan(r, resolve(stack)), where));
      } else if (r.Type === 'AWS::ECR::ReplicationConfiguration') {
        ecrRules.push(
          ...readEcrReplication(r).map((rule) => ({
            ...rule,
            regions: rule.regions.filter((region) => region !== stack.region),
          })),
        );
      }
    }
  }
  const keys = keyRegions(stacks);
  findings.push(...keys.findings, ...ecrTemplateFindings(stacks));
  return {
    stores,
    selections,
    ecrRules,
    findings,
    keyProblems: keys.problems,
    index: indexStores(stores, selections),
    replicas: readReplicas(stacks),
  };
}

/**
 * DR-RULE-OVERLAP: copy actions on a rule whose start window overlaps another rule of the plan with retention at least
 * as long. AWS Backup then takes the backup for the other rule (longer retention) or "selects one" (equal), and the
 * copy "will only run if the schedule rule has run" (BKP-26): it may never run.
 */
function overlapFindings(rules: readonly BackupRule[], where: Extract<Where, { logicalId: string }>): Finding[] {
  return rules
    .filter((rule) => rule.copies.length > 0 && rule.displacedBy.length > 0)
    .map((rule) => {
      const w = `${where.stack}/${where.logicalId} (${where.type})`;
      return finding('rule-overlap', {
        where: w,
        resource: { stack: where.stack, logicalId: where.logicalId },
        message: `${w}: rule ${rule.name} copies to another vault, but its start window overlaps rule(s) ${rule.displacedBy.join(', ')} of the same plan, kept as long or longer: AWS Backup may run only the other, and then the copy does not run (BKP-26); it does not count`,
        fix: 'put the copy action on the rule AWS Backup runs (the one with the longest retention), or schedule the rules so their start windows do not overlap',
      });
    });
}

/** A store's own type for AWS Backup, or null when AWS Backup does not cover it (BKP-21, BKP-23). */
export function backupTypeOf(store: DataStore): BackupResourceType | null {
  return DATA_STORE_TYPES[store.resource.Type] ?? null;
}

/** The store's catalog id and whether it is a shared protector instead (`dr:role`). */
export function labelsOf(store: DataStore): { readonly asset: string | undefined; readonly role: string | undefined } {
  return { asset: store.tags[TAG.asset], role: store.tags[TAG.role] };
}

/** Where a candidate sits: its stack (null for EBS volumes of a StorageClass) and Region. */
export interface CandidateSource {
  readonly stack: string | null;
  readonly region: string | null;
}

/** The backup selections that pick one candidate. */
export function selectionsOf(candidate: Candidate, source: CandidateSource, selections: SelectionIndex): Selection[] {
  // A reference names a resource of the selection's own stack; an ARN pattern applies in the selection's Region.
  return selections
    .mayPick(candidate, source.stack)
    .filter(
      (s) =>
        selects(s.reading, s.stack.name === source.stack ? candidate : { ...candidate, logicalId: null }) &&
        (source.region === null || s.stack.region === null || s.stack.region === source.region),
    );
}

/** The mechanisms the selections give one candidate, and whether a continuous rule owns its PITR (BKP-7). */
export function backupMechanisms(
  candidate: Candidate,
  source: CandidateSource & { readonly resourceType: BackupResourceType },
  selections: SelectionIndex,
): { readonly specs: MechanismSpec[]; readonly continuous: boolean; readonly selectedBy: string[] } {
  const { region, resourceType } = source;
  const matching = selectionsOf(candidate, source, selections);
  const rules = matching.flatMap((s) => s.rules);
  return {
    specs: rules.flatMap((rule) => ruleSpecs(rule, resourceType, region)),
    continuous: rules.some((rule) => rule.continuous && rule.intervalSeconds !== null),
    selectedBy: matching.map((s) => s.where.logicalId),
  };
}

export { rdsMechanisms };

/** The plan a selection names through another stack's output: that stack and the plan's logical id there. */
function planByOutput(r: CfnResource, stacks: readonly StackArtifact[]): [StackArtifact, string] | undefined {
  const id = r.Properties?.BackupPlanId;
  const output = isRecord(id) ? id['Fn::GetStackOutput'] : undefined;
  if (!isRecord(output) || typeof output.OutputName !== 'string') return undefined;
  const other = stacks.find((s) => s.name === output.StackName);
  const logicalId = other ? refsIn(other.outputs[output.OutputName]?.Value)[0] : undefined;
  return other && logicalId ? [other, logicalId] : undefined;
}
