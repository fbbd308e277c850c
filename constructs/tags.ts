/**
 * The tags that join CloudFormation resources to the catalog (docs/artifacts.md). Data stores carry the asset and its
 * tier; shared protectors carry a tier and a role, never an asset they do not serve alone.
 */
import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { TAG } from '../lib/names';

export function tagDataStore(scope: IConstruct, assetId: string, tierId: string): void {
  Tags.of(scope).add(TAG.asset, assetId);
  Tags.of(scope).add(TAG.tier, tierId);
}

/** `tierId` undefined: a protector shared by every tier (an account-wide key, the alerts topic). */
export function tagProtector(scope: IConstruct, role: string, tierId?: string): void {
  Tags.of(scope).add(TAG.role, role);
  if (tierId !== undefined) Tags.of(scope).add(TAG.tier, tierId);
}
