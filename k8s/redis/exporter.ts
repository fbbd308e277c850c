/**
 * The Redis metrics exporter (oliver006/redis_exporter), a sidecar beside each Redis container: it reads the Redis of
 * its own pod over TLS and serves Prometheus metrics on METRICS_PORT, which only the monitoring namespace may reach
 * (network-policy.ts). What the alerts read from it (replica lag, connected replicas) is in alerts.ts.
 *
 * No credential is in a manifest or an environment variable: the exporter mounts the same auth Secret volume as the
 * Redis container and reads EXPORTER_AUTH_FILE from it, which the asset's ExternalSecret renders beside `auth.conf`
 * (credentials.ts) in the format `--redis.password-file` expects: a JSON map from the Redis URI to its password.
 */
import { k8s } from 'cdk8s-plus-27';
import { containerSecurityContext, resources, type ProbeAction, type ResourceSizes } from '../pod';
import { AUTH_DIR, REDIS_PORT, redisObjects, TLS_DIR } from './objects';

export const METRICS_PORT = 9121;
export const EXPORTER_CONTAINER = 'redis-exporter';
/** The key of the auth Secret, and the file under AUTH_DIR, that holds the exporter's password map. */
export const EXPORTER_AUTH_FILE = 'redis-exporter.json';
/** The Redis it reads: its own pod's, over TLS (the certificate names `localhost`, tls.ts). */
export const EXPORTER_REDIS_URI = `rediss://localhost:${REDIS_PORT}`;
/** The CA certificate only: the exporter verifies the server and never needs the pod's private key. */
const CA_VOLUME = 'exporter-ca';

/**
 * The ExternalSecret template (engine v2) of EXPORTER_AUTH_FILE. The key must equal `--redis.addr` exactly; sprig's
 * `toJson` quotes whatever characters the password holds.
 */
export function exporterAuthTemplate(passwordField: string): string {
  return `{ ${JSON.stringify(EXPORTER_REDIS_URI)}: {{ ${passwordField} | toJson }} }\n`;
}

/**
 * Probe actions: readiness on `/health`, liveness and startup on the open port. `/health` answers while the exporter
 * serves, whatever Redis does, so the sidecar never takes a healthy Redis out of its Service; the pod's readiness is
 * every container's, which is why the callers give these the same timings as the Redis container's.
 */
export const EXPORTER_PROBES: {
  readonly readiness: ProbeAction;
  readonly liveness: ProbeAction;
  readonly startup: ProbeAction;
} = {
  readiness: { httpGet: { path: '/health', port: k8s.IntOrString.fromString('metrics') } },
  liveness: { tcpSocket: { port: k8s.IntOrString.fromString('metrics') } },
  startup: { tcpSocket: { port: k8s.IntOrString.fromString('metrics') } },
};

/** Requests and a memory limit, as every container here (pod.ts): a CPU limit would throttle it into failing probes. */
export const EXPORTER_SIZE: ResourceSizes = { cpu: '10m', memory: '64Mi' };

/**
 * The exporter container without probes (the caller adds them with its timings). `authVolume` is the pod's volume of
 * the auth Secret; it must list EXPORTER_AUTH_FILE among its items.
 */
export function redisExporter(authVolume: string, image: string): k8s.Container {
  return {
    name: EXPORTER_CONTAINER,
    image,
    args: [
      `--redis.addr=${EXPORTER_REDIS_URI}`,
      `--redis.password-file=${AUTH_DIR}/${EXPORTER_AUTH_FILE}`,
      `--tls-ca-cert-file=${TLS_DIR}/ca.crt`,
      `--web.listen-address=:${METRICS_PORT}`,
    ],
    ports: [{ name: 'metrics', containerPort: METRICS_PORT }],
    resources: resources(EXPORTER_SIZE),
    securityContext: containerSecurityContext(),
    volumeMounts: [
      { name: authVolume, mountPath: AUTH_DIR, readOnly: true },
      { name: CA_VOLUME, mountPath: TLS_DIR, readOnly: true },
    ],
  };
}

/** The volume of the CA certificate the exporter mounts (from the asset's cert-manager Secret). */
export function exporterCaVolume(assetId: string): k8s.Volume {
  return {
    name: CA_VOLUME,
    secret: { secretName: redisObjects(assetId).tls, items: [{ key: 'ca.crt', path: 'ca.crt' }] },
  };
}
