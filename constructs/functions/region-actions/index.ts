/**
 * The Region switch plan's custom steps in the DR Region (a CustomActionLambda block each, ARC-10): restore a database
 * into the DR network — from its replicated automated backups (RDS-13) or the newest copy in the tier's DR vault
 * (MECH-11) — and write its endpoint into the ConfigMap the DR workloads read; finish a promotion ARC's promote block
 * runs (ARC-8): wait for the replica to stand alone, turn its automated backups on should it have none (ARC-8 says it
 * keeps the source's retention; a bare PromoteReadReplica gives 1 day and CloudFormation replicas have none, OTH-42),
 * and write its endpoint likewise; scale a StatefulSet (a Redis), which the EKS block cannot (ARC-6: Deployments only).
 *
 * ARC runs a step's function again every `retryIntervalMinutes` until it returns without an error or the step's timeout
 * passes, so every action is idempotent: it starts what has not started and throws "not yet" until its resource is
 * ready. The payload is the step's (JSON, written by constructs/region-switch.ts); what only the deploy knows comes
 * from the environment: the restored databases' security group, the cluster, the namespace.
 */
import { createHash, createHmac } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { BackupClient, GetRecoveryPointRestoreMetadataCommand, StartRestoreJobCommand } from '@aws-sdk/client-backup';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  DBInstanceNotFoundFault,
  DescribeDBInstanceAutomatedBackupsCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { SignatureV4 } from '@smithy/signature-v4';
import { newestOf } from '../../../lib/aws';
import { DR_ENDPOINTS_CONFIGMAP, drEndpointKeys, TAG } from '../../../lib/names';

export type Action =
  | {
      readonly action: 'restore-database';
      readonly asset: string;
      readonly tier: string;
      readonly identifier: string;
      readonly engine: string;
      readonly source: 'replicated-backups' | 'vault-copy';
      /** The primary instance's ARN: what its replicated backups and its copies are of. */
      readonly sourceArn: string;
      readonly subnetGroup: string;
      readonly parameterGroup: string;
      readonly multiAz: boolean;
      /** `vault-copy`: the tier's vault in the DR Region. */
      readonly vault?: string;
    }
  | {
      readonly action: 'promoted-database';
      readonly asset: string;
      /** The promoted instance: the replica, named as its source. */
      readonly identifier: string;
      /** The retention its automated backups get if they are off after the promotion. */
      readonly retentionDays: number;
    }
  | {
      readonly action: 'scale-statefulset';
      readonly asset: string;
      readonly name: string;
      readonly replicas: number;
    };

/** What the deploy gives the function (its environment). */
export interface Settings {
  readonly region: string;
  readonly securityGroupId: string;
  readonly clusterName: string;
  readonly namespace: string;
  /** The role AWS Backup restores a vault copy with. */
  readonly restoreRoleArn: string;
}

export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface Deps {
  readonly rds: RDSClient;
  readonly backup: BackupClient;
  /** One call of the DR cluster's Kubernetes API (JSON in and out). */
  kube(method: 'GET' | 'PATCH' | 'POST', path: string, body?: unknown, contentType?: string): Promise<KubeResponse>;
  readonly settings: Settings;
}

/** Thrown while the resource is not ready yet: ARC runs the step again after its retry interval. */
export class NotYet extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotYet';
  }
}

export async function handle(event: unknown, deps: Deps): Promise<{ readonly done: string }> {
  const action = parseAction(event);
  switch (action.action) {
    case 'restore-database':
      return restoreDatabase(action, deps);
    case 'promoted-database':
      return promotedDatabase(action, deps);
    case 'scale-statefulset':
      return scaleStatefulSet(action, deps);
  }
}

function parseAction(event: unknown): Action {
  const e = (typeof event === 'string' ? JSON.parse(event) : event) as Partial<Action> | null;
  if (e?.action === 'restore-database' || e?.action === 'promoted-database' || e?.action === 'scale-statefulset')
    return e as Action;
  throw new Error(
    `unknown action ${JSON.stringify(e?.action)}: expected restore-database, promoted-database or scale-statefulset`,
  );
}

/**
 * Runs beside ARC's promote step: "not yet" while the instance is still a replica or not available; then its automated
 * backups turned on if they are off (the promotion's retention is documented three ways, OTH-42 and ARC-8: checked, not
 * assumed), "not yet" until that is applied; then its endpoint written where the DR workloads read it.
 */
