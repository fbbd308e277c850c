/**
 * Customer-managed KMS keys, one per purpose and Region, each reached through an alias from lib/names (a key ARN holds
 * a random id; an alias does not). Keys are retained, rotated, and their policy denies ScheduleKeyDeletion and DisableKey
 * to everyone but the break-glass role, so no deploy role or administrator can destroy or lock away the data the key
 * protects. (An administrator allowed kms:PutKeyPolicy can still rewrite the policy first: docs/aws.md says what
 * closes that, an organisation SCP.)
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, type IConstruct } from 'constructs';
import { breakGlassRoleName, kmsAlias, logicalId, type NamingContext } from '../lib/names';
import { tagProtector } from './tags';

export type KeyPurpose = 'rds' | 's3' | 'backup' | 'secrets' | 'ops' | 'ecr';

export interface KeyRingProps {
  readonly naming: NamingContext;
  /** Days a key waits after ScheduleKeyDeletion (7–30). @default 30 */
  readonly pendingWindowDays?: number;
}

/** The ARN of the break-glass role: the only principal the deny statements of keys and vaults exempt. */
export function breakGlassRoleArn(scope: IConstruct, naming: NamingContext): string {
  return `arn:${Stack.of(scope).partition}:iam::${naming.account}:role/${breakGlassRoleName(naming)}`;
}

/**
 * An alias ARN in any Region, for a reference a key ARN cannot serve: the failback rule in the Recovery stack names the
 * primary's S3 key so, since a key ARN would make the two stacks depend on each other. Everywhere else the key ARN
 * (S3-14, docs/aws.md "What AWS requires").
 */
export function aliasArn(scope: IConstruct, naming: NamingContext, region: string, purpose: KeyPurpose): string {
  return `arn:${Stack.of(scope).partition}:kms:${region}:${naming.account}:${kmsAlias(naming, purpose)}`;
}

/**
 * An IAM statement on the key behind an alias, in any Region: a key ARN is random, so the statement names every key of
 * the account and Region and narrows it with `kms:ResourceAliases`.
 */
export function keyByAliasStatement(
  scope: IConstruct,
  naming: NamingContext,
  region: string,
  purpose: KeyPurpose,
  actions: string[],
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions,
    resources: [anyKeyArn(scope, naming, region)],
    conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': kmsAlias(naming, purpose) } },
  });
}

/** Every key of the account in a Region: what a `kms:ResourceAliases` statement names (and acknowledgements quote). */
export function anyKeyArn(scope: IConstruct, naming: NamingContext, region: string): string {
  return `arn:${Stack.of(scope).partition}:kms:${region}:${naming.account}:key/*`;
}

export class KeyRing extends Construct {
  private readonly keys = new Map<KeyPurpose, kms.Key>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: KeyRingProps,
  ) {
    super(scope, id);
    const days = props.pendingWindowDays ?? 30;
    if (days < 7 || days > 30) throw new Error(`KeyRing: \`pendingWindowDays\` must be 7–30, got ${days}`);
  }

  /** The key of a purpose in this stack's Region, created on first use. */
  key(purpose: KeyPurpose): kms.Key {
    const existing = this.keys.get(purpose);
    if (existing) return existing;
    const { naming } = this.props;
    const key = new kms.Key(this, logicalId(purpose), {
      description: `${naming.prefix} ${purpose} data key (${Stack.of(this).region})`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(this.props.pendingWindowDays ?? 30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (key.node.defaultChild as kms.CfnKey).overrideLogicalId(`${logicalId(purpose)}Key`);
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyKeyDestructionExceptBreakGlass',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        // A disabled key makes every backup under it unreadable, as surely as a deleted one, until re-enabled.
        actions: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRoleArn(this, naming) } },
      }),
    );
    // Grants only for AWS services acting on AWS resources (RDS, Backup, Secrets Manager): CT.KMS.PR.3.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyCreateGrantExceptForAwsServices',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );
    const alias = new kms.Alias(this, `${logicalId(purpose)}Alias`, {
      aliasName: kmsAlias(naming, purpose),
      targetKey: key,
    });
    (alias.node.defaultChild as kms.CfnAlias).overrideLogicalId(`${logicalId(purpose)}KeyAlias`);
    tagProtector(key, `${purpose}-key`);
    this.keys.set(purpose, key);
    return key;
  }

  /** Lets an AWS service use a key for its own writes (SNS from EventBridge, CloudWatch Logs, S3 notifications). */
  allowService(purpose: KeyPurpose, service: string, actions: string[], conditions?: Record<string, unknown>): void {
    this.key(purpose).addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `Allow${service.split('.')[0]!.replace(/[^A-Za-z0-9]/g, '')}`,
        principals: [new iam.ServicePrincipal(service)],
        actions,
        resources: ['*'],
        ...(conditions ? { conditions } : {}),
      }),
    );
  }
}
