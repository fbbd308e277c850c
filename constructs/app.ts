/** The AWS side of the app: one stack in the primary Region, one in the DR Region, built from the catalog plan. */
import { Stack, type App } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { alertsTopicName, stackName } from '../lib/names';
import type { CatalogPlan } from '../lib/plan';

export interface AwsStacks {
  readonly primary: Stack;
  readonly dr: Stack;
}

export function buildAwsApp(app: App, plan: CatalogPlan): AwsStacks {
  const { naming } = plan.catalog;
  const account = app.node.tryGetContext('account') ?? process.env.CDK_DEFAULT_ACCOUNT ?? naming.account;
  const dr = new Stack(app, stackName(naming, 'dr'), { env: { account, region: naming.drRegion }, crossRegionReferences: true });
  const primary = new Stack(app, stackName(naming, 'primary'), {
    env: { account, region: naming.primaryRegion },
    crossRegionReferences: true,
  });
  for (const stack of [primary, dr]) {
    new sns.Topic(stack, 'Alerts', { topicName: alertsTopicName(naming), enforceSSL: true });
  }
  primary.addStackDependency(dr, 'replication destinations must exist before the rules that point at them');
  return { primary, dr };
}
