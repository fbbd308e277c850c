/**
 * A rebuildable Redis cache (kind `redis-cache`, REDIS-18): no persistence, least-recently-used eviction, and the
 * plan's Deployment of independent replicas behind one Service. No replica replicates another, so a restarted empty
 * pod wipes nothing (REDIS-13); each fills again from the database its owner rebuilds it from.
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Asset } from '../../lib/catalog';
import { mechanism } from '../../lib/catalog-plan';
import type { SpecOf } from '../../lib/model';
import { ANNOTATION, k8s as names } from '../../lib/names';
import type { PlanContext } from '../context';
import { REDIS_UID } from '../images';
import { containerSecurityContext, resources, scratchVolume } from '../pod';
import { PlannedDeployment } from '../workload';
import { podMonitor } from './alerts';
import { redisConf } from './conf';
import { redisCredentials } from './credentials';
import { EXPORTER_AUTH_FILE, EXPORTER_PROBES, exporterCaVolume, METRICS_PORT, redisExporter } from './exporter';
import { redisNetworkPolicy } from './network-policy';
import { AUTH_DIR, CONF_DIR, REDIS_PORT, redisObjects, SCRIPTS_DIR, serviceHost, TLS_DIR } from './objects';
import { pingCommand, SCRIPTS } from './scripts';

export interface RedisCacheChartProps {
  /**
   * Memory of each cache container in MiB; maxmemory is three quarters of it.
   * @default 512
   */
  readonly memoryMiB?: number;
  /** @default '100m' */
  readonly cpu?: string;
}

export class RedisCacheChart extends Chart {
  readonly workload: PlannedDeployment;

  constructor(scope: Construct, id: string, ctx: PlanContext, asset: Asset, props: RedisCacheChartProps = {}) {
    super(scope, id, { namespace: ctx.namespace, labels: ctx.assetLabels(asset) });
    const plan = ctx.assetPlan(asset.id);
    const tier = ctx.tier(asset.tier);
    const o = redisObjects(asset.id);
    const memoryMiB = props.memoryMiB ?? 512;
    const selector = { 'app.kubernetes.io/name': o.base, 'app.kubernetes.io/component': 'cache' };
    const scratch = scratchVolume();

    new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: o.config },
      // Nothing is written: `dir` points at scratch space only so Redis has a working directory.
      data: {
        'redis.conf': redisConf(asset, plan.mechanisms, { dir: '/tmp', maxmemoryMiB: Math.floor(memoryMiB * 0.75) }),
      },
    });
    new k8s.KubeConfigMap(this, 'scripts', { metadata: { name: o.scripts }, data: { 'ping.sh': SCRIPTS['ping.sh'] } });
    redisCredentials(this, ctx, asset, { sentinel: false, dnsNames: [serviceHost(ctx, o.base)] });
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: o.base },
      automountServiceAccountToken: false,
    });

    const ping = (loadingOk: boolean) => ({ exec: { command: pingCommand(SCRIPTS_DIR, REDIS_PORT, loadingOk) } });
    this.workload = new PlannedDeployment(this, 'workload', {
      name: o.base,
      selector,
      podLabels: ctx.assetLabels(asset),
      workload: ctx.required(plan, 'k8s-workload'),
      ...warmUpAnnotation(mechanism(plan, 'cache-flush')),
      tier,
      priorityClassName: names.priorityClass(ctx.naming.prefix, tier.id),
      serviceAccountName: o.base,
      uid: REDIS_UID,
      container: {
        name: 'redis',
        image: ctx.images.redis,
        command: ['redis-server', `${CONF_DIR}/redis.conf`],
        ports: [{ name: 'redis', containerPort: REDIS_PORT }],
        env: [
          { name: 'TLS_DIR', value: TLS_DIR },
          { name: 'REDISCLI_AUTH', valueFrom: { secretKeyRef: { name: o.auth, key: 'password' } } },
        ],
        resources: resources({ cpu: props.cpu ?? '100m', memory: `${memoryMiB}Mi` }),
        securityContext: containerSecurityContext(),
        volumeMounts: [
          scratch.mount,
          { name: 'conf', mountPath: CONF_DIR, readOnly: true },
          { name: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true },
          { name: 'auth', mountPath: AUTH_DIR, readOnly: true },
          { name: 'tls', mountPath: TLS_DIR, readOnly: true },
        ],
      },
      probes: { readiness: ping(false), liveness: ping(true), startup: ping(false) },
      sidecars: [{ container: redisExporter('auth', ctx.images.redisExporter), probes: EXPORTER_PROBES }],
      ...(ctx.idle() ? { idle: ctx.idle()! } : {}),
      volumes: [
        scratch.volume,
        { name: 'conf', configMap: { name: o.config } },
        { name: 'scripts', configMap: { name: o.scripts, defaultMode: 0o555 } },
        {
          name: 'auth',
          secret: { secretName: o.auth, items: ['auth.conf', EXPORTER_AUTH_FILE].map((key) => ({ key, path: key })) },
        },
        { name: 'tls', secret: { secretName: o.tls } },
        exporterCaVolume(asset.id),
      ],
    });
    new k8s.KubeService(this, 'service', {
      metadata: { name: o.base },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'redis', port: REDIS_PORT, targetPort: k8s.IntOrString.fromString('redis') }],
      },
    });
    redisNetworkPolicy(this, {
      name: o.base,
      podSelector: selector,
      clients: ctx.clientsOf(asset.id),
      peers: false,
      jobs: [],
      ports: [REDIS_PORT],
      metrics: { port: METRICS_PORT, from: ctx.monitoring },
    });
    // Scraped like the persistent Redis; a cache that loses nothing on restart needs no DR alert of its own.
    podMonitor(this, { name: o.base, selector });
  }
}

/** The declared warm-up after a flush travels on the Deployment, where the checker reads it back (lib/names ANNOTATION). */
function warmUpAnnotation(spec: SpecOf<'cache-flush'> | undefined): { annotations?: Record<string, string> } {
  return spec?.warmUpSeconds == null ? {} : { annotations: { [ANNOTATION.warmUpSeconds]: String(spec.warmUpSeconds) } };
}
