/**
 * Instance experiments through the checker, on the checker's fixture (orders is a Multi-AZ MySQL instance): its
 * forced-failover template satisfies DR-FIS-EXPERIMENT; without it, or with a template that does not force the
 * failover, may pass on an empty target or has no alarm to stop on, orders is reported as a warning.
 */
import { check, type Finding } from '../../lib/checker';
import { artifacts, catalog, PRIMARY_STACK } from './fixture-app';

type Props = Record<string, unknown>;

/** The DR-FIS-EXPERIMENT findings after `change` edits orders' template (returns null to remove it). */
function found(change: (p: Props) => Props | null = (p) => p): Finding[] {
  const a = artifacts();
  const resources = a.stacks.find((s) => s.name === PRIMARY_STACK)!.resources as Record<string, { Properties: Props }>;
  const next = change(structuredClone(resources.OrdersInstanceExperiment!.Properties));
  if (next === null) delete resources.OrdersInstanceExperiment;
  else resources.OrdersInstanceExperiment!.Properties = next;
  return check({ catalog: catalog(), artifacts: a, today: '2026-11-28' }).findings.filter(
    (f) => f.rule === 'DR-FIS-EXPERIMENT',
  );
}

const WHERE = `${PRIMARY_STACK}/OrdersInstanceExperiment (AWS::FIS::ExperimentTemplate)`;

describe('instance experiments in the checker', () => {
  test('the fixture as it is: no finding', () => {
    expect(found()).toEqual([]);
  });

  test('no template for a Multi-AZ database: a warning naming it, with its instance RTO', () => {
    const f = found(() => null);
    expect(f.map((x) => [x.severity, x.entry, x.field, x.targetSeconds, x.where])).toEqual([
      [
        'warning',
        'orders',
        'rto',
        catalog().assets.find((a) => a.id === 'orders')!.modes.instance.rtoSeconds,
        undefined,
      ],
    ]);
    expect(f[0]!.message).toMatch(/orders: a Multi-AZ database with no instance-mode experiment/);
  });

  test('a template tagged for another mode or asset does not count', () => {
    const other = found((p) => ({ ...p, Tags: { 'dr:asset': 'orders', 'dr:mode': 'az' } }));
    expect(other.map((x) => [x.entry, x.where])).toEqual([['orders', undefined]]);
  });

  test('a template without the forced failover, the fail mode or the alarm: a warning at the resource saying what it lacks', () => {
    const actions = (p: Props) => p.Actions as Record<string, Props>;
    const cases: [(p: Props) => Props, RegExp][] = [
      [
        (p) => {
          actions(p).Failover!.Parameters = { forceFailover: 'false' };
          return p;
        },
        /lacks an aws:rds:reboot-db-instances action with forceFailover 'true'$/,
      ],
      [
        (p) => ({ ...p, ExperimentOptions: { EmptyTargetResolutionMode: 'skip' } }),
        /lacks emptyTargetResolutionMode 'fail'$/,
      ],
      [(p) => ({ ...p, StopConditions: [{ Source: 'none' }] }), /lacks a CloudWatch alarm as stop condition$/],
    ];
    for (const [change, message] of cases) {
      const f = found(change);
      expect(f.map((x) => [x.entry, x.where])).toEqual([['orders', WHERE]]);
      expect(f[0]!.message).toMatch(message);
    }
  });
});
