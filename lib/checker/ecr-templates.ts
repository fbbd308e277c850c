/**
 * DR-ECR-TEMPLATE: a Region ECR replication creates repositories in needs a repository creation template applied for
 * `REPLICATION` that covers them, in a stack of that Region, with immutable tags, KMS encryption and — for a KMS key —
 * the custom role ECR uses it with. Without one, replicas get mutable tags and AES-256, and a template added later
 * changes no repository already created (ECR-2, ECR-3).
 */
import { finding, type Finding } from './findings';
import { readEcrReplication } from './readers/ecr-replication';
import { covers, readCreationTemplate, type CreationTemplate } from './readers/ecr-template';
import type { StackArtifact } from './types';

export function ecrTemplateFindings(stacks: readonly StackArtifact[]): Finding[] {
  const templates: { readonly region: string | null; readonly template: CreationTemplate }[] = [];
  for (const stack of stacks) {
    for (const r of Object.values(stack.resources)) {
      if (r.Type === 'AWS::ECR::RepositoryCreationTemplate')
        templates.push({ region: stack.region, template: readCreationTemplate(r) });
    }
  }
  const out: Finding[] = [];
  for (const stack of stacks) {
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      if (r.Type !== 'AWS::ECR::ReplicationConfiguration') continue;
      const where = `${stack.name}/${logicalId} (${r.Type})`;
      for (const rule of readEcrReplication(r)) {
        for (const region of rule.regions.filter((x) => x !== stack.region)) {
          for (const filter of rule.prefixes ?? [null]) {
            const found = templates.find(
              (t) =>
                (t.region === null || t.region === region) &&
                t.template.appliedFor.includes('REPLICATION') &&
                covers(t.template, filter),
            );
            const problem = found
              ? weakness(found.template)
              : 'no repository creation template applied for REPLICATION covers them';
            if (problem === null) continue;
            const what = filter === null ? 'every repository' : `repositories ${filter}*`;
            out.push(
              finding('ecr-template', {
                where,
                resource: { stack: stack.name, logicalId },
                message: `${where}: replicates ${what} to ${region}, where ${problem}: replicas would be created with ${found ? 'those settings' : 'mutable tags and AES-256 (ECR-2)'}, and a template added later changes no repository already created`,
                fix: `add an AWS::ECR::RepositoryCreationTemplate in the stack of ${region}: AppliedFor [REPLICATION], the prefix, ImageTagMutability IMMUTABLE, KMS with a key of ${region} and a CustomRoleArn (constructs/ecr.ts ReplicaTemplate)`,
              }),
            );
          }
        }
      }
    }
  }
  return out;
}

function weakness(t: CreationTemplate): string | null {
  const weak: string[] = [];
  if (!t.tagMutability.startsWith('IMMUTABLE')) weak.push(`its template leaves tags ${t.tagMutability}`);
  if (!t.encryptionType.startsWith('KMS')) weak.push(`its template encrypts with ${t.encryptionType}`);
  if (t.kmsKey && !t.customRole)
    weak.push('its template names a KMS key without the custom role ECR needs to use it (ECR-3)');
  return weak.length === 0 ? null : weak.join(', ');
}
