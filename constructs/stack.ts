/**
 * A stack in one Region of the catalog. Availability zones come from the catalog, so synth never looks them up (an
 * offline `cdk synth` would otherwise fail asking for credentials).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DR_STACK_FLAGS } from './feature-flags';

export interface DrStackProps extends StackProps {
  /** The zones of this stack's Region, from the catalog's `environment.availabilityZones`. */
  readonly zones: readonly string[];
}

export class DrStack extends Stack {
  private readonly zones: readonly string[];

  constructor(scope: Construct, id: string, props: DrStackProps) {
    super(scope, id, props);
    // Our flags, whatever the app's: a flag the app already sets to the same value changes nothing.
    for (const [key, value] of Object.entries(DR_STACK_FLAGS)) this.node.setContext(key, value);
    if (props.zones.length === 0) {
      throw new Error(
        `${id}: \`zones\` is empty; the catalog's environment.availabilityZones must list this Region's zones`,
      );
    }
    this.zones = props.zones;
  }

  override get availabilityZones(): string[] {
    return [...this.zones];
  }
}