async function promotedDatabase(
  a: Extract<Action, { action: 'promoted-database' }>,
  deps: Deps,
): Promise<{ done: string }> {
  const instance = await describe(deps.rds, a.identifier);
  if (!instance) throw new Error(`${a.identifier}: no such DB instance in ${deps.settings.region} to promote`);
  if (instance.ReadReplicaSourceDBInstanceIdentifier) throw new NotYet(`${a.identifier} is still a read replica`);
  if (instance.DBInstanceStatus !== 'available' || !instance.Endpoint?.Address) {
    throw new NotYet(`${a.identifier} is ${instance.DBInstanceStatus ?? 'being promoted'}`);
  }
  if ((instance.BackupRetentionPeriod ?? 0) < 1) {
    await deps.rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: a.identifier,
        BackupRetentionPeriod: a.retentionDays,
        ApplyImmediately: true,
      }),
    );
    throw new NotYet(`${a.identifier}: automated backups turned on (${a.retentionDays} days)`);
  }
  await writeEndpoint(deps, a.asset, instance.Endpoint.Address, instance.Endpoint.Port ?? 0);
  return {
    done: `${a.identifier} stands alone at ${instance.Endpoint.Address}, automated backups kept ${instance.BackupRetentionPeriod} days`,
  };
}

async function restoreDatabase(
  a: Extract<Action, { action: 'restore-database' }>,
  deps: Deps,
): Promise<{ done: string }> {
  const instance = await describe(deps.rds, a.identifier);
  if (instance) {
    if (instance.DBInstanceStatus !== 'available' || !instance.Endpoint?.Address) {
      throw new NotYet(`${a.identifier} is ${instance.DBInstanceStatus ?? 'being created'}`);
    }
    await writeEndpoint(deps, a.asset, instance.Endpoint.Address, instance.Endpoint.Port ?? 0);
    return { done: `${a.identifier} is available at ${instance.Endpoint.Address}` };
  }
  const { settings } = deps;
  const tags = [
    { Key: TAG.asset, Value: a.asset },
    { Key: TAG.tier, Value: a.tier },
    { Key: 'dr:restored-by', Value: 'region-switch' },
  ];
  if (a.source === 'replicated-backups') {
    const replicated = await deps.rds.send(
      new DescribeDBInstanceAutomatedBackupsCommand({ DBInstanceIdentifier: a.identifier }),
    );
    const backup = (replicated.DBInstanceAutomatedBackups ?? []).find(
      (b) => b.DBInstanceArn === a.sourceArn && b.DBInstanceAutomatedBackupsArn,
    );
    if (!backup) throw new Error(`no replicated automated backups of ${a.sourceArn} in ${settings.region}`);
    await deps.rds.send(
      new RestoreDBInstanceToPointInTimeCommand({
        SourceDBInstanceAutomatedBackupsArn: backup.DBInstanceAutomatedBackupsArn,
        TargetDBInstanceIdentifier: a.identifier,
        UseLatestRestorableTime: true,
        DBSubnetGroupName: a.subnetGroup,
        DBParameterGroupName: a.parameterGroup,
        VpcSecurityGroupIds: [settings.securityGroupId],
        MultiAZ: a.multiAz,
        DeletionProtection: true,
        CopyTagsToSnapshot: true,
        Tags: tags,
      }),
    );
  } else {
    const point = await newestOf(deps.backup, [a.sourceArn], a.vault);
    if (!point) throw new Error(`no recovery point of ${a.sourceArn} in vault ${a.vault} in ${settings.region}`);
    const meta = await deps.backup.send(
      new GetRecoveryPointRestoreMetadataCommand({
        BackupVaultName: point.vault ?? a.vault,
        RecoveryPointArn: point.arn,
      }),
    );
    await deps.backup.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: point.arn,
        IamRoleArn: settings.restoreRoleArn,
        ResourceType: 'RDS',
        Metadata: {
          ...(meta.RestoreMetadata ?? {}),
          DBInstanceIdentifier: a.identifier,
          DBSubnetGroupName: a.subnetGroup,
          DBParameterGroupName: a.parameterGroup,
          VpcSecurityGroupIds: JSON.stringify([settings.securityGroupId]),
          MultiAZ: String(a.multiAz),
          DeletionProtection: 'true',
        },
      }),
    );
  }
  throw new NotYet(`restore of ${a.identifier} started in ${settings.region}`);
}

async function describe(rds: RDSClient, identifier: string) {
  try {
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
    return out.DBInstances?.[0];
  } catch (e) {
    if (e instanceof DBInstanceNotFoundFault || (e as { name?: string }).name === 'DBInstanceNotFoundFault')
      return undefined;
    throw e;
  }
}

