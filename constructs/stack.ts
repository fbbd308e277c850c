/**
 * A stack in one Region of the catalog. Availability zones come from the catalog, so synth never looks them up (an
 * offline `cdk synth` would otherwise fail asking for credentials).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

export interface DrStackProps extends StackProps {
  /** The zones of this stack's Region, from the catalog's `environment.availabilityZones`. */
  readonly zones: readonly string[];
}

export class DrStack extends Stack {
  private readonly zones: readonly string[];

  constructor(scope: Construct, id: string, props: DrStackProps) {
    super(scope, id, props);
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
