/**
 * One AWS Backup vault per tier and Region, encrypted with the Region's backup key, locked with the tier's lock (mode
 * and bounds from the catalog; the sandbox profile is always governance, i.e. without ChangeableForDays, so test
 * deploys can be cleaned up), and with a policy that denies deleting recovery points to all but the break-glass role.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, type IConstruct } from 'constructs';
import { type Catalog, vaultLockOf } from '../lib/catalog';
import { factValue } from '../lib/model';
import { logicalId, vaultName, type NamingContext } from '../lib/names';
import { breakGlassRoleArn } from './keys';
import { tagProtector } from './tags';

export interface TierVaultsProps {
  readonly catalog: Catalog;
  /** The catalog's naming with the account the stacks deploy to. */
  readonly naming: NamingContext;
  readonly key: kms.IKey;
}

/** The ARN of a tier's vault in any Region, from its name: copy actions name the DR vault this way. */
export function vaultArn(scope: IConstruct, naming: NamingContext, region: string, tierId: string): string {
  return `arn:${Stack.of(scope).partition}:backup:${region}:${naming.account}:backup-vault:${vaultName(naming, tierId)}`;
}

export class TierVaults extends Construct {
  private readonly vaults = new Map<string, backup.CfnBackupVault>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: TierVaultsProps,
  ) {
    super(scope, id);
  }

  /** The vault of a tier in this stack, created on first use. */
  vault(tierId: string): backup.CfnBackupVault {
    const existing = this.vaults.get(tierId);
    if (existing) return existing;
    const { catalog } = this.props;
    const naming = this.props.naming;
    const lock = vaultLockOf(catalog, tierId);
    if (lock.minRetentionDays > lock.maxRetentionDays) {
      throw new Error(
        `tier '${tierId}': vault lock minRetention (${lock.minRetentionDays} d) exceeds maxRetention (${lock.maxRetentionDays} d)`,
      );
    }
    const name = vaultName(naming, tierId);
    const vault = new backup.CfnBackupVault(this, logicalId(tierId), {
      backupVaultName: name,
      encryptionKeyArn: this.props.key.keyArn,
      lockConfiguration: {
        minRetentionDays: lock.minRetentionDays,
        maxRetentionDays: lock.maxRetentionDays,
        // Only compliance mode has a grace period (BKP-15); without it the lock stays governance and removable.
        ...(lock.mode === 'compliance' ? { changeableForDays: lock.changeableForDays } : {}),
      },
      accessPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyRecoveryPointDeletionExceptBreakGlass',
            Effect: 'Deny',
            Principal: '*',
            Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
            Resource: '*',
            Condition: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRoleArn(this, naming) } },
          },
        ],
      },
    });
    if (lock.mode === 'compliance' && lock.changeableForDays === undefined) {
      throw new Error(
        `tier '${tierId}': a compliance vault lock needs \`changeableForDays\` (≥ ${factValue('BKP-15')}, BKP-15)`,
      );
    }
    vault.overrideLogicalId(`${logicalId(tierId)}Vault`);
    vault.applyRemovalPolicy(RemovalPolicy.RETAIN);
    tagProtector(vault, 'backup-vault', tierId);
    this.vaults.set(tierId, vault);
    return vault;
  }

  /** Tiers that have a vault here. */
  tiers(): string[] {
    return [...this.vaults.keys()];
  }
}