/** The restored endpoint, where the DR workloads read it (their `envFrom` this ConfigMap, optional). */
async function writeEndpoint(deps: Deps, asset: string, host: string, port: number): Promise<void> {
  const keys = drEndpointKeys(asset);
  const data = { [keys.host]: host, [keys.port]: String(port) };
  const path = `/api/v1/namespaces/${deps.settings.namespace}/configmaps`;
  const patched = await deps.kube(
    'PATCH',
    `${path}/${DR_ENDPOINTS_CONFIGMAP}`,
    { data },
    'application/merge-patch+json',
  );
  if (patched.status === 404) {
    const created = await deps.kube('POST', path, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: DR_ENDPOINTS_CONFIGMAP, namespace: deps.settings.namespace },
      data,
    });
    if (created.status >= 300) throw new Error(`creating ConfigMap ${DR_ENDPOINTS_CONFIGMAP}: HTTP ${created.status}`);
  } else if (patched.status >= 300) {
    throw new Error(`writing ConfigMap ${DR_ENDPOINTS_CONFIGMAP}: HTTP ${patched.status}`);
  }
}

async function scaleStatefulSet(
  a: Extract<Action, { action: 'scale-statefulset' }>,
  deps: Deps,
): Promise<{ done: string }> {
  const path = `/apis/apps/v1/namespaces/${deps.settings.namespace}/statefulsets/${a.name}`;
  const scaled = await deps.kube(
    'PATCH',
    `${path}/scale`,
    { spec: { replicas: a.replicas } },
    'application/merge-patch+json',
  );
  if (scaled.status >= 300) throw new Error(`scaling StatefulSet ${a.name}: HTTP ${scaled.status}`);
  const now = await deps.kube('GET', path);
  const ready = Number((now.body as { status?: { readyReplicas?: number } })?.status?.readyReplicas ?? 0);
  if (ready < a.replicas) throw new NotYet(`StatefulSet ${a.name}: ${ready} of ${a.replicas} pods ready`);
  return { done: `StatefulSet ${a.name}: ${ready} pods ready` };
}

/** SHA-256 (and HMAC-SHA-256 with a secret) from node:crypto, as SignatureV4 takes it. */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

export class Sha256 {
  private readonly hash;
  constructor(secret?: Data) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Data): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    // A SignatureV4 makes a new hash for each use.
  }
}

/**
 * A token for the cluster's API as EKS reads one: a presigned STS GetCallerIdentity URL with the cluster's name in the
 * signed `x-k8s-aws-id` header, base64url without padding, after `k8s-aws-v1.` (the aws-iam-authenticator format).
 */
export async function eksToken(
  clusterName: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  now = new Date(),
): Promise<string> {
  const signer = new SignatureV4({ service: 'sts', region, credentials, sha256: Sha256 });
  const host = `sts.${region}.amazonaws.com`;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host, 'x-k8s-aws-id': clusterName },
    },
    { expiresIn: 60, signingDate: now },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const url = `https://${host}/?${query}`;
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}

function defaultDeps(): Deps {
  const env = process.env;
  const settings: Settings = {
    region: env.AWS_REGION ?? '',
    securityGroupId: env.DB_SECURITY_GROUP_ID ?? '',
    clusterName: env.CLUSTER_NAME ?? '',
    namespace: env.NAMESPACE ?? '',
    restoreRoleArn: env.RESTORE_ROLE_ARN ?? '',
  };
  const eks = new EKSClient({ region: settings.region });
  let cluster: Promise<{ endpoint: string; ca: Buffer }> | undefined;
  const kube: Deps['kube'] = async (method, path, body, contentType = 'application/json') => {
    cluster ??= eks.send(new DescribeClusterCommand({ name: settings.clusterName })).then((c) => ({
      endpoint: c.cluster?.endpoint ?? '',
      ca: Buffer.from(c.cluster?.certificateAuthority?.data ?? '', 'base64'),
    }));
    const { endpoint, ca } = await cluster;
    const token = await eksToken(settings.clusterName, settings.region, {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    });
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<KubeResponse>((resolve, reject) => {
      const req = httpsRequest(
        `${endpoint}${path}`,
        {
          method,
          ca,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(text ? { 'content-type': contentType, 'content-length': Buffer.byteLength(text) } : {}),
          },
          timeout: 20000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = raw;
            try {
              parsed = raw ? JSON.parse(raw) : undefined;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      if (text) req.write(text);
      req.end();
    });
  };
  return {
    rds: new RDSClient({ region: settings.region }),
    backup: new BackupClient({ region: settings.region }),
    kube,
    settings,
  };
}

let deps: Deps | undefined;

export const handler = async (event: unknown): Promise<{ readonly done: string }> =>
  handle(event, (deps ??= defaultDeps()));
