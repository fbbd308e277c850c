/**
 * External Secrets objects: credentials reach pods from AWS Secrets Manager through the External Secrets controller,
 * so no secret value is ever in a manifest. The controller authenticates with its own EKS Pod Identity role
 * (lib/names `podIdentity.externalSecrets`); a SecretStore without an `auth` block uses those credentials.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

/** The External Secrets API the objects are written for (v1 since External Secrets 0.17). */
export const EXTERNAL_SECRETS_API = 'external-secrets.io/v1';
/** The namespaced store every ExternalSecret of the catalog reads through. */
export const SECRET_STORE = 'aws-secrets-manager';

export function secretStore(scope: Construct, region: string, labels: Record<string, string>): ApiObject {
  return new ApiObject(scope, 'secret-store', {
    apiVersion: EXTERNAL_SECRETS_API,
    kind: 'SecretStore',
    metadata: { name: SECRET_STORE, labels },
    spec: { provider: { aws: { service: 'SecretsManager', region } } },
  });
}

export interface ExternalSecretProps {
  /** The ExternalSecret's name and the name of the Secret it creates. */
  readonly name: string;
  readonly labels: Record<string, string>;
  /** The Secrets Manager secret (name, not ARN: it is the same in the DR Region's replica, OTH-1). */
  readonly remoteKey: string;
  /** JSON keys to copy (`secretKey` ← `property`); without them, every key of the secret is copied. */
  readonly properties?: readonly { readonly secretKey: string; readonly property: string }[];
  /** Secret keys rendered from the copied values (External Secrets template engine v2), e.g. a config include. */
  readonly template?: Record<string, string>;
  /**
   * How often the controller re-reads the secret, so a rotation reaches the cluster.
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

export function externalSecret(scope: Construct, id: string, props: ExternalSecretProps): ApiObject {
  const fetch = props.properties
    ? {
        data: props.properties.map((p) => ({
          secretKey: p.secretKey,
          remoteRef: { key: props.remoteKey, property: p.property },
        })),
      }
    : { dataFrom: [{ extract: { key: props.remoteKey } }] };
  return new ApiObject(scope, id, {
    apiVersion: EXTERNAL_SECRETS_API,
    kind: 'ExternalSecret',
    metadata: { name: props.name, labels: props.labels },
    spec: {
      refreshInterval: props.refreshInterval ?? '1h',
      secretStoreRef: { kind: 'SecretStore', name: SECRET_STORE },
      target: {
        name: props.name,
        creationPolicy: 'Owner',
        ...(props.template ? { template: { engineVersion: 'v2', data: props.template } } : {}),
      },
      ...fetch,
    },
  });
}
