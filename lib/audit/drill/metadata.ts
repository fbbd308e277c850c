/**
 * The restore metadata a drill sends (StartRestoreJob `Metadata`): the recovery point's own
 * (GetRecoveryPointRestoreMetadata), with only the keys the drill must set changed, per resource type. Pure. What AWS
 * requires of each key is in docs/aws.md, "What AWS requires"; where AWS Backup's own key lists could not be read
 * (BKP-30, BKP-31), the keys rest on the RDS API (RDS-42) and the issue's reading, and say so there.
 */
import { AuditInputError } from '../errors';
import type { DrillSource } from './source';

/** Sets a restore-metadata key, replacing any that differs only in case (AWS Backup reads the keys case-insensitively). */
function put(metadata: Record<string, string>, key: string, value: string): void {
  drop(metadata, key);
  metadata[key] = value;
}

function drop(metadata: Record<string, string>, key: string): void {
  for (const k of Object.keys(metadata)) if (k.toLowerCase() === key.toLowerCase()) delete metadata[k];
}

function get(metadata: Readonly<Record<string, string>>, key: string): string | undefined {
  const k = Object.keys(metadata).find((m) => m.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : metadata[k];
}

const has = (metadata: Readonly<Record<string, string>>, key: string) => get(metadata, key) !== undefined;

/** The keys that name what a drill restores into: only the drill sets them. */
const NAMING_KEYS: Readonly<Record<DrillSource['type'], readonly string[]>> = {
  RDS: ['DBInstanceIdentifier'],
  S3: ['DestinationBucketName', 'NewBucket', 'RestoreToOriginalBucket'],
  EBS: [],
};

/**
 * Restore-metadata keys whose values name Regional resources: a recovery point copied from another Region carries
 * the values of that Region (subnet group, security groups, zone, parameter and option groups, KMS key). An RDS
 * `KmsKeyId` is not among them: neither RDS restore API takes a storage key (RDS-42), so it picks nothing.
 */
const REGIONAL_KEYS: Readonly<Record<DrillSource['type'], readonly string[]>> = {
  RDS: ['DBSubnetGroupName', 'VpcSecurityGroupIds', 'AvailabilityZone', 'DBParameterGroupName', 'OptionGroupName'],
  S3: ['KMSKey'],
  EBS: ['kmsKeyId'],
};

/**
 * What an RDS restore in the DR Region must be told: the recovery point names the primary Region's DB subnet group and
 * DB parameter group, and without them RDS uses the default subnet group and parameter group (RDS-42) — which fail
 * where the default VPC is gone (BKP-31), and are not the database's settings where it is not. Where the catalog
 * declares a DR network the Recovery stack provisions both and the drill names them (plan.ts `drNetwork`); otherwise
 * the drill refuses to start without them rather than fail in AWS Backup later.
 */
const DR_REQUIRED: Readonly<Record<DrillSource['type'], readonly string[]>> = {
  RDS: ['DBSubnetGroupName', 'DBParameterGroupName'],
  S3: [],
  EBS: [],
};

/** `--metadata KEY=VALUE` flags as a record, refusing the keys that name the restored resource. */
export function userMetadata(type: DrillSource['type'], flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new AuditInputError(`--metadata expects KEY=VALUE, got "${flag}"`);
    const key = flag.slice(0, eq);
    if (NAMING_KEYS[type].some((k) => k.toLowerCase() === key.toLowerCase())) {
      throw new AuditInputError(
        `--metadata cannot set ${key}: the drill names what it restores, so that it deletes only that`,
      );
    }
    out[key] = flag.slice(eq + 1);
  }
  return out;
}

/** Refuses a drill in the DR Region that lacks the `--metadata` keys it needs there (DR_REQUIRED), saying why. */
export function requireDrMetadata(
  type: DrillSource['type'],
  region: string,
  user: Readonly<Record<string, string>>,
): void {
  const missing = DR_REQUIRED[type].filter((k) => !has(user, k));
  if (missing.length === 0) return;
  throw new AuditInputError(
    `an ${type} drill in ${region} needs ${missing.map((k) => `--metadata ${k}=…`).join(' and ')}: the recovery point names the primary Region's, which ${region} does not have, and the catalog declares no network there (environment.network or a pilot-light drCompute, with which the Recovery stack provisions them and the drill names them itself); without them RDS would use the default subnet group and parameter group, which fail where there is no default VPC (RDS-42, BKP-31). Declare the DR network, or create them in ${region} (the DB subnet group in the VPC the drill may use, a parameter group of the engine) and name them`,
  );
}

/**
 * The keys of a cross-Region restore's metadata that still name the source Region's resources: the known Regional
 * keys, and any value that mentions the source Region. Keys the user set are trusted.
 */
