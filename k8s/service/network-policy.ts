/**
 * What a service's pods may reach under the namespace's default-deny (k8s/platform/network-policy.ts): ingress on
 * its port from anywhere (clients, the ingress controller, a load balancer), and egress to the other services, to
 * the Redis assets it owns or depends on, and outside the cluster over HTTPS (AWS APIs) and to its databases' ports.
 */
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Asset, Service } from '../../lib/catalog';
import { LABEL } from '../../lib/names';
import { HTTPS_ANYWHERE } from '../platform/network-policy';
import { REDIS_PORT, SENTINEL_PORT } from '../redis/objects';

/**
 * The ports the databases listen on: constructs/database.ts's defaults (PostgreSQL 5433, MySQL 3307), which
 * test/constructs/hardening.synth.test.ts compares with the synthesized DB instances.
 */
export const DATABASE_PORTS: Readonly<Partial<Record<Asset['kind'], number>>> = { postgres: 5433, mysql: 3307 };

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

export function serviceNetworkPolicy(
  scope: Construct,
  props: { name: string; selector: Record<string, string>; service: Service; uses: readonly Asset[] },
): k8s.KubeNetworkPolicy {
  const redis = props.uses.filter((a) => a.kind === 'redis' || a.kind === 'redis-cache');
  const dbPorts = [...new Set(props.uses.flatMap((a) => (DATABASE_PORTS[a.kind] ? [DATABASE_PORTS[a.kind]!] : [])))];
  const egress: k8s.NetworkPolicyEgressRule[] = [
    { to: [{ podSelector: { matchExpressions: [{ key: LABEL.service, operator: 'Exists' }] } }] },
    ...(redis.length > 0
      ? [
          {
            to: [
              {
                podSelector: {
                  matchExpressions: [{ key: LABEL.asset, operator: 'In', values: redis.map((a) => a.id) }],
                },
              },
            ],
            ports: [tcp(REDIS_PORT), tcp(SENTINEL_PORT)],
          },
        ]
      : []),
    HTTPS_ANYWHERE,
    ...(dbPorts.length > 0 ? [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: dbPorts.map(tcp) }] : []),
  ];
  return new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata: { name: props.name },
    spec: {
      podSelector: { matchLabels: props.selector },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [tcp(props.service.port)] }],
      egress,
    },
  });
}
