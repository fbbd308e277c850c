/**
 * A restore drill, decided before anything runs: which recovery point, restored into which new resource, with which
 * restore metadata. Pure. The restore never takes a source's name, and what it created is the only thing the drill
 * deletes. Three kinds of resource can be drilled, those AWS Backup restores into a new resource: RDS instances (a new
 * identifier), S3 buckets (a new bucket) and EBS volumes (a new volume, whose id AWS assigns).
 */
import type { Asset } from '../../catalog';
import { kindModule, type Mode } from '../../model';
import {
  bucketName,
  databaseIdentifier,
  dbParameterGroupName,
  dbSubnetGroupName,
  drDatabaseSecurityGroupName,
  drillBucketName,
  drillDatabaseIdentifier,
  restoreTestingRoleName,
  TAG,
  vaultName,
  type NamingContext,
} from '../../names';
import { mechanism, type CatalogPlan } from '../../catalog-plan';
import { AuditInputError } from '../errors';
import { bucketOf, rdsIdentifierOf, volumeIdOf } from '../../aws';
import type { DrillSource } from './source';

export interface DrillRequest {
  readonly asset: string;
  /** `latest`, or a recovery point ARN. */
  readonly recoveryPoint: string;
  readonly region: string;
  readonly keep: boolean;
  readonly iamRoleArn?: string;
  /** `--metadata KEY=VALUE`: restore metadata set by hand (a DR-Region subnet group, key, …); never the restore's name. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export type { DrillSource } from './source';

/** What the drill needs from the catalog: resolved before any AWS call. */
export interface DrillSubject {
  readonly asset: Asset;
  readonly mode: Mode;
  readonly region: string;
  readonly rtoSeconds: number;
  readonly vault: string;
  readonly source: DrillSource;
  /** The catalog's zones of the drill's Region: an EBS volume restores into one of them. */
  readonly zones: readonly string[];
  /**
   * Where a database restores in the DR Region when the Recovery stack provisions a network there (docs/aws.md, "The
   * DR Region"): its DB subnet group, the engine's parameter group and the restored databases' security group, by name.
   */
  readonly drNetwork?: {
    readonly dbSubnetGroupName: string;
    readonly dbParameterGroupName: string;
    readonly securityGroupName: string;
  };
}

export interface DrillPlan extends DrillSubject {
  /** Every resource of the asset: read, never modified, never deleted. */
  readonly sourceArns: readonly string[];
  /** The resource the recovery point was taken of. */
  readonly recoveredArn: string;
  readonly recoveryPointArn: string;
  readonly recoveryPointCreated?: Date;
  readonly sourceBytes?: number;
  /** The name the restore creates (an RDS identifier or a bucket); EBS volume ids are assigned by AWS. */
  readonly restoreName?: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** The metadata keys the drill set, as `key=value`, for the plan printed before anything runs. */
  readonly overrides: readonly string[];
  /** Keys, kept from a recovery point of another Region, that name Regional resources (see `regionBoundKeys`). */
  readonly regionBound: readonly string[];
  readonly iamRoleArn: string;
  readonly keep: boolean;
}

/** The asset a drill can restore: one AWS Backup protects, of a resource type AWS Backup restores into a new resource. */
export function drillSubject(plan: CatalogPlan, naming: NamingContext, request: DrillRequest): DrillSubject {
  const { catalog } = plan;
  const asset = catalog.assets.find((a) => a.id === request.asset);
  if (!asset) {
    throw new AuditInputError(
      `unknown asset "${request.asset}"; the catalog has ${catalog.assets.map((a) => a.id).join(', ')}`,
    );
  }
  const p = plan.assets.get(asset.id)!;
  const type = kindModule(asset.kind).backupResourceType;
  if (type === null || !(mechanism(p, 'backup-continuous') ?? mechanism(p, 'backup-snapshot'))) {
    throw new AuditInputError(
      `${asset.id} cannot be drilled: its plan keeps no AWS Backup recovery point to restore (dr drill restores RDS, S3 and EBS recovery points)`,
    );
  }
  const regions = [catalog.environment.primaryRegion, catalog.environment.drRegion];
  if (!regions.includes(request.region)) {
    throw new AuditInputError(
      `--region must be one of the catalog's Regions (${regions.join(', ')}), got "${request.region}"`,
    );
  }
  const mode: Mode = request.region === catalog.environment.drRegion ? 'region' : 'corruption';
  const drNetwork =
    mode === 'region' && type === 'RDS' && catalog.environment.networks.dr
      ? {
          dbSubnetGroupName: dbSubnetGroupName(naming),
          dbParameterGroupName: dbParameterGroupName(naming, asset.kind),
          securityGroupName: drDatabaseSecurityGroupName(naming),
        }
      : undefined;
  return {
    asset,
    mode,
    region: request.region,
    rtoSeconds: asset.modes[mode].rtoSeconds,
    // Vault names are Regional: the DR Region's copy of a tier's vault has the same name.
    vault: vaultName(naming, asset.tier),
    source: sourceOf(naming, asset.id, type),
    zones: catalog.environment.availabilityZones[request.region] ?? [],
    ...(drNetwork ? { drNetwork } : {}),
  };
}

function sourceOf(naming: NamingContext, assetId: string, type: 'RDS' | 'S3' | 'EBS'): DrillSource {
  switch (type) {
    case 'RDS': {
      const identifier = databaseIdentifier(naming, assetId);
      return { type, identifier, arn: `arn:aws:rds:${naming.primaryRegion}:${naming.account}:db:${identifier}` };
    }
    case 'S3': {
      const bucket = bucketName(naming, assetId, 'primary');
      return { type, bucket, arn: `arn:aws:s3:::${bucket}` };
    }
    case 'EBS':
      return { type, tag: { key: TAG.asset, value: assetId } };
  }
}

/** The name the restore gets: never a source's. EBS volumes get theirs from AWS. */
export function restoreNameFor(naming: NamingContext, subject: DrillSubject, at: Date): string | undefined {
  switch (subject.source.type) {
    case 'RDS':
      return drillDatabaseIdentifier(naming, subject.asset.id, at);
    case 'S3':
      return drillBucketName(naming, subject.asset.id, subject.region, at);
    case 'EBS':
      return undefined;
  }
}

export { drillMetadata, overridesOf, regionBoundKeys, requireDrMetadata, userMetadata } from './metadata';

/** The role AWS Backup restores with: `--iam-role`, else the restore-testing role in the recovery point's account. */
export function drillRole(naming: NamingContext, recoveryPointArn: string, flag?: string): string {
  if (flag) return flag;
  const account = recoveryPointArn.split(':')[4] || naming.account;
  return `arn:aws:iam::${account}:role/${restoreTestingRoleName(naming)}`;
}

/** Whether a resource ARN is one of the asset's own resources. */
export function isSource(source: DrillSource, sourceArns: readonly string[], resourceArn: string | undefined): boolean {
  if (!resourceArn) return false;
  switch (source.type) {
    case 'RDS':
      return rdsIdentifierOf(resourceArn) === source.identifier;
    case 'S3':
      return bucketOf(resourceArn) === source.bucket;
    case 'EBS':
      return sourceArns.some((a) => volumeIdOf(a) !== undefined && volumeIdOf(a) === volumeIdOf(resourceArn));
  }
}

function sourceText(p: DrillPlan): string {
  switch (p.source.type) {
    case 'RDS':
      return p.source.identifier;
    case 'S3':
      return `bucket ${p.source.bucket}`;
    case 'EBS':
      return `${p.sourceArns.length} volume(s) tagged ${p.source.tag.key}=${p.source.tag.value}`;
  }
}

function restoredText(p: DrillPlan): string {
  switch (p.source.type) {
    case 'RDS':
      return `instance ${p.restoreName}`;
    case 'S3':
      return `bucket ${p.restoreName} (emptied, then deleted)`;
    case 'EBS':
      return 'volume the restore creates (unattached, created by this restore job, not one of the sources)';
  }
}

export function describePlan(p: DrillPlan): string[] {
  return [
    `asset        ${p.asset.id} (${p.mode} restore in ${p.region}, RTO ${p.rtoSeconds} s)`,
    `source       ${sourceText(p)} — read only, never modified`,
    `restore from ${p.recoveryPointArn}${p.recoveryPointCreated ? ` (created ${p.recoveryPointCreated.toISOString()})` : ''} of ${p.recoveredArn}`,
    `restore into ${p.restoreName ?? 'a new volume'} (metadata from the recovery point; overridden: ${p.overrides.join(', ') || 'nothing'})`,
    ...(p.regionBound.length > 0
      ? [
          `warning      a copy restored in ${p.region} keeps ${p.regionBound.join(', ')} from the source Region: AWS Backup fails the restore where those do not exist in ${p.region}; set them with --metadata KEY=VALUE`,
        ]
      : []),
    `role         ${p.iamRoleArn}`,
    `afterwards   ${p.keep ? `keep the restored ${p.source.type === 'EBS' ? 'volume' : p.restoreName}` : `delete the restored ${restoredText(p)}`}`,
  ];
}
