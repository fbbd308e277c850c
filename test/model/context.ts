/** The model context most model tests assess in: Kubernetes 1.27, three zones, no DR compute, two replicas ready. */
import type { ModelContext } from '../../lib/model';

export const CTX: ModelContext = {
  kubernetesVersion: '1.27',
  zones: 3,
  drCompute: false,
  minReady: 2,
  endpointPropagationSeconds: null,
};
