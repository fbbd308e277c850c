/**
 * The Kubernetes side of the pod experiments (issue 17), in the primary cluster only: what the FIS experiment role
 * may do in the catalog's namespace once its EKS access entry maps it to the user `dr-fis-experiments`
 * (constructs/experiments.ts), and what FIS's own pod may reach.
 *
 * - ServiceAccount `fis-experiments`: the `kubernetesServiceAccount` of every `aws:eks:pod-delete` action; FIS runs
 *   its orchestration pod with it (FIS-6).
 * - Role and RoleBinding `fis-experiments`: exactly the rules the FIS user guide lists (FIS-8), bound to that
 *   ServiceAccount and to the user the access entry names. Nothing cluster-wide.
 * - NetworkPolicy `allow-fis-experiments`: under the namespace's default-deny, the FIS pod (labelled `dr/role:
 *   fis-experiment` through the action's `fisPodLabels`) may open HTTPS connections (the Kubernetes API, whose
 *   addresses are the cluster's, not known here) and nothing else; no ingress. What the FIS pod needs is not published
 *   (FIS-10): HTTPS is what deleting a pod through the API needs (derived), so an experiment that fails on the network
 *   says so in its own state, and this policy is the place to widen.
 * - Pod security: the namespace enforces `restricted`; the actions ask FIS for a `restricted` pod
 *   (`fisPodSecurityPolicy`), which pod-delete supports (FIS-9), so no exemption is needed.
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { FIS_K8S } from '../../lib/names';
import type { PlanContext } from '../context';
import { HTTPS_ANYWHERE } from './network-policy';

/** The FIS pod's Role rules, as the FIS user guide gives them (FIS-8). */
export const FIS_POD_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'list', 'get', 'delete', 'deletecollection'] },
  { apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['update'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
];

export class FisAccessChart extends Chart {
  constructor(scope: Construct, id: string, ctx: PlanContext) {
    super(scope, id, { namespace: ctx.namespace, labels: ctx.siteLabels() });
    const labels = { [FIS_K8S.podLabel.key]: FIS_K8S.podLabel.value };
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: FIS_K8S.serviceAccount, labels },
      // FIS's pod calls the Kubernetes API with this account's token.
      automountServiceAccountToken: true,
    });
    new k8s.KubeRole(this, 'role', {
      metadata: { name: FIS_K8S.role, labels },
      rules: [...FIS_POD_RULES],
    });
    new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata: { name: FIS_K8S.role, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: FIS_K8S.role },
      subjects: [
        { kind: 'ServiceAccount', name: FIS_K8S.serviceAccount, namespace: ctx.namespace },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: FIS_K8S.user },
      ],
    });
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: 'allow-fis-experiments', labels },
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress', 'Egress'],
        egress: [HTTPS_ANYWHERE],
      },
    });
  }
}
