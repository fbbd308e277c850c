/**
 * A persistent Redis (kind `redis`): one primary and the plan's replicas in a StatefulSet spread over zones, a Sentinel
 * beside each, volumes from the asset's tagging StorageClass, and the plan's RDB shipping and restore test.
 *
 * A StatefulSet pod on a dead node is not replaced until its Node object goes (K8S-18); recovery from a pod, node or
 * zone loss is Sentinel promoting a replica elsewhere, which the model bounds by `down-after` and marks unverified
 * until a failover is measured (REDIS-16). Clients find the primary through the Sentinel Service, one stable name.
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { type Asset, type Service, contextFor } from '../../lib/catalog';
import { achieve, LIVENESS, READINESS, singleRunSeconds } from '../../lib/model';
import { k8s as names, podIdentity } from '../../lib/names';
import { mechanism } from '../../lib/catalog-plan';
import type { PlanContext } from '../context';
import { REDIS_UID } from '../images';
import { containerSecurityContext, podSecurityContext, probe, resources, zoneSpread } from '../pod';
import { pdbMaxUnavailable } from '../workload';
import { podMonitor, redisRules } from './alerts';
import { quorum, redisConf, sentinelConf } from './conf';
import { redisCredentials } from './credentials';
import { EXPORTER_AUTH_FILE, EXPORTER_PROBES, exporterCaVolume, METRICS_PORT, redisExporter } from './exporter';
import { redisNetworkPolicy } from './network-policy';
import {
  AUTH_DIR,
  CONF_DIR,
  primarySearchSeconds,
  REDIS_PORT,
  redisObjects,
  redisPods,
  RUN_DIR,
  scriptEnv,
  SCRIPTS_DIR,
  SENTINEL_PORT,
  serviceHost,
  TLS_DIR,
} from './objects';
import { RDB_SHIPPING_ROLE, RdbShipping } from './rdb-shipping';
import { RESTORE_TEST_ROLE, RestoreTest } from './restore-test';
import { pingCommand, SCRIPTS } from './scripts';
import { HTTPS_ANYWHERE } from '../platform/network-policy';
import { seedContainer } from './seed';

export interface RedisChartProps {
  /**
   * Memory of each Redis container in MiB; maxmemory is three quarters of it, leaving room for the fork of a
   * BGSAVE or AOF rewrite.
   * @default 1024
   */
  readonly memoryMiB?: number;
  /** @default '250m' */
  readonly cpu?: string;
  /** @default '10Gi' */
  readonly volumeSize?: string;
}

export class RedisChart extends Chart {
  readonly statefulSet: k8s.KubeStatefulSet;

