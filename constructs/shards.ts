/**
 * Stack shards: where an asset's resources live on each side. Shard 0 is the side's own stack, which also holds
 * everything shared (keys, network, topic, vaults, backup plans…); shard n ≥ 1 holds per-asset resources only and
 * exists when the placement (lib/placement) puts something there.
 *
 * A shard refers to its side's shared resources (weak references: one output per value, however many assets use it).
 * The side's stack never refers to a shard: where a shared protector must admit a shard's resources (the alerts
 * topic and the access-log bucket for buckets, External Secrets for secrets) it grants by name pattern, once. So no
 * stack of a side depends on a shard, and the side's stack does not grow with the number of sharded assets.
 */
import { Annotations, type Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Placement } from '../lib/placement';
import { bucketName, type NamingContext, type Side } from '../lib/names';
import type { AccessLogs } from './access-logs';
import type { Alerts } from './alerts';
import type { KeyRing } from './keys';
import type { DrStack } from './stack';

/** What a bucket needs of its side's alerts: the topic, and leave for S3 to publish its events there. */
export interface BucketAlerts {
  readonly topic: sns.ITopic;
  allowBucket(bucketArn: string): void;
}

/** A side's own stack and the shared constructs per-asset resources use. */
export interface CoreSide {
  readonly stack: DrStack;
  /** Per-asset constructs live here, so an asset id never collides with the stack's own constructs ('Keys'…). */
  readonly assets: Construct;
  readonly keys: KeyRing;
  readonly alerts: Alerts;
  readonly logs: AccessLogs;
}

/** The stack that holds an asset's resources on one side, with what they use there. */
export interface Home {
  readonly side: Side;
  /** 0: the side's own stack. */
  readonly shard: number;
  /** A DrStack of ours, or a team's stack holding adopted resources. */
  readonly stack: Stack;
  readonly assets: Construct;
  /** The side's keys (in its own stack). */
  readonly keys: KeyRing;
  readonly alerts: BucketAlerts;
  readonly accessLogs: s3.IBucket;
}

/** Where an asset's resources are: what shared constructs need to put per-asset parts (selections, alarms) next to them. */
export type StackOf = (assetId: string) => { readonly stack: Stack; readonly shard: number };

/** A construct of this id in `stack`, made on first use: per-asset parts of a shared construct, in a shard. */
export function partsIn(stack: Stack, id: string): Construct {
  return (stack.node.tryFindChild(id) as Construct | undefined) ?? new Construct(stack, id);
}

/** Buckets of this app in one Region: what a shared protector admits a shard's buckets by. */
export const bucketPattern = (naming: NamingContext, side: Side) => bucketName(naming, '*', side);

export interface HomesProps {
  readonly naming: NamingContext;
  readonly placement: Placement;
  readonly cores: Readonly<Record<Side, CoreSide>>;
  /** Creates the stack of a shard (n ≥ 1) of a side. */
  readonly shardStack: (side: Side, shard: number) => DrStack;
  /**
   * Stacks of the team's own that hold adopted assets' resources on the primary side (DrTargets `protect`): their
   * selections and per-asset parts go there, as into a shard, numbered from ADOPTED_SHARDS.
   * @default - none
   */
  readonly adopted?: ReadonlyMap<string, Stack>;
}

/** Adopted stacks are numbered from here in the names of their parts (`resources-shard-100`), apart from shards. */
export const ADOPTED_SHARDS = 100;

export class Homes {
  private readonly shards = new Map<string, Home>();

  constructor(private readonly props: HomesProps) {}

  /** The home of an asset's resources on one side; a shard's stack is created on first use. */
  of(assetId: string, side: Side): Home {
    const adopted = side === 'primary' ? this.props.adopted?.get(assetId) : undefined;
    if (adopted) return this.adoptedHome(adopted);
    const placed = this.props.placement.get(assetId);
    if (!placed)
      throw new Error(
        `Homes: asset '${assetId}' has no placement; place every catalog asset (lib/placement resolvePlacement)`,
      );
    const shard = placed[side];
    const core = this.props.cores[side];
    if (shard === 0)
      return {
        side,
        shard,
        stack: core.stack,
        assets: core.assets,
        keys: core.keys,
        alerts: core.alerts,
        accessLogs: core.logs.bucket,
      };
    const key = `${side}/${shard}`;
    const existing = this.shards.get(key);
    if (existing) return existing;
    const home = this.shard(side, shard, core);
    this.shards.set(key, home);
    return home;
  }

  /** The stack and shard of each asset on one side. */
  stackOf(side: Side): StackOf {
    return (assetId) => {
      const home = this.of(assetId, side);
      return { stack: home.stack, shard: home.shard };
    };
  }

  /** The shard stacks made so far: primary side first, each side by shard. */
  stacks(): DrStack[] {
    const order = (h: Home) => (h.side === 'primary' ? 0 : 1e6) + h.shard;
    return [...this.shards.values()].sort((a, b) => order(a) - order(b)).map((h) => h.stack as DrStack);
  }

  private readonly adoptedHomes = new Map<Stack, Home>();

  /** A team's stack as the home of adopted resources: the side's keys and topic, referred to like a shard's. */
  private adoptedHome(stack: Stack): Home {
    const known = this.adoptedHomes.get(stack);
    if (known) return known;
    const core = this.props.cores.primary;
    const { naming } = this.props;
    if (stack.region !== naming.primaryRegion || stack.account !== naming.account)
      throw new Error(
        `DrTargets: stack ${stack.node.path} (${stack.account}/${stack.region}) holds an adopted resource, but the catalog's primary side is ${naming.account}/${naming.primaryRegion}: give the stack that env`,
      );
    const pattern = bucketPattern(naming, 'primary');
    const home: Home = {
      side: 'primary',
      shard: ADOPTED_SHARDS + this.adoptedHomes.size,
      stack,
      assets: partsIn(stack, 'DrTargets'),
      keys: core.keys,
      alerts: { topic: core.alerts.topic, allowBucket: () => core.alerts.allowBuckets(pattern) },
      accessLogs: core.logs.bucket,
    };
    this.adoptedHomes.set(stack, home);
    return home;
  }

  private shard(side: Side, shard: number, core: CoreSide): Home {
    const { naming } = this.props;
    const stack = this.props.shardStack(side, shard);
    stack.addStackDependency(
      core.stack,
      `a shard uses the keys, network, topic and backup plans of ${core.stack.stackName}`,
    );
    const assets = new Construct(stack, 'Assets');
    const pattern = bucketPattern(naming, side);
    // The access-log bucket admits this Region's buckets by name pattern (core.logs.allowBuckets): CDK cannot add a
    // grant for a bucket it does not own, and says so; the grant exists.
    Annotations.of(assets).acknowledgeWarning(
      '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
      `granted by pattern ${pattern} on the access-log bucket`,
    );
    return {
      side,
      shard,
      stack,
      assets,
      keys: core.keys,
      alerts: { topic: core.alerts.topic, allowBucket: () => core.alerts.allowBuckets(pattern) },
      accessLogs: this.accessLogs(stack, side, core, pattern),
    };
  }

  /** The side's access-log bucket by name (a reference would be one more output of the side's stack, for nothing). */
  private accessLogs(stack: Stack, side: Side, core: CoreSide, pattern: string): s3.IBucket {
    core.logs.allowBuckets(pattern);
    return s3.Bucket.fromBucketName(stack, 'AccessLogs', bucketName(this.props.naming, 'access-logs', side));
  }
}
