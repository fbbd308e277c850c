/** Small builders for hand-written artifact snippets that follow docs/artifacts.md. */
import type { CfnResource, K8sObject, StackArtifact } from '../../lib/checker';
import { KEPT_TYPES } from '../../lib/checker/check';

export const PRIMARY = { region: 'eu-west-2', account: '123456789012' } as const;

/** A resource; the types DR-RETAIN asks to keep are kept, as the constructs write them (RemovalPolicy.RETAIN). */
export function resource(
  Type: string,
  Properties: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): CfnResource {
  return {
    Type,
    Properties,
    ...(KEPT_TYPES.has(Type) ? { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } : {}),
    ...extra,
  };
}

export function stack(
  name: string,
  resources: Record<string, CfnResource>,
  env: { region: string | null; account: string | null } = PRIMARY,
): StackArtifact {
  return { name, file: `${name}.template.json`, resources, outputs: {}, ...env };
}

export function k8s(
  kind: string,
  name: string,
  labels: Record<string, string>,
  rest: Record<string, unknown> = {},
  file = 'app.k8s.yaml',
): K8sObject {
  return { file, index: 0, kind, name, labels, doc: { apiVersion: 'v1', kind, metadata: { name, labels }, ...rest } };
}

export function tags(t: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
}

export const PROBE = {
  httpGet: { path: '/health', port: 8080 },
  periodSeconds: 5,
  failureThreshold: 3,
  timeoutSeconds: 2,
};

/** A Deployment as the charts write it: probes on the container, zone spread, tolerations. */
export function deployment(
  name: string,
  labels: Record<string, string>,
  pod: Record<string, unknown> = {},
  container: Record<string, unknown> = {},
): K8sObject {
  return k8s('Deployment', name, labels, {
    apiVersion: 'apps/v1',
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...labels } },
        spec: {
          containers: [
            {
              name: 'app',
              image: `${name}:1`,
              readinessProbe: PROBE,
              livenessProbe: { ...PROBE, periodSeconds: 10 },
              ...container,
            },
          ],
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'DoNotSchedule',
              nodeTaintsPolicy: 'Honor',
              labelSelector: { matchLabels: { app: name } },
            },
          ],
          tolerations: [
            { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
            { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
          ],
          ...pod,
        },
      },
    },
  });
}

export function hpa(target: string, minReplicas: number | undefined): K8sObject {
  return k8s(
    'HorizontalPodAutoscaler',
    target,
    {},
    {
      apiVersion: 'autoscaling/v2',
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
        ...(minReplicas === undefined ? {} : { minReplicas }),
        maxReplicas: 10,
      },
    },
  );
}

/** A policy/v1 PodDisruptionBudget over the pods `deployment(name, …)` makes (selector `app: name`). */
export function pdb(
  name: string,
  budget: { maxUnavailable: number | string } | { minAvailable: number | string },
  labels: Record<string, string> = {},
): K8sObject {
  return k8s('PodDisruptionBudget', name, labels, {
    apiVersion: 'policy/v1',
    spec: { selector: { matchLabels: { app: name } }, ...budget },
  });
}
