/**
 * Roles that pods get through EKS Pod Identity associations (cluster, namespace, service account): no OIDC provider
 * and no random id, so both sides name them from lib/names. The cluster and its Pod Identity Agent add-on are
 * prerequisites (docs/aws.md).
 */
import * as eks from 'aws-cdk-lib/aws-eks';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ManagedRole, podIdentityPrincipal } from './iam';

export interface PodIdentityRoleProps {
  readonly roleName: string;
  readonly description: string;
  readonly statements: readonly iam.PolicyStatement[];
  readonly cluster: string;
  /** The pods that get the role: one association each. */
  readonly serviceAccounts: readonly { readonly namespace: string; readonly serviceAccount: string }[];
}

export class PodIdentityRole extends Construct {
  readonly role: ManagedRole;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    if (props.serviceAccounts.length === 0)
      throw new Error(`PodIdentityRole '${props.roleName}': \`serviceAccounts\` is empty`);
    this.role = new ManagedRole(this, 'Role', {
      roleName: props.roleName,
      assumedBy: podIdentityPrincipal(),
      description: props.description,
      statements: props.statements,
    });
    props.serviceAccounts.forEach((sa, i) => {
      new eks.CfnPodIdentityAssociation(this, `Association${i === 0 ? '' : i + 1}`, {
        clusterName: props.cluster,
        namespace: sa.namespace,
        serviceAccount: sa.serviceAccount,
        roleArn: this.role.role.roleArn,
      });
    });
  }
}
