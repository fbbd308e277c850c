/**
 * `AWS::ECR::RepositoryCreationTemplate` → what repositories ECR creates from it: for which actions (`AppliedFor`),
 * which names (`Prefix`, to which ECR adds `/`; `ROOT` for those no other template matches), with which tag mutability
 * and encryption, and whether a custom role lets ECR use a KMS key (ECR-3).
 */
import { isRecord, props } from '../cfn';
import type { CfnResource } from '../types';

export interface CreationTemplate {
  readonly prefix: string | null;
  readonly appliedFor: readonly string[];
  /** `MUTABLE` when absent (ECR-2). */
  readonly tagMutability: string;
  /** `AES256` when absent (ECR-2). */
  readonly encryptionType: string;
  readonly kmsKey: boolean;
  readonly customRole: boolean;
}

export function readCreationTemplate(resource: CfnResource): CreationTemplate {
  const p = props(resource);
  const enc = isRecord(p.EncryptionConfiguration) ? p.EncryptionConfiguration : {};
  return {
    prefix: typeof p.Prefix === 'string' ? p.Prefix : null,
    appliedFor: Array.isArray(p.AppliedFor) ? p.AppliedFor.filter((x): x is string => typeof x === 'string') : [],
    tagMutability: typeof p.ImageTagMutability === 'string' ? p.ImageTagMutability : 'MUTABLE',
    encryptionType: typeof enc.EncryptionType === 'string' ? enc.EncryptionType : 'AES256',
    kmsKey: enc.KmsKey !== undefined,
    customRole: p.CustomRoleArn !== undefined,
  };
}

/** Whether a template's prefix covers the repositories a replication filter names (null: every repository). */
export function covers(template: CreationTemplate, filter: string | null): boolean {
  if (template.prefix === 'ROOT') return true;
  if (template.prefix === null || filter === null) return false;
  // ECR treats `prod` as `prod/` (ECR-3).
  const prefix = template.prefix.endsWith('/') ? template.prefix : `${template.prefix}/`;
  return filter.startsWith(prefix);
}
