/**
 * One chart per catalog service: its ServiceAccount, the planned Deployment with HPA and PDB, a ClusterIP Service,
 * and the pre-deploy backup hook for each database it owns with `preDeploySnapshot: true`.
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Asset, Service } from '../../lib/catalog';
import { DR_ENDPOINTS_CONFIGMAP, imageUri, k8s as names, k8sName } from '../../lib/names';
import type { PlanContext } from '../context';
import { APP_UID } from '../images';
import { containerSecurityContext, resources, scratchVolume, type ResourceSizes } from '../pod';
import type { RedisClient } from '../redis/objects';
import { PlannedDeployment } from '../workload';
import { PreDeployBackup } from './pre-deploy-backup';
import { serviceNetworkPolicy } from './network-policy';

export interface ServiceChartProps {
  /**
   * Requests (and the memory limit) of the service's container.
   * @default - the service's `resources` in the catalog (250m CPU, 512Mi memory where it gives none)
   */
  readonly resources?: ResourceSizes;
  /** Connection settings for the Redis assets the service uses, by asset id. */
  readonly redisClients?: ReadonlyMap<string, RedisClient>;
}

/**
 * The probe paths under a service's `healthPath`: `<healthPath>/ready` answers whether the service can take traffic now
 * (its dependencies reachable), `<healthPath>/live` only whether the process works. One path for both would let a
 * dependency outage restart every pod, which recovers nothing and costs the start-up time. Startup uses the liveness
 * path: it gates liveness, so it asks the same question.
 */
export function healthPaths(healthPath: string): { readonly readiness: string; readonly liveness: string } {
  const base = healthPath.replace(/\/+$/, '');
  return { readiness: `${base}/ready`, liveness: `${base}/live` };
}

export class ServiceChart extends Chart {
  readonly workload: PlannedDeployment;

  constructor(scope: Construct, id: string, ctx: PlanContext, service: Service, props: ServiceChartProps = {}) {
    super(scope, id, { namespace: ctx.namespace, labels: ctx.serviceLabels(service) });
    const { catalog, naming } = ctx;
    const name = k8sName(service.id);
    const selector = { 'app.kubernetes.io/name': name };
    const tier = ctx.tier(service.tier);
    const serviceAccountName = names.serviceAccount(service.id);
    const used = [...service.owns, ...service.dependsOn];
    const clients = [...(props.redisClients ?? new Map<string, RedisClient>())]
      .filter(([assetId]) => used.includes(assetId))
      .map(([, c]) => c);
    const scratch = scratchVolume();

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: serviceAccountName },
      // The application does not call the Kubernetes API; EKS Pod Identity mounts its own token.
      automountServiceAccountToken: false,
    });
    const paths = healthPaths(service.healthPath);
    const get = (path: string) => ({ httpGet: { path, port: k8s.IntOrString.fromString('http') } });
    this.workload = new PlannedDeployment(this, 'workload', {
      name,
      selector,
      podLabels: ctx.serviceLabels(service),
      workload: ctx.required(ctx.servicePlan(service.id), 'k8s-workload'),
      tier,
      priorityClassName: names.priorityClass(naming.prefix, tier.id),
      serviceAccountName,
      uid: APP_UID,
      container: {
        name: 'app',
        // The DR site pulls from the replicated repository of its Region (OTH-9).
        image: imageUri(naming, service.id, service.imageTag, ctx.site),
        ports: [{ name: 'http', containerPort: service.port }],
        envFrom: [
          ...ctx.secretsOf(service).map((s: Asset) => ({ secretRef: { name: k8sName(s.id) } })),
          // The endpoints of the databases the Region switch plan restored (it writes them; optional until then).
          ...(ctx.site === 'dr' ? [{ configMapRef: { name: DR_ENDPOINTS_CONFIGMAP, optional: true } }] : []),
        ],
        ...(clients.length > 0 ? { env: clients.flatMap((c) => c.env) } : {}),
        resources: resources(props.resources ?? service.resources),
        securityContext: containerSecurityContext(),
        volumeMounts: [scratch.mount, ...clients.flatMap((c) => c.mounts)],
      },
      probes: { readiness: get(paths.readiness), liveness: get(paths.liveness), startup: get(paths.liveness) },
      volumes: [scratch.volume, ...clients.flatMap((c) => c.volumes)],
      ...(ctx.idle() ? { idle: ctx.idle()! } : {}),
    });
    new k8s.KubeService(this, 'service', {
      metadata: { name },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: service.port, targetPort: k8s.IntOrString.fromString('http') }],
      },
    });
    serviceNetworkPolicy(this, {
      name,
      selector,
      service,
      uses: catalog.assets.filter((a) => used.includes(a.id)),
    });
    // A deploy snapshots its database in the primary Region only: the DR site's databases exist after a failover.
    for (const asset of catalog.assets.filter(
      (a) => ctx.site === 'primary' && a.preDeploySnapshot && (service.owns.includes(a.id) || a.owner === service.id),
    )) {
      new PreDeployBackup(this, `pre-deploy-backup-${asset.id}`, ctx, asset);
    }
    this.node.addValidation({
      validate: () =>
        service.imageTag === 'latest'
          ? [`${service.id}: 'imageTag' latest is not a version; pin the tag GitOps deploys`]
          : [],
    });
  }
}
