/**
 * Ingress to a Redis asset's pods: the services that own or depend on it, its own replicas and Sentinels, and the
 * jobs of its plan that connect to it. Anything else is refused once a policy selects the pods.
 */
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Service } from '../../lib/catalog';
import { LABEL } from '../../lib/names';

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
}

export function redisNetworkPolicy(scope: Construct, props: RedisNetworkPolicyProps): k8s.KubeNetworkPolicy {
  const ports = props.ports.map((p) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p) }));
  const from: k8s.NetworkPolicyPeer[] = [
    ...(props.clients.length > 0
      ? [{ podSelector: { matchExpressions: [{ key: LABEL.service, operator: 'In', values: props.clients.map((s) => s.id) }] } }]
      : []),
    ...(props.peers ? [{ podSelector: { matchLabels: props.podSelector } }] : []),
    ...props.jobs.map((labels) => ({ podSelector: { matchLabels: labels } })),
  ];
  return new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata: { name: props.name },
    spec: {
      podSelector: { matchLabels: props.podSelector },
      policyTypes: ['Ingress'],
      // An empty `from` would admit everyone; with no peer at all the policy must deny, so it gets no rule.
      ingress: from.length > 0 ? [{ from, ports }] : [],
    },
  });
}
