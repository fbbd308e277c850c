/**
 * DR-KEY-REGION: every KMS key a resource names for a Region (readers/kms-references.ts) must be a key the templates
 * create in that Region. A KMS alias and its key belong to one Region (OTH-11), so `alias/x` given for the DR Region
 * means an alias of a stack there; a key ARN names its Region; a weak cross-Region reference (`Fn::GetStackOutput`)
 * names a stack, whose Region and key the templates show. Anything else — a literal key id, an import, a Region the
 * templates cannot tell — is not proven, and read as the weaker setting: the replica it serves does not count.
 * CloudFormation was reported to finish a secret whose replica failed on such a key (OTH-12), so a deploy that
 * succeeds proves nothing either.
 */
import { isRecord, refsIn, render } from './cfn';
import { finding, type Finding } from './findings';
import { kmsReferences, type KeyReference } from './readers/kms-references';
import type { CfnResource, StackArtifact } from './types';

export interface KeyProblem extends KeyReference {
  readonly reason: string;
}

export interface KeyRegionReading {
  readonly findings: readonly Finding[];
  /** Problems by `stack/logicalId`: the join leaves out the replicas they serve. */
  readonly problems: ReadonlyMap<string, readonly KeyProblem[]>;
}

/** AWS managed keys (`alias/aws/...`) exist in every Region. */
const AWS_MANAGED = /^alias\/aws\//;

export function keyRegions(stacks: readonly StackArtifact[]): KeyRegionReading {
  const aliases = new Map<string, Set<string | null>>();
  const bucketRegions = new Map<string, string | null>();
  for (const stack of stacks) {
    for (const r of Object.values(stack.resources)) {
      if (r.Type === 'AWS::KMS::Alias') {
        const name = render(r.Properties?.AliasName, stack);
        if (name) (aliases.get(name) ?? aliases.set(name, new Set()).get(name)!).add(stack.region);
      } else if (r.Type === 'AWS::S3::Bucket') {
        const name = render(r.Properties?.BucketName, stack);
        if (name && !bucketRegions.has(name)) bucketRegions.set(name, stack.region);
      }
    }
  }
  const aliasIn = (name: string, region: string) => {
    const regions = aliases.get(name);
    return regions !== undefined && (regions.has(region) || regions.has(null));
  };
  const findings: Finding[] = [];
  const problems = new Map<string, KeyProblem[]>();
  for (const stack of stacks) {
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      const refs = kmsReferences(r, stack, (name) => bucketRegions.get(name) ?? null);
      for (const ref of refs) {
        const reason = unproven(ref, stack, stacks, aliasIn);
        if (reason === null) continue;
        const key = `${stack.name}/${logicalId}`;
        problems.set(key, [...(problems.get(key) ?? []), { ...ref, reason }]);
        const where = `${stack.name}/${logicalId} (${r.Type})`;
        findings.push(
          finding('key-region', {
            where,
            resource: { stack: stack.name, logicalId },
            message: `${where}: ${ref.property} ${reason}; ${consequence(ref)}`,
            fix: `create the key in the stack of ${ref.region ?? 'that Region'} and name it by key ARN (docs/aws.md, "What AWS requires")`,
          }),
        );
      }
    }
  }
  return { findings, problems };
}

function consequence(ref: KeyReference): string {
  switch (ref.serves) {
    case 'secret-replica':
      return `the replica in ${ref.region} would not be created (OTH-10), and it does not count`;
    case 's3-replica':
      return 'objects could not be encrypted there (S3-14), and the replication does not count';
    case 'rds-backup-replica':
      return 'RDS needs a key of the destination Region to replicate backups there, and the replication does not count';
    case 'rds-read-replica':
      return 'an encrypted cross-Region read replica needs a key of its own Region (OTH-40), and the replica does not count';
    case 'ecr-template':
      return "a creation template's key must be in the repository's Region (ECR-3)";
  }
}

/** Why the value is not proven to be a key of `ref.region` the templates create; null when it is. */
function unproven(
  ref: KeyReference,
  stack: StackArtifact,
  stacks: readonly StackArtifact[],
  aliasIn: (name: string, region: string) => boolean,
): string | null {
  const { region, value } = ref;
  if (region === null) return 'names a key for a Region the templates do not tell';
  // A weak cross-Region reference: the output of another stack, which names its key.
  const output = isRecord(value) ? value['Fn::GetStackOutput'] : undefined;
  if (isRecord(output)) {
    const other = stacks.find((s) => s.name === output.StackName);
    if (!other) return `names an output of ${String(output.StackName)}, a stack the templates do not hold`;
    const target = refsIn(typeof output.OutputName === 'string' ? other.outputs[output.OutputName]?.Value : undefined);
    return keyIn(other, target, region) ?? null;
  }
  const local = refsIn(value);
  if (local.length > 0) return keyIn(stack, local, region) ?? null;
  const text = render(value, stack);
  if (text === null) return 'is not a value the checker can resolve to a key';
  const arn = /^arn:[^:]+:kms:([^:]*):[^:]*:(key|alias)\/(.+)$/.exec(text);
  if (arn) {
    const [, arnRegion, type, rest] = arn;
    if (arnRegion !== region) return `names a key in ${arnRegion || 'no Region'} for use in ${region}`;
    if (type === 'key') return `names key ${rest}, which no stack of the templates creates in ${region}`;
    return aliasCheck(`alias/${rest}`, region, aliasIn);
  }
  if (text.startsWith('alias/')) return aliasCheck(text, region, aliasIn);
  return `names key ${text}, which no stack of the templates creates in ${region}`;
}

function aliasCheck(name: string, region: string, aliasIn: (name: string, region: string) => boolean): string | null {
  if (AWS_MANAGED.test(name) || aliasIn(name, region)) return null;
  // An alias resolves only against the aliases of the Region it is used in (OTH-11).
  return `names ${name}, which no stack of the templates creates in ${region} (an alias belongs to one Region, OTH-11)`;
}

function keyIn(stack: StackArtifact, ids: readonly string[], region: string): string | undefined {
  const resource: CfnResource | undefined = ids.map((id) => stack.resources[id]).find((r) => r !== undefined);
  if (!resource || (resource.Type !== 'AWS::KMS::Key' && resource.Type !== 'AWS::KMS::Alias'))
    return `refers to ${ids.join(', ')} of ${stack.name}, which is not a KMS key`;
  if (stack.region !== null && stack.region !== region)
    return `names a key of ${stack.name} (${stack.region}) for use in ${region}`;
  return undefined;
}
