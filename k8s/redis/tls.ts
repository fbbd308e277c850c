/**
 * TLS for a Redis asset: a cert-manager Certificate from the cluster's internal CA issuer. The Secret it writes holds
 * `tls.crt`, `tls.key` and `ca.crt`; Redis and Sentinel read all three, clients only `ca.crt`.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

export interface RedisCertificateProps {
  readonly secretName: string;
  readonly dnsNames: readonly string[];
  readonly labels: Record<string, string>;
  /** The ClusterIssuer (a prerequisite, docs/kubernetes.md). */
  readonly issuer: string;
}

export function redisCertificate(scope: Construct, props: RedisCertificateProps): ApiObject {
  return new ApiObject(scope, 'certificate', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: props.secretName, labels: props.labels },
    spec: {
      secretName: props.secretName,
      issuerRef: { kind: 'ClusterIssuer', name: props.issuer },
      dnsNames: [...props.dnsNames, 'localhost'],
      // The probes connect to 127.0.0.1.
      ipAddresses: ['127.0.0.1'],
      duration: '2160h',
      renewBefore: '720h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      // Replicas and Sentinels are clients of each other.
      usages: ['server auth', 'client auth', 'digital signature', 'key encipherment'],
    },
  });
}
