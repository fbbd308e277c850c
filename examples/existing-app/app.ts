/**
 * A team's existing CDK app — its own VPC, PostgreSQL instance and S3 bucket — made DR-checked by the library, and
 * its own Kubernetes Deployment (k8s/web.yaml) graded with it. Everything above `// ---- DR` is the team's app as it
 * was; the lines below it are the library calls. `buildApp()` is what `cdk synth` runs (see README.md) and what
 * test/examples/existing-app.test.ts synthesizes; the pack test runs it against the installed package.
 */
import { join } from 'node:path';
import { App, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DrPostureCheck, DrTargets } from 'dr-targets-as-code';

/** The team's stack, as it was before DR. */
export class ShopStack extends Stack {
  readonly database: rds.DatabaseInstance;
  readonly media: s3.Bucket;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    this.database = new rds.DatabaseInstance(this, 'Orders', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MEDIUM),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
    });
    this.media = new s3.Bucket(this, 'Media', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
    });
  }
}

export interface BuildOptions {
  /** Where the cloud assembly goes. @default 'cdk.out' */
  readonly outdir?: string;
  /** CDK's built-in CloudFormation validation. @default true */
  readonly validation?: boolean;
}

export function buildApp(options: BuildOptions = {}): { app: App; shop: ShopStack; check: DrPostureCheck } {
  const app = new App({
    outdir: options.outdir ?? 'cdk.out',
    ...(options.validation === false ? { builtinCloudFormationValidation: false } : {}),
  });
  // The DR layer refers to keys in the DR Region: the stack takes cross-Region references.
  const shop = new ShopStack(app, 'Shop', {
    env: { account: '111122223333', region: 'eu-west-2' },
    crossRegionReferences: true,
  });

  // ---- DR: the targets, what implements them, and the check (with the team's own Deployment).
  const REGION_LOSS = 'A Region loss is a declared major incident, outside the month’s 43.8-minute SLA budget.';
  const targets = DrTargets.fromFile(app, join(__dirname, 'dr-targets.yaml'));
  targets.protect(shop.database, { asset: 'orders' });
  targets.protect(shop.media, {
    asset: 'media',
    tier: 'tier-1',
    rpo: '24h',
    rto: '30m',
    accept: [{ mode: 'region', slaBudget: '24h', reason: REGION_LOSS, owner: 'platform', expires: '2099-12-31' }],
  });
  const check = new DrPostureCheck({ targets, manifests: join(__dirname, 'k8s') });
  Validations.of(app).addPlugins(check);
  // ---- end of DR
  return { app, shop, check };
}

if (require.main === module) buildApp().app.synth();
