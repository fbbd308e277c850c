/**
 * SDK clients per Region. Credentials, endpoints (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_BACKUP`, …) and retries
 * (`AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`; standard mode retries throttling with backoff) come from the SDK's own
 * configuration chain, so nothing here decides where a request goes.
 */
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { fisClient, regionSwitchClient, type FisClient, type RegionSwitchClient } from '../../aws';

export interface AwsClients {
  backup(region: string): BackupClient;
  rds(region: string): RDSClient;
  /** Tells apart the EBS volumes of assets that share a tier vault, by the `dr:asset` tag; without it they are unaudited. */
  ec2?(region: string): EC2Client;
  /** Reads the registry's replication, which a deploy takes over (ECR-1); without it that check is unaudited. */
  ecr?(region: string): ECRClient;
  /** Who the caller is, asked once per Region before anything else is read (preflight.ts). */
  sts?(region: string): STSClient;
  /** Fault-injection experiments (lib/aws/fis.ts) and what measures them: without them no experiment is read. */
  fis?(region: string): FisClient;
  cloudwatch?(region: string): CloudWatchClient;
  /** ARC Region switch executions (lib/aws/region-switch.ts): without it no execution is read. */
  regionSwitch?(region: string): RegionSwitchClient;
}

/** A drill also deletes what it restored: buckets and volumes. */
export interface DrillClients extends AwsClients {
  s3(region: string): S3Client;
  ec2(region: string): EC2Client;
  sts(region: string): STSClient;
  fis(region: string): FisClient;
  cloudwatch(region: string): CloudWatchClient;
  regionSwitch(region: string): RegionSwitchClient;
}

function perRegion<C>(make: (region: string) => C): (region: string) => C {
  const cache = new Map<string, C>();
  return (region) => {
    let client = cache.get(region);
    if (!client) cache.set(region, (client = make(region)));
    return client;
  };
}

export function sdkClients(): DrillClients {
  return {
    backup: perRegion((region) => new BackupClient({ region })),
    rds: perRegion((region) => new RDSClient({ region })),
    s3: perRegion((region) => new S3Client({ region })),
    ec2: perRegion((region) => new EC2Client({ region })),
    ecr: perRegion((region) => new ECRClient({ region })),
    fis: perRegion((region) => sdkFisClient(region)),
    regionSwitch: perRegion((region) => sdkRegionSwitchClient(region)),
    cloudwatch: perRegion((region) => new CloudWatchClient({ region })),
    // A preflight that hangs is no better than 41 errors: it gives up on a silent endpoint within seconds.
    sts: perRegion(
      (region) => new STSClient({ region, requestHandler: { connectionTimeout: 5000, requestTimeout: 15000 } }),
    ),
  };
}

/**
 * The FIS client (lib/aws/fis.ts) with the SDK's default credential chain and SHA-256, taken from an STS client's
 * resolved configuration (the client sends nothing for this).
 */
export function sdkFisClient(region: string, endpoint?: string): FisClient {
  const { credentials, sha256 } = new STSClient({ region }).config;
  return fisClient({ region, credentials, sha256, ...(endpoint ? { endpoint } : {}) });
}

/** The Region switch client (lib/aws/region-switch.ts), its credentials and SHA-256 taken as sdkFisClient takes them. */
export function sdkRegionSwitchClient(region: string, endpoint?: string): RegionSwitchClient {
  const { credentials, sha256 } = new STSClient({ region }).config;
  return regionSwitchClient({ region, credentials, sha256, ...(endpoint ? { endpoint } : {}) });
}

/** An SDK error as one line: its name, HTTP status and message. */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const message = e.message && e.message !== e.name ? `: ${e.message}` : '';
  return `${e.name}${status ? ` (HTTP ${status})` : ''}${message}`;
}
