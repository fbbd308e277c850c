/** The namespace's secret store and one ExternalSecret per secret asset (kind `secret`) that a service reads. */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { k8sName, secretName } from '../../lib/names';
import type { PlanContext } from '../context';
import { externalSecret, secretStore } from './external-secret';

export class SecretsChart extends Chart {
  constructor(scope: Construct, id: string, ctx: PlanContext) {
    super(scope, id, { namespace: ctx.namespace, labels: ctx.siteLabels() });
    // The cluster's own Region: the DR site reads the secrets' replicas there (OTH-1).
    secretStore(this, ctx.region, {});
    for (const asset of ctx.catalog.assets.filter((a) => a.kind === 'secret')) {
      externalSecret(this, `external-secret-${asset.id}`, {
        name: k8sName(asset.id),
        labels: ctx.assetLabels(asset),
        remoteKey: secretName(ctx.naming, asset.id),
      });
    }
  }
}
