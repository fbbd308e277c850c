/**
 * Ingress to a Redis asset's pods: the services that own or depend on it, its own replicas and Sentinels, and the
 * jobs of its plan that connect to it, on the Redis ports; and the monitoring namespace's Prometheus on the metrics
 * exporter's port only. Anything else is refused once a policy selects the pods.
 */
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Service } from '../../lib/catalog';
import { LABEL } from '../../lib/names';
import type { Monitoring } from '../context';

/** The label Kubernetes sets on every namespace to its own name (stable since 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface RedisNetworkPolicyProps {
  readonly name: string;
  /** The Redis pods. */
  readonly podSelector: Record<string, string>;
  readonly clients: readonly Service[];
  /** Whether the pods talk to each other (replication and Sentinel). */
  readonly peers: boolean;
  /** Labels of job pods that connect (e.g. RDB shipping). */
  readonly jobs: readonly Record<string, string>[];
  readonly ports: readonly number[];
  /** The metrics exporter's port and who scrapes it: admitted to that port and no other. */
  readonly metrics?: { readonly port: number; readonly from: Monitoring };
}

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

export function redisNetworkPolicy(scope: Construct, props: RedisNetworkPolicyProps): k8s.KubeNetworkPolicy {
  const from: k8s.NetworkPolicyPeer[] = [
    ...(props.clients.length > 0
      ? [
          {
            podSelector: {
              matchExpressions: [{ key: LABEL.service, operator: 'In', values: props.clients.map((s) => s.id) }],
            },
          },
        ]
      : []),
    ...(props.peers ? [{ podSelector: { matchLabels: props.podSelector } }] : []),
    ...props.jobs.map((labels) => ({ podSelector: { matchLabels: labels } })),
  ];
  const metrics = props.metrics;
  const ingress: k8s.NetworkPolicyIngressRule[] = [
    // An empty `from` would admit everyone; with no peer at all the policy must deny, so it gets no rule.
    ...(from.length > 0 ? [{ from, ports: props.ports.map(tcp) }] : []),
    // One peer with both selectors: Prometheus pods, and only those in the monitoring namespace.
    ...(metrics
      ? [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: metrics.from.namespace } },
                podSelector: { matchLabels: { ...metrics.from.podLabels } },
              },
            ],
            ports: [tcp(metrics.port)],
          },
        ]
      : []),
  ];
  // Under the namespace's default-deny (k8s/platform/network-policy.ts) the pods reach only each other (replication,
  // Sentinel), and the jobs only these pods; DNS is allowed namespace-wide.
  const toPods: k8s.NetworkPolicyEgressRule = {
    to: [{ podSelector: { matchLabels: props.podSelector } }],
    ports: props.ports.map(tcp),
  };
  const policy = new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata: { name: props.name },
    spec: {
      podSelector: { matchLabels: props.podSelector },
      policyTypes: ['Ingress', 'Egress'],
      ingress,
      egress: props.peers ? [toPods] : [],
    },
  });
  props.jobs.forEach((labels, i) => {
    new k8s.KubeNetworkPolicy(scope, `job-network-policy-${i}`, {
      metadata: { name: `${props.name}-${labels['dr/role'] ?? `job-${i}`}` },
      spec: { podSelector: { matchLabels: labels }, policyTypes: ['Egress'], egress: [toPods] },
    });
  });
  return policy;
}
