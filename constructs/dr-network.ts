/**
 * Where the DR Region runs what the Region switch plan brings back: a network (created, or an existing VPC), the DB
 * subnet group and the DB parameter groups the databases use, under names a restore can be given (the plan's restore
 * step, `dr drill`), and the security group restored databases get. With a standby cluster the Recovery stack creates,
 * the created network also has subnets for its nodes and load balancers (DataNetwork `cluster`).
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { Network } from '../lib/catalog';
import {
  dbParameterGroupName,
  dbSubnetGroupName,
  drDatabaseSecurityGroupName,
  logicalId,
  type NamingContext,
} from '../lib/names';
import { engineOf, type DatabaseKind } from './database';
import type { KeyRing } from './keys';
import { DataNetwork, importedVpc, SUBNETS } from './network';
import { tagProtector } from './tags';

export interface DrNetworkProps {
  readonly naming: NamingContext;
  readonly keys: KeyRing;
  /** The catalog's network of the DR Region. */
  readonly network: Network;
  /** The database kinds of the catalog: one parameter group each. */
  readonly engines: readonly DatabaseKind[];
  /**
   * Subnets and NAT gateways for a standby cluster in a created network.
   * @default - no cluster subnets
   */
  readonly cluster?: { readonly natGateways: number };
  /** The created network's range; another than the primary's so the two can be peered. @default 10.61.0.0/16 */
  readonly cidr?: string;
}

/** The role tag of the DR network's parts: the checker finds the Region's subnet group and parameter groups by it. */
export const DR_NETWORK_ROLE = 'dr-network';

export class DrNetwork extends Construct {
  readonly vpc: ec2.IVpc;
  readonly subnetGroup: rds.SubnetGroup;
  readonly parameterGroups: ReadonlyMap<DatabaseKind, rds.CfnDBParameterGroup>;
  readonly databaseSecurityGroup: ec2.SecurityGroup;
  /** The subnets a created cluster's nodes use; undefined without `cluster` or in an existing network. */
  readonly computeSubnets?: ec2.SubnetSelection;

  constructor(scope: Construct, id: string, props: DrNetworkProps) {
    super(scope, id);
    const { naming, network } = props;
    if (network.kind === 'create') {
      this.vpc = new DataNetwork(this, 'Network', {
        naming,
        keys: props.keys,
        cidr: props.cidr ?? '10.61.0.0/16',
        // Nothing in the DR Region rotates a secret: the replicas follow the primary (OTH-1).
        secretsManagerEndpoint: false,
        ...(props.cluster ? { cluster: props.cluster } : {}),
      }).vpc;
      if (props.cluster) this.computeSubnets = { subnetGroupName: SUBNETS.compute };
    } else {
      this.vpc = importedVpc(this, 'Vpc', network);
    }
    const data: ec2.SubnetSelection =
      network.kind === 'create' ? { subnetGroupName: SUBNETS.data } : { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    this.subnetGroup = new rds.SubnetGroup(this, 'DbSubnetGroup', {
      vpc: this.vpc,
      vpcSubnets: data,
      // Subnet group names are Regional: the DR Region's has the primary's name, so a restore keeps its metadata.
      subnetGroupName: dbSubnetGroupName(naming),
      description: 'Subnets of databases restored in the DR Region',
    });
    // L1: the L2 ParameterGroup renders only once an instance is bound to it, and restores are not known at synth.
    const groups = new Map<DatabaseKind, rds.CfnDBParameterGroup>();
    for (const kind of [...new Set(props.engines)]) {
      const { engine, parameters } = engineOf(kind);
      if (!engine.parameterGroupFamily)
        throw new Error(`DrNetwork: the ${kind} engine names no parameter group family (\`engines\`)`);
      groups.set(
        kind,
        new rds.CfnDBParameterGroup(this, `${logicalId(kind)}ParameterGroup`, {
          family: engine.parameterGroupFamily,
          parameters,
          dbParameterGroupName: dbParameterGroupName(naming, kind),
          description: `The settings of the primary's ${kind} instances, for restores in the DR Region`,
        }),
      );
    }
    this.parameterGroups = groups;
    this.databaseSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc: this.vpc,
      securityGroupName: drDatabaseSecurityGroupName(naming),
      description: 'Databases restored in the DR Region: no ingress until a client is allowed explicitly',
      allowAllOutbound: false,
    });
    tagProtector(this, DR_NETWORK_ROLE);
  }
}
