/** Names of a Redis asset's Kubernetes objects, and what its clients are given to reach it. */
import type { k8s } from 'cdk8s-plus-27';
import type { Asset } from '../../lib/catalog';
import { k8s as names, k8sName } from '../../lib/names';
import type { PlanContext } from '../context';

export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;
/** Where pods mount a Redis asset's TLS files (cert-manager's `tls.crt`, `tls.key`, `ca.crt`). */
export const TLS_DIR = '/etc/redis/tls';
/** Where Redis pods mount the auth includes rendered by the ExternalSecret. */
export const AUTH_DIR = '/etc/redis/auth';
export const CONF_DIR = '/etc/redis/conf';

export function redisObjects(assetId: string) {
  const base = k8sName(assetId);
  return {
    /** The StatefulSet or Deployment, the Service clients use, and Sentinel's master name. */
    base,
    config: names.redisConfig(assetId),
    scripts: `${base}-scripts`,
    auth: `${base}-auth`,
    tls: `${base}-tls`,
    headless: `${base}-headless`,
    sentinel: `${base}-sentinel`,
  } as const;
}

/** The in-cluster DNS name of a Service (cluster domain `cluster.local`, the EKS default). */
export function serviceHost(ctx: PlanContext, service: string): string {
  return `${service}.${ctx.namespace}.svc.cluster.local`;
}

/** `redis-sessions` → `REDIS_SESSIONS`: the prefix of a client's environment variables for one asset. */
function envPrefix(asset: Asset): string {
  return k8sName(asset.id).toUpperCase().replace(/-/g, '_');
}

export interface RedisClient {
  readonly env: k8s.EnvVar[];
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
}

/**
 * What a client pod gets for one Redis asset: where to connect (Sentinels and master name when the asset has
 * Sentinel, otherwise one URL), the password from the ExternalSecret-created Secret, and only the CA certificate of
 * the asset's TLS secret to verify the server with.
 */
export function redisClient(ctx: PlanContext, asset: Asset, sentinel: boolean): RedisClient {
  const o = redisObjects(asset.id);
  const p = envPrefix(asset);
  const caDir = `/etc/redis-ca/${o.base}`;
  const where: k8s.EnvVar[] = sentinel
    ? [
        { name: `${p}_SENTINELS`, value: `${serviceHost(ctx, o.sentinel)}:${SENTINEL_PORT}` },
        { name: `${p}_MASTER_NAME`, value: o.base },
      ]
    : [{ name: `${p}_URL`, value: `rediss://${serviceHost(ctx, o.base)}:${REDIS_PORT}` }];
  return {
    env: [
      ...where,
      { name: `${p}_PASSWORD`, valueFrom: { secretKeyRef: { name: o.auth, key: 'password' } } },
      { name: `${p}_TLS_CA_FILE`, value: `${caDir}/ca.crt` },
    ],
    volumes: [{ name: `${o.base}-ca`, secret: { secretName: o.tls, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }],
    mounts: [{ name: `${o.base}-ca`, mountPath: caDir, readOnly: true }],
  };
}

export const SCRIPTS_DIR = '/etc/redis/scripts';
export const RUN_DIR = '/run/redis';

/**
 * How the start scripts look for the primary (scripts.ts `primary`): rounds of questions to the Sentinels and every
 * peer, each answer awaited at most `answerTimeoutSeconds`, rounds `retrySeconds` apart. Configuration, not facts:
 * the search must end before the liveness probe (the plan's LIVENESS) restarts a container that is not serving yet,
 * which RedisChart checks (`primarySearchSeconds`).
 */
export const PRIMARY_SEARCH = { attempts: 3, retrySeconds: 2, answerTimeoutSeconds: 1 } as const;

/** The longest the search can take: every question of every round unanswered until its timeout. */
export function primarySearchSeconds(pods: number): number {
  const { attempts, retrySeconds, answerTimeoutSeconds } = PRIMARY_SEARCH;
  // Each round asks the Sentinel Service and every other pod.
  return attempts * pods * answerTimeoutSeconds + (attempts - 1) * retrySeconds;
}

/** Pods of a Sentinel-managed Redis: its primary and the plan's replicas (`redis-sentinel.replicas`). */
export function redisPods(ctx: PlanContext, assetId: string): number {
  return ctx.required(ctx.assetPlan(assetId), 'redis-sentinel').replicas + 1;
}

/** The environment the Sentinel scripts (scripts.ts) read, for the Redis pods and for jobs that find the primary. */
export function scriptEnv(ctx: PlanContext, assetId: string): k8s.EnvVar[] {
  const o = redisObjects(assetId);
  const plain: Record<string, string> = {
    SCRIPTS_DIR,
    CONF_DIR,
    RUN_DIR,
    TLS_DIR,
    NAMESPACE: ctx.namespace,
    HEADLESS: o.headless,
    STATEFULSET: o.base,
    MASTER: o.base,
    SENTINEL_HOST: serviceHost(ctx, o.sentinel),
    SENTINEL_PORT: String(SENTINEL_PORT),
    REDIS_PORT: String(REDIS_PORT),
    PODS: String(redisPods(ctx, assetId)),
    PRIMARY_ATTEMPTS: String(PRIMARY_SEARCH.attempts),
    PRIMARY_RETRY_SECONDS: String(PRIMARY_SEARCH.retrySeconds),
    ANSWER_TIMEOUT: String(PRIMARY_SEARCH.answerTimeoutSeconds),
  };
  return [
    ...Object.entries(plain).map(([name, value]) => ({ name, value })),
    { name: 'REDISCLI_AUTH', valueFrom: { secretKeyRef: { name: o.auth, key: 'password' } } },
  ];
}
