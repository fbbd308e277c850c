import { FOREVER_SECONDS, hpaFor, readWorkload } from '../../../lib/checker/readers/workload';
import { deployment, hpa, k8s } from '../helpers';

const labels = { 'dr/service': 'web', 'dr/tier': 'gold' };

describe('readWorkload: k8s-workload from a Deployment and its HPA', () => {
  test('HPA minimum, probes, zone spread and tolerations as the charts write them', () => {
    const d = deployment('web', labels);
    expect(readWorkload(d, hpa('web', 3))).toEqual({
      id: 'k8s-workload',
      controller: 'Deployment',
      minReplicas: 3,
      zoneSpread: { maxSkew: 1, nodeTaintsPolicy: 'Honor' },
      readiness: { periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 },
      liveness: { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
      startup: null,
      unreachableTolerationSeconds: 60,
    });
  });

  test('an HPA without minReplicas means 1 (K8S-3); no HPA means the fixed replicas', () => {
    expect(readWorkload(deployment('web', labels), hpa('web', undefined)).minReplicas).toBe(1);
    const fixed = deployment('web', labels);
    (fixed.doc.spec as Record<string, unknown>).replicas = 4;
    expect(readWorkload(fixed, undefined).minReplicas).toBe(4);
  });

  test('probes removed: no readiness, no liveness', () => {
    const w = readWorkload(
      deployment('web', labels, {}, { readinessProbe: undefined, livenessProbe: undefined }),
      hpa('web', 3),
    );
    expect(w.readiness).toBeNull();
    expect(w.liveness).toBeNull();
  });

  test('a sidecar without a readiness probe means the pod has none', () => {
    const d = deployment('web', labels, {
      containers: [{ name: 'app', readinessProbe: { httpGet: {} } }, { name: 'proxy' }],
    });
    expect(readWorkload(d, undefined).readiness).toBeNull();
  });

  test('probe fields default to period 10 s, timeout 1 s, threshold 3 (K8S-7)', () => {
    const d = deployment('web', labels, { containers: [{ name: 'app', readinessProbe: { tcpSocket: { port: 80 } } }] });
    expect(readWorkload(d, undefined).readiness).toEqual({ periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 });
  });

  test('ScheduleAnyway, another topology key or a selector that misses the pods: no zone spread', () => {
    const spread = (c: Record<string, unknown>) =>
      deployment('web', labels, {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            labelSelector: { matchLabels: { app: 'web' } },
            ...c,
          },
        ],
      });
    expect(readWorkload(spread({ whenUnsatisfiable: 'ScheduleAnyway' }), undefined).zoneSpread).toBeNull();
    expect(readWorkload(spread({ topologyKey: 'kubernetes.io/hostname' }), undefined).zoneSpread).toBeNull();
    expect(readWorkload(spread({ labelSelector: { matchLabels: { app: 'other' } } }), undefined).zoneSpread).toBeNull();
    expect(readWorkload(spread({}), undefined).zoneSpread).toEqual({ maxSkew: 1, nodeTaintsPolicy: 'Ignore' });
  });

  test('tolerations: absent means 300 s (K8S-16); without tolerationSeconds, for ever', () => {
    expect(readWorkload(deployment('web', labels, { tolerations: [] }), undefined).unreachableTolerationSeconds).toBe(
      300,
    );
    expect(
      readWorkload(deployment('web', labels, { tolerations: [{ operator: 'Exists' }] }), undefined)
        .unreachableTolerationSeconds,
    ).toBe(FOREVER_SECONDS);
  });

  test('hpaFor finds the HPA by scaleTargetRef only', () => {
    const d = deployment('web', labels);
    const objects = [hpa('other', 5), hpa('web', 2), k8s('ConfigMap', 'web', {})];
    expect(hpaFor(d, objects)?.doc).toEqual(objects[1]!.doc);
  });
});
