/**
 * A restore drill, decided before anything runs: which recovery point, into which new instance, with which restore
 * metadata. Pure. The restored instance never takes the source's identifier, and it is the only thing the drill deletes.
 */
import type { Asset } from '../../catalog';
import { kindModule, type Mode } from '../../model';
import { databaseIdentifier, drillDatabaseIdentifier, restoreTestingRoleName, vaultName, type NamingContext } from '../../names';
import { mechanism, type CatalogPlan } from '../../plan';
import { AuditInputError } from '../errors';
import { parseArn } from '../resources';

export interface DrillRequest {
  readonly asset: string;
  /** `latest`, or a recovery point ARN. */
  readonly recoveryPoint: string;
  readonly region: string;
  readonly keep: boolean;
  readonly iamRoleArn?: string;
}

/** What the drill needs from the catalog: resolved before any AWS call. */
export interface DrillSubject {
  readonly asset: Asset;
  readonly mode: Mode;
  readonly region: string;
  readonly rtoSeconds: number;
  readonly vault: string;
  readonly sourceIdentifier: string;
  readonly sourceArn: string;
}

export interface DrillPlan extends DrillSubject {
  readonly recoveryPointArn: string;
  readonly recoveryPointCreated?: Date;
  readonly sourceBytes?: number;
  readonly restoreIdentifier: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly iamRoleArn: string;
  readonly keep: boolean;
}

/** The asset a drill can restore: a database that AWS Backup protects (S3 and EBS restores are not drilled here). */
export function drillSubject(plan: CatalogPlan, naming: NamingContext, request: DrillRequest): DrillSubject {
  const { catalog } = plan;
  const asset = catalog.assets.find((a) => a.id === request.asset);
  if (!asset) {
    throw new AuditInputError(`unknown asset "${request.asset}"; the catalog has ${catalog.assets.map((a) => a.id).join(', ')}`);
  }
  const p = plan.assets.get(asset.id)!;
  const inBackup = mechanism(p, 'backup-continuous') ?? mechanism(p, 'backup-snapshot');
  if (kindModule(asset.kind).backupResourceType !== 'RDS' || !inBackup) {
    throw new AuditInputError(
      `${asset.id} cannot be drilled: dr drill restores RDS databases protected by AWS Backup (deleting a restored bucket or volume needs the S3 or EC2 client, which this project does not ship)`,
    );
  }
  const regions = [catalog.environment.primaryRegion, catalog.environment.drRegion];
  if (!regions.includes(request.region)) {
    throw new AuditInputError(`--region must be one of the catalog's Regions (${regions.join(', ')}), got "${request.region}"`);
  }
  const mode: Mode = request.region === catalog.environment.drRegion ? 'region' : 'corruption';
  const sourceIdentifier = databaseIdentifier(naming, asset.id);
  return {
    asset,
    mode,
    region: request.region,
    rtoSeconds: asset.modes[mode].rtoSeconds,
    // Vault names are Regional: the DR Region's copy of a tier's vault has the same name.
    vault: vaultName(naming, asset.tier),
    sourceIdentifier,
    sourceArn: `arn:aws:rds:${naming.primaryRegion}:${naming.account}:db:${sourceIdentifier}`,
  };
}

/** The recovery point's restore metadata with the overrides a drill needs. */
export function drillMetadata(original: Readonly<Record<string, string>>, sourceIdentifier: string, restoreIdentifier: string): Record<string, string> {
  if (restoreIdentifier === sourceIdentifier) throw new Error('a drill must not restore over its source');
  const metadata: Record<string, string> = { ...original, DBInstanceIdentifier: restoreIdentifier };
  // The drill deletes what it restored: a copied deletion protection would stop it.
  if ('DeletionProtection' in metadata) metadata.DeletionProtection = 'false';
  return metadata;
}

/** The role AWS Backup restores with: `--iam-role`, else the restore-testing role in the recovery point's account. */
export function drillRole(naming: NamingContext, recoveryPointArn: string, flag?: string): string {
  if (flag) return flag;
  const account = recoveryPointArn.split(':')[4] || naming.account;
  return `arn:aws:iam::${account}:role/${restoreTestingRoleName(naming)}`;
}

export function restoreIdentifierFor(naming: NamingContext, subject: DrillSubject, at: Date): string {
  return drillDatabaseIdentifier(naming, subject.asset.id, at);
}

/** The database identifier in an RDS ARN (`arn:aws:rds:…:db:ID`), if it is one. */
export function rdsIdentifierOf(arn: string | undefined): string | undefined {
  const parsed = arn ? parseArn(arn) : undefined;
  return parsed?.service === 'rds' && parsed.resource.startsWith('db:') ? parsed.resource.slice(3) : undefined;
}

export function describePlan(p: DrillPlan): string[] {
  return [
    `asset        ${p.asset.id} (${p.mode} restore in ${p.region}, RTO ${p.rtoSeconds} s)`,
    `source       ${p.sourceIdentifier} — read only, never modified`,
    `restore from ${p.recoveryPointArn}${p.recoveryPointCreated ? ` (created ${p.recoveryPointCreated.toISOString()})` : ''}`,
    `restore into ${p.restoreIdentifier} (metadata from the recovery point; overridden: DBInstanceIdentifier${'DeletionProtection' in p.metadata ? ', DeletionProtection=false' : ''})`,
    `role         ${p.iamRoleArn}`,
    `afterwards   ${p.keep ? `keep ${p.restoreIdentifier}` : `delete ${p.restoreIdentifier} (exactly the restored instance)`}`,
  ];
}