  constructor(scope: Construct, id: string, ctx: PlanContext, asset: Asset, props: RedisChartProps = {}) {
    super(scope, id, { namespace: ctx.namespace, labels: ctx.assetLabels(asset) });
    const plan = ctx.assetPlan(asset.id);
    const sentinel = ctx.required(plan, 'redis-sentinel');
    // Shipping and its restore test run where the data is written: in the primary cluster. The DR site's pods start
    // from the newest snapshot shipped to its Region instead (`seed`).
    const ships = mechanism(plan, 'redis-rdb-shipping');
    const shipping = ctx.site === 'primary' ? ships : undefined;
    const seed = ctx.site === 'dr' && ships?.replication ? seedContainer(ctx, asset) : undefined;
    const idle = ctx.idle();
    const tier = ctx.tier(asset.tier);
    const o = redisObjects(asset.id);
    const memoryMiB = props.memoryMiB ?? 1024;
    const size = { cpu: props.cpu ?? '250m', memory: `${memoryMiB}Mi` };
    const replicas = redisPods(ctx, asset.id);
    const selector = { 'app.kubernetes.io/name': o.base, 'app.kubernetes.io/component': 'redis' };
    const jobLabels = { ...ctx.assetLabels(asset), 'dr/role': RDB_SHIPPING_ROLE };

    new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: o.config },
      data: {
        'redis.conf': redisConf(asset, plan.mechanisms, { dir: '/data', maxmemoryMiB: Math.floor(memoryMiB * 0.75) }),
        'sentinel.conf': sentinelConf(o.base, sentinel),
      },
    });
    new k8s.KubeConfigMap(this, 'scripts', { metadata: { name: o.scripts }, data: { ...SCRIPTS } });
    const podDns = `*.${o.headless}.${ctx.namespace}.svc.cluster.local`;
    redisCredentials(this, ctx, asset, { sentinel: true, dnsNames: [podDns, serviceHost(ctx, o.sentinel)] });
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: o.base },
      automountServiceAccountToken: false,
    });

    const ports = [
      { name: 'redis', port: REDIS_PORT, targetPort: k8s.IntOrString.fromString('redis') },
      { name: 'sentinel', port: SENTINEL_PORT, targetPort: k8s.IntOrString.fromString('sentinel') },
    ];
    new k8s.KubeService(this, 'headless', {
      // Pod DNS names resolve before the pods are ready: replicas and Sentinels need them to find each other.
      metadata: { name: o.headless },
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports },
    });
    new k8s.KubeService(this, 'sentinel', {
      metadata: { name: o.sentinel },
      spec: { type: 'ClusterIP', selector, ports: [ports[1]!] },
    });

    const mounts = {
      data: { name: 'data', mountPath: '/data' },
      conf: { name: 'conf', mountPath: CONF_DIR, readOnly: true },
      scripts: { name: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true },
      auth: { name: 'auth', mountPath: AUTH_DIR, readOnly: true },
      tls: { name: 'tls', mountPath: TLS_DIR, readOnly: true },
      run: { name: 'run', mountPath: RUN_DIR },
    };
    const ping = (port: number, loadingOk: boolean) => ({
      exec: { command: pingCommand(SCRIPTS_DIR, port, loadingOk) },
    });
    const container = (
      name: string,
      port: number,
      script: string,
      sizes: { cpu: string; memory: string },
      m: k8s.VolumeMount[],
    ) => ({
      name,
      image: ctx.images.redis,
      command: ['/bin/sh', `${SCRIPTS_DIR}/${script}`],
      ports: [{ name, containerPort: port }],
      env: scriptEnv(ctx, asset.id),
      resources: resources(sizes),
      securityContext: containerSecurityContext(),
      // Readiness from the model's service probe; liveness tolerates a long AOF load (no startup probe needed).
      readinessProbe: probe(READINESS, ping(port, false)),
      livenessProbe: probe(LIVENESS, ping(port, true)),
      volumeMounts: m,
    });
    const { data, conf, scripts, auth, tls, run } = mounts;
    // Probed like Redis: the pod is ready only when every container is.
    const exporter = {
      ...redisExporter('auth', ctx.images.redisExporter),
      readinessProbe: probe(READINESS, EXPORTER_PROBES.readiness),
      livenessProbe: probe(LIVENESS, EXPORTER_PROBES.liveness),
    };
    this.statefulSet = new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { name: o.base, ...(idle ? { annotations: idle.annotations } : {}) },
      spec: {
        // The DR site idles at the pilot-light scale until the Region switch plan's step scales it to `replicas`.
        replicas: idle ? idle.replicas : replicas,
        serviceName: o.headless,
        // Pods start together; the start scripts, not the ordinal order, decide who is primary.
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...ctx.assetLabels(asset), ...selector } },
          spec: {
            serviceAccountName: o.base,
            automountServiceAccountToken: false,
            priorityClassName: names.priorityClass(ctx.naming.prefix, tier.id),
            securityContext: podSecurityContext(REDIS_UID),
            // Replicas in other zones are what survives a zone loss (MECH-23); the plan counts `zones`.
            topologySpreadConstraints: zoneSpread({ maxSkew: 1, nodeTaintsPolicy: 'Honor' }, selector),
            ...(seed
              ? { initContainers: [{ ...seed, volumeMounts: [data, { name: 'seed-tmp', mountPath: '/tmp' }] }] }
              : {}),
            containers: [
              container('redis', REDIS_PORT, 'start-redis.sh', size, [data, conf, scripts, auth, tls, run]),
              container('sentinel', SENTINEL_PORT, 'start-sentinel.sh', { cpu: '50m', memory: '64Mi' }, [
                conf,
                scripts,
                auth,
                tls,
                run,
              ]),
              exporter,
            ],
            volumes: [
              { name: 'conf', configMap: { name: o.config } },
              { name: 'scripts', configMap: { name: o.scripts, defaultMode: 0o555 } },
              {
                name: 'auth',
                secret: {
                  secretName: o.auth,
                  items: ['auth.conf', 'sentinel-auth.conf', EXPORTER_AUTH_FILE].map((key) => ({ key, path: key })),
                },
              },
              { name: 'tls', secret: { secretName: o.tls } },
              exporterCaVolume(asset.id),
              { name: 'run', emptyDir: {} },
              ...(seed ? [{ name: 'seed-tmp', emptyDir: {} }] : []),
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: ctx.assetLabels(asset) },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: names.storageClass(ctx.naming.prefix, asset.id),
              resources: { requests: { storage: k8s.Quantity.fromString(props.volumeSize ?? '10Gi') } },
            },
          },
        ],
      },
    });
    new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: { name: o.base },
      spec: {
        selector: { matchLabels: selector },
        // A drain never takes the Sentinels below their quorum, so a failover can still be elected.
        maxUnavailable: k8s.IntOrString.fromNumber(pdbMaxUnavailable(replicas, quorum(replicas))),
      },
    });
    const clients: Service[] = ctx.clientsOf(asset.id);
    redisNetworkPolicy(this, {
      name: o.base,
      podSelector: selector,
      clients,
      peers: true,
      jobs: shipping ? [jobLabels] : [],
      ports: [REDIS_PORT, SENTINEL_PORT],
      metrics: { port: METRICS_PORT, from: ctx.monitoring },
    });
    podMonitor(this, { name: o.base, selector });
    if (seed) {
      // The seed reads the DR snapshot bucket (HTTPS to S3); the Redis containers themselves call nothing outside.
      new k8s.KubeNetworkPolicy(this, 'seed-network-policy', {
        metadata: { name: `${o.base}-seed` },
        spec: { podSelector: { matchLabels: selector }, policyTypes: ['Egress'], egress: [HTTPS_ANYWHERE] },
      });
    }

    // The shipped snapshots' age when every shipment succeeds (schedule plus deadline): the restore test's and the
    // alert's bound, so both fire at the first missed shipment. The posture's RPO allows one missed shipment more.
    const shipped = shipping && achieve(shipping, contextFor(ctx.catalog, asset.tier), plan.mechanisms).instance.rpo;
    const maxAgeSeconds = shipped && shipped.kind === 'figure' ? singleRunSeconds(shipped.figure) : null;
    if (shipping && maxAgeSeconds === null) {
      throw new Error(`${asset.id}: the model gives redis-rdb-shipping no known RPO to check the snapshot age against`);
    }
    const drill =
      ctx.site === 'primary'
        ? ctx.catalog.drills.find((d) => d.kind === 'redis-restore' && d.assets.includes(asset.id))
        : undefined;
    if (shipping || drill) {
      new k8s.KubeServiceAccount(this, 'jobs-service-account', {
        // EKS Pod Identity gives this account the shipping role (lib/names `rdbShippingRoleName`).
        metadata: { name: podIdentity.rdbShipping(asset.id).serviceAccount },
        automountServiceAccountToken: false,
      });
    }
    const shippingJob =
      shipping &&
      new RdbShipping(this, 'rdb-shipping', ctx, {
        asset,
        spec: shipping,
        serviceAccountName: podIdentity.rdbShipping(asset.id).serviceAccount,
        podLabels: jobLabels,
      });
    redisRules(this, {
      asset,
      namespace: ctx.namespace,
      statefulSet: o.base,
      sentinel,
      ...(shippingJob && maxAgeSeconds !== null
        ? { shipping: { cronJob: shippingJob.cronJob.name, maxAgeSeconds } }
        : {}),
    });
    if (drill && maxAgeSeconds !== null) {
      new RestoreTest(this, 'restore-test', ctx, {
        asset,
        drill,
        maxAgeSeconds,
        serviceAccountName: podIdentity.rdbShipping(asset.id).serviceAccount,
        podLabels: { ...ctx.assetLabels(asset), 'dr/role': RESTORE_TEST_ROLE },
        size,
      });
    }
    // Liveness probes a Redis container from its start (no startup probe), so the search for the primary must end
    // before the earliest restart: failureThreshold − 1 periods after a first failure at the start.
    const search = primarySearchSeconds(replicas);
    const livenessAllows = (LIVENESS.failureThreshold - 1) * LIVENESS.periodSeconds;
    this.node.addValidation({
      validate: () => [
        ...(drill && !shipping
          ? [
              `${asset.id}: drill ${drill.id} restores a shipped snapshot, but the plan has no redis-rdb-shipping; the drill cannot run`,
            ]
          : []),
        ...(search >= livenessAllows
          ? [
              `${asset.id}: the start scripts' search for the primary can take ${search} s with ${replicas} pods, but liveness ` +
                `restarts a container after ${livenessAllows} s; lower PRIMARY_SEARCH (k8s/redis/objects.ts)`,
            ]
          : []),
      ],
    });
  }
}
