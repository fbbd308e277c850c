/**
 * A Redis asset's credentials: the AUTH password from AWS Secrets Manager through an ExternalSecret (rendered into the
 * config includes Redis and Sentinel read, and the metrics exporter's password file), and a TLS certificate from
 * cert-manager. No value is in a manifest.
 */
import type { Construct } from 'constructs';
import type { Asset } from '../../lib/catalog';
import { redisPasswordKey, secretName } from '../../lib/names';
import type { PlanContext } from '../context';
import { externalSecret } from '../secrets/external-secret';
import { EXPORTER_AUTH_FILE, exporterAuthTemplate } from './exporter';
import { redisObjects } from './objects';
import { redisCertificate } from './tls';

/** The ClusterIssuer that signs in-cluster TLS certificates (a prerequisite, docs/kubernetes.md). */
export function internalIssuer(ctx: PlanContext): string {
  return `${ctx.naming.prefix}-internal-ca`;
}

/** The secret asset (kind `secret`) the Redis password is kept in: the one its clients already read. */
function passwordSource(ctx: PlanContext, asset: Asset): Asset {
  const source = ctx.clientsOf(asset.id).flatMap((s) => ctx.secretsOf(s))[0];
  if (!source) {
    throw new Error(
      `${asset.id}: no service that uses it reads a secret asset (kind secret) to keep its AUTH password in`,
    );
  }
  return source;
}

export function redisCredentials(
  scope: Construct,
  ctx: PlanContext,
  asset: Asset,
  opts: { sentinel: boolean; dnsNames: string[] },
): void {
  const o = redisObjects(asset.id);
  const pw = '{{ .password }}';
  externalSecret(scope, 'auth', {
    name: o.auth,
    labels: {},
    remoteKey: secretName(ctx.naming, passwordSource(ctx, asset).id),
    properties: [{ secretKey: 'password', property: redisPasswordKey(asset.id) }],
    template: {
      password: pw,
      'auth.conf': `requirepass "${pw}"\nmasterauth "${pw}"\n`,
      // The metrics exporter's password file (exporter.ts), from the same value.
      [EXPORTER_AUTH_FILE]: exporterAuthTemplate('.password'),
      ...(opts.sentinel
        ? {
            'sentinel-auth.conf': `requirepass "${pw}"\nsentinel auth-pass ${o.base} "${pw}"\nsentinel sentinel-pass "${pw}"\n`,
          }
        : {}),
    },
  });
  redisCertificate(scope, { secretName: o.tls, dnsNames: opts.dnsNames, labels: {}, issuer: internalIssuer(ctx) });
}
