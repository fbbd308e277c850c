/**
 * jest `setupFiles`: every App a test makes skips CDK's stack traces — one captured Error per CloudFormation element
 * (`aws:cdk:creationStack`) and per annotation, each mapped through jest's source maps. They cost a tenth of a test's
 * synth and no test reads them. `npm run synth` and the suite's shared synth (global-setup.ts) keep them.
 *
 * The hook is the one aws-cdk-lib's App calls at the end of its constructor, before any construct is added.
 */
import type { App } from 'aws-cdk-lib';

const APP_INIT_HOOK = Symbol.for('@aws-cdk/core.App#initHook');

(globalThis as Record<symbol, unknown>)[APP_INIT_HOOK] = (app: App) => {
  app.node.setContext('aws:cdk:disable-creation-stack-traces', true);
  app.node.setContext('aws:cdk:disable-stack-trace', true);
};
