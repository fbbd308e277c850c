/**
 * Every 15 minutes: the age of each asset's newest restorable point (and of its replicated automated backups), as
 * CloudWatch metrics the RecoveryPointAlarms hold to the model's figures. The list of measurements ships beside this
 * file as JSON. An asset that cannot be read publishes nothing: its alarm treats missing data as breaching, so a
 * broken measurement is never a green one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { CONFIG_FILE, type FunctionConfig, type Measurement } from '../../../lib/measurement';
import {
  latestRestorableTime,
  listProtectedResources,
  newestOf,
  replicatedBackupTime,
  ownVolumes,
  resourcesOf,
  type ProtectedResourceLite,
} from '../../../lib/aws';

export interface Clients {
  backup(region: string): BackupClient;
  rds(region: string): RDSClient;
  /** Tells apart the volumes of EBS assets that share a tier vault, by their `dr:asset` tag. */
  ec2(region: string): EC2Client;
  cloudWatch: CloudWatchClient;
}

/** When the measured point was made, or null when there is none. */
async function pointTime(
  m: Measurement,
  clients: Clients,
  protectedIn: (region: string) => Promise<ProtectedResourceLite[]>,
): Promise<Date | null> {
  if (m.source === 'replicated-backup') return replicatedBackupTime(clients.rds(m.region), m.databaseIdentifier!);
  if (m.source === 'latest-restorable-time') return latestRestorableTime(clients.rds(m.region), m.databaseIdentifier!);
  const backup = clients.backup(m.region);
  const arns =
    m.match.by === 'arn'
      ? [m.match.arn]
      : await ownVolumes(m, clients.ec2, resourcesOf(m, await protectedIn(m.region)));
  return (await newestOf(backup, arns))?.created ?? null;
}

/** Rejects after `ms`, so that one slow read cannot keep every other measurement from being published. */
function within<T>(ms: number, what: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${Math.round(ms / 1000)} s`), { name: 'Timeout' })),
      ms,
    );
  });
  return Promise.race([what, timeout]).finally(() => clearTimeout(timer));
}

export interface RunResult {
  readonly published: number;
  /** Measurements that published nothing, with the reason (their alarms go to ALARM on missing data). */
  readonly missing: readonly string[];
}

/**
 * Reads every measurement, then publishes what it read. A measurement still unanswered at `deadlineMs` (default 4 of
 * the function's 5 minutes) publishes nothing, so its alarm goes off on missing data while the others report.
 */
export async function run(
  config: FunctionConfig,
  clients: Clients,
  now: Date,
  deadlineMs = 240_000,
): Promise<RunResult> {
  const data: MetricDatum[] = [];
  const missing: string[] = [];
  // One list of protected resources per Region and run, shared by the EBS measurements.
  const lists = new Map<string, Promise<ProtectedResourceLite[]>>();
  const protectedIn = (region: string) =>
    lists.get(region) ?? lists.set(region, listProtectedResources(clients.backup(region))).get(region)!;
  await Promise.all(
    config.measurements.map(async (m) => {
      try {
        const t = await within(deadlineMs, pointTime(m, clients, protectedIn));
        if (t === null) return missing.push(`${m.asset} ${m.metric}: no restorable point in ${m.region}`);
        const age = Math.max(0, (now.getTime() - t.getTime()) / 1000);
        data.push({
          MetricName: m.metric,
          Dimensions: [{ Name: 'Asset', Value: m.asset }],
          Value: age,
          Unit: 'Seconds',
          Timestamp: now,
        });
      } catch (e) {
        missing.push(`${m.asset} ${m.metric}: ${(e as Error).name}: ${(e as Error).message}`);
      }
      return undefined;
    }),
  );
  // PutMetricData takes up to 1,000 values a call.
  for (let i = 0; i < data.length; i += 1000) {
    await clients.cloudWatch.send(
      new PutMetricDataCommand({ Namespace: config.namespace, MetricData: data.slice(i, i + 1000) }),
    );
  }
  // The function's log is its only console: CloudWatch Logs keeps what it could not publish.
  // eslint-disable-next-line no-console
  for (const line of missing) console.error(`recovery-point-age: nothing published for ${line}`);
  return { published: data.length, missing };
}

function regional<C>(make: (region: string) => C): (region: string) => C {
  const cache = new Map<string, C>();
  return (region) => cache.get(region) ?? cache.set(region, make(region)).get(region)!;
}

export async function handler(): Promise<RunResult> {
  const config = JSON.parse(readFileSync(join(__dirname, CONFIG_FILE), 'utf8')) as FunctionConfig;
  const clients: Clients = {
    backup: regional((region) => new BackupClient({ region })),
    rds: regional((region) => new RDSClient({ region })),
    ec2: regional((region) => new EC2Client({ region })),
    cloudWatch: new CloudWatchClient({}),
  };
  return run(config, clients, new Date());
}
