/**
 * The namespace's baseline: every pod is denied all ingress and egress unless a policy of its chart allows it, and
 * every pod may resolve names (kube-dns in kube-system). What each workload needs is allowed next to it: a service's
 * own policy (k8s/service/network-policy.ts), a Redis asset's (k8s/redis/network-policy.ts), and here the jobs that
 * call AWS APIs over HTTPS (RDB shipping, restore tests, pre-deploy backups). Kubelet probes are not pod-to-pod
 * traffic and are not affected (docs/kubernetes.md).
 */
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { NAMESPACE_NAME_LABEL } from '../redis/network-policy';

/** Pods labelled `dr/role` with one of these call AWS APIs (S3, AWS Backup) and nothing else outside the cluster. */
export const AWS_API_JOB_ROLES = ['rdb-shipping', 'restore-test', 'pre-deploy-backup'] as const;

const port = (n: number, protocol = 'TCP'): k8s.NetworkPolicyPort => ({
  protocol,
  port: k8s.IntOrString.fromNumber(n),
});

/** Anywhere over HTTPS: AWS endpoints have no fixed addresses (a VPC endpoint or NAT decides where they are). */
export const HTTPS_ANYWHERE: k8s.NetworkPolicyEgressRule = {
  to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
  ports: [port(443)],
};

/** The platform chart is cluster-scoped (PriorityClasses, StorageClasses), so these name their namespace. */
export function namespaceBaseline(scope: Construct, namespace: string): void {
  new k8s.KubeNetworkPolicy(scope, 'default-deny', {
    metadata: { name: 'default-deny', namespace },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  new k8s.KubeNetworkPolicy(scope, 'allow-dns', {
    metadata: { name: 'allow-dns', namespace },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [port(53, 'UDP'), port(53, 'TCP')],
        },
      ],
    },
  });
  new k8s.KubeNetworkPolicy(scope, 'allow-aws-apis', {
    metadata: { name: 'allow-job-aws-apis', namespace },
    spec: {
      podSelector: { matchExpressions: [{ key: 'dr/role', operator: 'In', values: [...AWS_API_JOB_ROLES] }] },
      policyTypes: ['Egress'],
      egress: [HTTPS_ANYWHERE],
    },
  });
}
