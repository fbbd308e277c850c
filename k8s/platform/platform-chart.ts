/**
 * Cluster-scoped objects and the namespace, once for the whole catalog: a PriorityClass per tier and a StorageClass
 * per asset whose volumes AWS Backup selects by tag.
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Asset } from '../../lib/catalog';
import { kindModule } from '../../lib/model';
import { k8s as names, LABEL, TAG } from '../../lib/names';
import type { PlanContext } from '../context';
import { namespaceBaseline } from './network-policy';

/** The highest value a user PriorityClass may have (K8S-12); larger values are reserved for system classes. */
const MAX_USER_PRIORITY = 1_000_000_000;

/** Assets whose data lives on EBS volumes the cluster provisions, and so need a tagging StorageClass. */
function volumeAssets(ctx: PlanContext): Asset[] {
  return ctx.catalog.assets.filter((a) => kindModule(a.kind).backupResourceType === 'EBS');
}

export class PlatformChart extends Chart {
  constructor(scope: Construct, id: string, ctx: PlanContext) {
    super(scope, id, { labels: ctx.siteLabels() });
    const { catalog } = ctx;
    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: ctx.namespace,
        labels: {
          // Every pod the charts build meets `restricted`; enforcing it keeps hand-made pods to the same bar.
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': `v${ctx.kubernetesVersion}`,
        },
      },
    });

    // Default-deny for the namespace, DNS for every pod, HTTPS for the jobs that call AWS.
    namespaceBaseline(this, ctx.namespace);

    for (const tier of catalog.tiers) {
      new k8s.KubePriorityClass(this, `priority-${tier.id}`, {
        metadata: { name: names.priorityClass(catalog.naming.prefix, tier.id), labels: { [LABEL.tier]: tier.id } },
        value: tier.policy.priority,
        globalDefault: false,
        preemptionPolicy: 'PreemptLowerPriority',
        description: `${tier.name}: ${tier.definition}`,
      });
    }
    this.node.addValidation({
      validate: () =>
        catalog.tiers
          .filter((t) => t.policy.priority > MAX_USER_PRIORITY)
          .map(
            (t) =>
              `${t.id}: 'priority' (${t.policy.priority}) must be at most ${MAX_USER_PRIORITY} for a user PriorityClass (K8S-12)`,
          ),
    });

    for (const asset of volumeAssets(ctx)) {
      new k8s.KubeStorageClass(this, `storage-${asset.id}`, {
        metadata: { name: names.storageClass(catalog.naming.prefix, asset.id), labels: ctx.assetLabels(asset) },
        // The cluster's EBS CSI driver: the self-managed one, or Auto Mode's own in the DR site (EKS-3).
        provisioner: ctx.storageProvisioner,
        parameters: {
          type: 'gp3',
          encrypted: 'true',
          'csi.storage.k8s.io/fstype': 'ext4',
          // The AWS Backup selection for volumes created outside CloudFormation matches these tags.
          tagSpecification_1: `${TAG.asset}=${asset.id}`,
          tagSpecification_2: `${TAG.tier}=${asset.tier}`,
        },
        // A deleted claim must not delete the data with it; the volume and its recovery points stay.
        reclaimPolicy: 'Retain',
        // The volume is created in the zone the scheduler picks, so the zone spread decides where data lives.
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      });
    }
  }
}
