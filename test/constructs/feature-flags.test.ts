/**
 * The DR layer's stacks carry the feature flags of cdk.json (constructs/feature-flags.ts), so a team's app with other
 * flags gets the DR stacks this project tests: the two lists are the same, and a stack of ours keeps them under an app
 * that sets a flag otherwise.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { DR_STACK_FLAGS } from '../../constructs/feature-flags';
import { DrStack } from '../../constructs/stack';

test("DR_STACK_FLAGS are cdk.json's feature flags, exactly", () => {
  const context = (JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> }).context;
  expect(DR_STACK_FLAGS).toEqual(Object.fromEntries(Object.entries(context).filter(([k]) => k.startsWith('@aws-cdk'))));
});

test('a DrStack keeps them under an app that sets one otherwise', () => {
  const flag = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';
  const app = new App({ context: { [flag]: false } });
  const stack = new DrStack(app, 'S', { zones: ['eu-west-2a'] });
  expect([app.node.tryGetContext(flag), stack.node.tryGetContext(flag)]).toEqual([false, true]);
});
