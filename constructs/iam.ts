/**
 * Roles whose permissions live in customer-managed policies. HIPAA and NIST 800-53 checks reject inline policies, and
 * L2 constructs add inline ones to any mutable role they are handed, so callers pass on `role.withoutPolicyUpdates()`.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface ManagedRoleProps {
  readonly roleName: string;
  readonly assumedBy: iam.IPrincipal;
  readonly description: string;
  /** Permissions of the role, rendered as one customer-managed policy. @default - none */
  readonly statements?: readonly iam.PolicyStatement[];
  /** AWS-managed policies by name, e.g. `service-role/AWSBackupServiceRolePolicyForBackup`. @default - none */
  readonly awsManagedPolicies?: readonly string[];
}

export class ManagedRole extends Construct {
  readonly role: iam.Role;
  /** The same role, but L2 grants against it are no-ops: hand this to L2 constructs. */
  readonly immutable: iam.IRole;
  readonly policy?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ManagedRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: props.assumedBy,
      description: props.description,
      managedPolicies: (props.awsManagedPolicies ?? []).map((n) => iam.ManagedPolicy.fromAwsManagedPolicyName(n)),
    });
    if (props.statements && props.statements.length > 0) {
      this.policy = new iam.ManagedPolicy(this, 'Policy', {
        description: `Permissions of ${props.roleName}`,
        statements: [...props.statements],
        roles: [this.role],
      });
    }
    this.immutable = this.role.withoutPolicyUpdates();
  }

  /** Adds statements after construction (e.g. once the resources they name exist). */
  addStatements(...statements: iam.PolicyStatement[]): void {
    if (!this.policy) throw new Error(`${this.node.path}: addStatements needs a role created with \`statements\``);
    this.policy.addStatements(...statements);
  }
}

/** The principal of EKS Pod Identity: pods get the role through an association, without an OIDC provider. */
export function podIdentityPrincipal(): iam.IPrincipal {
  return new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags();
}
