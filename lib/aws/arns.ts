/** Which of AWS Backup's protected resources belong to an asset: by the names lib/names decides. Pure. */
import type { ResourceMatch } from '../measurement';

export interface ProtectedResourceLite {
  readonly arn: string;
  readonly type?: string;
  readonly lastBackupVaultArn?: string;
}

interface ParsedArn {
  readonly service: string;
  readonly region: string;
  readonly resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { service: parts[2]!, region: parts[3]!, resource: parts.slice(5).join(':') };
}

/** The ARNs of the target's resources among the protected resources of its primary Region. */
export function resourcesOf(
  target: { readonly match: ResourceMatch; readonly primaryRegion: string },
  resources: readonly ProtectedResourceLite[],
): string[] {
  const match = target.match;
  if (match.by === 'arn') {
    const want = parseArn(match.arn);
    // The account in an ARN is not compared: the catalog's may be a placeholder for the deployed one.
    return resources
      .filter((r) => {
        const got = parseArn(r.arn);
        return (
          got !== undefined &&
          want !== undefined &&
          got.service === want.service &&
          got.region === want.region &&
          got.resource === want.resource
        );
      })
      .map((r) => r.arn);
  }
  return resources
    .filter((r) => r.type === match.resourceType && parseArn(r.arn)?.region === target.primaryRegion)
    .filter((r) => r.lastBackupVaultArn?.endsWith(`:backup-vault:${match.vault}`))
    .map((r) => r.arn);
}

/** The database identifier in an RDS ARN (`arn:aws:rds:…:db:ID`), if it is one. */
export function rdsIdentifierOf(arn: string | undefined): string | undefined {
  const parsed = arn ? parseArn(arn) : undefined;
  return parsed?.service === 'rds' && parsed.resource.startsWith('db:') ? parsed.resource.slice(3) : undefined;
}

/** The bucket in an S3 ARN (`arn:aws:s3:::NAME`), if it is one. */
export function bucketOf(arn: string | undefined): string | undefined {
  const parsed = arn ? parseArn(arn) : undefined;
  return parsed?.service === 's3' && parsed.resource !== '' && !parsed.resource.includes('/')
    ? parsed.resource
    : undefined;
}

/** The volume id in an EBS ARN (`arn:aws:ec2:…:volume/vol-…`), if it is one. */
export function volumeIdOf(arn: string | undefined): string | undefined {
  const parsed = arn ? parseArn(arn) : undefined;
  return parsed?.service === 'ec2' && /^volume\/vol-[0-9a-f]+$/.test(parsed.resource)
    ? parsed.resource.slice('volume/'.length)
    : undefined;
}