export function regionBoundKeys(
  type: DrillSource['type'],
  metadata: Readonly<Record<string, string>>,
  sourceRegion: string,
  userKeys: readonly string[],
): string[] {
  const user = new Set(userKeys.map((k) => k.toLowerCase()));
  const regional = new Set(REGIONAL_KEYS[type].map((k) => k.toLowerCase()));
  return Object.entries(metadata)
    .filter(
      ([k, v]) => !user.has(k.toLowerCase()) && v !== '' && (regional.has(k.toLowerCase()) || v.includes(sourceRegion)),
    )
    .map(([k]) => k);
}

export interface MetadataTarget {
  /** The name the restore gets (RDS, S3); EBS volumes are named by AWS. */
  readonly name?: string;
  /** The catalog's zones of the drill Region. */
  readonly zones: readonly string[];
  readonly user?: Readonly<Record<string, string>>;
  /** RDS: the engine of the asset's kind, for a point whose metadata does not say (`Engine` is required, RDS-42). */
  readonly engine?: string;
  /** RDS: a continuous recovery point (point-in-time restore), which needs a time or the latest restorable one. */
  readonly continuous?: boolean;
  /** S3 in another Region than the source's: the drill Region's key for the restored objects (BKP-30). */
  readonly encryptionKey?: string;
}

/** The recovery point's restore metadata with the overrides a drill needs: a new resource, deletable afterwards. */
export function drillMetadata(
  source: DrillSource,
  original: Readonly<Record<string, string>>,
  target: MetadataTarget,
): Record<string, string> {
  const metadata: Record<string, string> = { ...original };
  const user = target.user ?? {};
  for (const [k, v] of Object.entries(user)) put(metadata, k, v);
  switch (source.type) {
    case 'RDS':
      if (!target.name || target.name === source.identifier)
        throw new Error('a drill must not restore over its source');
      rdsMetadata(metadata, target, user);
      put(metadata, 'DBInstanceIdentifier', target.name);
      break;
    case 'S3':
      if (!target.name || target.name === source.bucket) throw new Error('a drill must not restore over its source');
      put(metadata, 'DestinationBucketName', target.name);
      put(metadata, 'NewBucket', 'true');
      // Only where the recovery point's own metadata has it: not a key to add (issue 14).
      if (has(original, 'RestoreToOriginalBucket')) put(metadata, 'RestoreToOriginalBucket', 'false');
      // A copy in another Region is restored with that Region's key: the source's is not there (BKP-30).
      if (target.encryptionKey && !has(user, 'EncryptionType')) {
        put(metadata, 'EncryptionType', 'SSE-KMS');
        if (!has(user, 'KMSKey')) put(metadata, 'KMSKey', target.encryptionKey);
      }
      break;
    case 'EBS': {
      // A volume restores into one zone; a copy's metadata names a zone of the Region it was taken in.
      const zone = get(metadata, 'availabilityZone');
      if (zone !== undefined && get(user, 'availabilityZone') === zone) break;
      if (zone === undefined || !target.zones.includes(zone)) {
        if (target.zones.length === 0)
          throw new AuditInputError('the catalog lists no availability zones for the drill Region');
        put(metadata, 'availabilityZone', target.zones[0]!);
      }
      break;
    }
  }
  return metadata;
}

/** RDS: the keys RestoreDBInstanceToPointInTime and RestoreDBInstanceFromDBSnapshot require or refuse (RDS-42). */
function rdsMetadata(
  metadata: Record<string, string>,
  target: MetadataTarget,
  user: Readonly<Record<string, string>>,
): void {
  // The drill deletes what it restored: a copied deletion protection would stop it.
  if (has(metadata, 'DeletionProtection')) put(metadata, 'DeletionProtection', 'false');
  if (!has(metadata, 'Engine') && target.engine) put(metadata, 'Engine', target.engine);
  if (target.continuous) {
    // RestoreTime and UseLatestRestorableTime exclude each other; one of them is needed. A time given by hand wins.
    if (has(user, 'RestoreTime')) drop(metadata, 'UseLatestRestorableTime');
    else if (get(metadata, 'UseLatestRestorableTime') === 'true' || !has(metadata, 'RestoreTime')) {
      drop(metadata, 'RestoreTime');
      put(metadata, 'UseLatestRestorableTime', 'true');
    }
  }
  // No zone with Multi-AZ; and a zone of another Region does not exist here: RDS picks one (RDS-42).
  const zone = get(metadata, 'AvailabilityZone');
  if (zone !== undefined && get(user, 'AvailabilityZone') !== zone) {
    if (get(metadata, 'MultiAZ') === 'true' || !target.zones.includes(zone)) drop(metadata, 'AvailabilityZone');
  }
}

/** The keys a drill set or changed, as `key=value`, and those it removed, as `-key`. */
export function overridesOf(
  original: Readonly<Record<string, string>>,
  metadata: Readonly<Record<string, string>>,
): string[] {
  return [
    ...Object.entries(metadata)
      .filter(([k, v]) => original[k] !== v)
      .map(([k, v]) => `${k}=${v}`),
    ...Object.keys(original)
      .filter((k) => !(k in metadata) && !Object.keys(metadata).some((m) => m.toLowerCase() === k.toLowerCase()))
      .map((k) => `-${k}`),
  ];
}
