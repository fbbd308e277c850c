/**
 * Numbers about AWS and Kubernetes behaviour exist in one place, lib/model/facts.ts: a chart built while a fact's
 * figure is changed (test/support/changed-facts.ts) follows it, which a chart with its own copy would not.
 */
import { Testing } from 'cdk8s';
import { PlanContext } from '../../k8s/context';
import { ServiceChart } from '../../k8s/service/service-chart';
import { loadCatalog } from '../../lib/catalog';
import { planCatalog } from '../../lib/catalog-plan';
import { withFact } from '../support/changed-facts';

jest.mock('../../lib/model/facts', () =>
  jest.requireActual<typeof import('../support/changed-facts')>('../support/changed-facts').changedFacts(),
);

const ctx = new PlanContext(planCatalog(loadCatalog('dr-targets.yaml')));
const service = ctx.catalog.services.find((s) => s.id === 'order-payment-service')!;
const messages = () => {
  const chart = new ServiceChart(Testing.app(), 'ops', ctx, service);
  return chart.node.findAll().flatMap((c) => c.node.validate());
};

test('BKP-3: the pre-deploy backup refuses a start window below the fact', () => {
  // tier-1's backupWindow starts within 1 h, the fact's 60 minutes.
  expect(ctx.tier(service.tier).policy.backupWindow.startSeconds).toBe(3600);
  expect(messages()).toEqual([]);
  expect(withFact('BKP-3', 7200, messages)).toEqual([
    expect.stringMatching(/'backupWindow.start' \(3600 s\) must be at least 7200 s for StartBackupJob \(BKP-3\)/),
  ]);
});
