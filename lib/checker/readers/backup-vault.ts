/**
 * `AWS::Backup::BackupVault` → its name and lock. A lock with ChangeableForDays is in compliance mode, one without in
 * governance mode (BKP-15); retention outside Min/MaxRetentionDays makes jobs fail (BKP-16).
 */
import type { VaultLockSpec } from '../../model';
import { isRecord, num, props, render } from '../cfn';
import type { CfnResource, StackArtifact } from '../types';

export interface VaultReading {
  readonly name: string | null;
  readonly lock: VaultLockSpec | null;
}

export function readVault(resource: CfnResource, stack: Pick<StackArtifact, 'region' | 'account'>): VaultReading {
  const p = props(resource);
  const lock = p.LockConfiguration;
  return {
    name: render(p.BackupVaultName, stack),
    lock: isRecord(lock)
      ? {
          mode: lock.ChangeableForDays === undefined ? 'governance' : 'compliance',
          minRetentionDays: num(lock.MinRetentionDays) ?? 0,
          maxRetentionDays: num(lock.MaxRetentionDays) ?? Number.POSITIVE_INFINITY,
        }
      : null,
  };
}

/** `arn:aws:backup:<region>:<account>:backup-vault:<name>` → region and name. */
export function parseVaultArn(arn: string): { readonly region: string; readonly name: string } | null {
  const m = /^arn:[^:]+:backup:([^:]*):[^:]*:backup-vault:(.+)$/.exec(arn);
  return m ? { region: m[1]!, name: m[2]! } : null;
}
