/**
 * Instance experiments through the checker, on the checker's fixture (orders is a Multi-AZ MySQL instance): its
 * forced-failover template satisfies DR-FIS-EXPERIMENT; without it, or with a template that does not force the
 * failover, may pass on an empty target or has no alarm to stop on, orders is reported as a warning.
 */
import { check, type Finding } from '../../lib/checker';
import { artifacts, catalog, PRIMARY_STACK } from './fixture-app';

type Props = Record<string, unknown>;

/** The DR-FIS-EXPERIMENT findings after `change` edits a template (orders' by default; returns null to remove it). */
function found(change: (p: Props) => Props | null = (p) => p, id = 'OrdersInstanceExperiment'): Finding[] {
  const a = artifacts();
  const resources = a.stacks.find((s) => s.name === PRIMARY_STACK)!.resources as Record<string, { Properties: Props }>;
  const next = change(structuredClone(resources[id]!.Properties));
  if (next === null) delete resources[id];
  else resources[id]!.Properties = next;
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

  test('a service with a signal, its Redis asset and each zone need theirs: removed, each is reported for its entry and mode', () => {
    const gone = (id: string) => found(() => null, id).map((x) => [x.severity, x.entry ?? null, x.mode, x.where]);
    expect(gone('WebPodExperiment')).toEqual([['warning', 'web', 'instance', undefined]]);
    expect(found(() => null, 'WebPodExperiment')[0]!.message).toMatch(
      /^web: a service with a health signal with no instance-mode experiment \(an aws:eks:pod-delete action\)/,
    );
    expect(gone('SessionsPodExperiment')).toEqual([['warning', 'sessions', 'instance', undefined]]);
    expect(gone('EuWest2bAzExperiment')).toEqual([['warning', null, 'az', undefined]]);
    expect(found(() => null, 'EuWest2bAzExperiment')[0]!.message).toMatch(/^eu-west-2b: no AZ-mode experiment/);
  });

  test('a pod or zone template without its stop condition, or set to skip empty targets: reported at the resource for its mode', () => {
    const noStop = found((p) => ({ ...p, StopConditions: [{ Source: 'none' }] }), 'SessionsPodExperiment');
    expect(noStop.map((x) => [x.entry, x.mode, x.where])).toEqual([
      ['sessions', 'instance', `${PRIMARY_STACK}/SessionsPodExperiment (AWS::FIS::ExperimentTemplate)`],
    ]);
    expect(noStop[0]!.message).toMatch(
      /sessions: its instance-mode experiment lacks a CloudWatch alarm as stop condition$/,
    );
    const skip = found(
      (p) => ({ ...p, ExperimentOptions: { EmptyTargetResolutionMode: 'skip' } }),
      'EuWest2aAzExperiment',
    );
    expect(skip.map((x) => [x.entry ?? null, x.mode, x.where])).toEqual([
      [null, 'az', `${PRIMARY_STACK}/EuWest2aAzExperiment (AWS::FIS::ExperimentTemplate)`],
    ]);
    expect(skip[0]!.message).toMatch(/^eu-west-2a: its AZ-mode experiment lacks emptyTargetResolutionMode 'fail'$/);
    // A zone template that stops no node, a pod template that deletes no pod.
    const noNodes = found((p) => ({ ...p, Actions: {} }), 'EuWest2cAzExperiment');
    expect(noNodes[0]!.message).toMatch(/lacks an aws:ec2:stop-instances action/);
    const noDelete = found((p) => ({ ...p, Actions: {} }), 'WebPodExperiment');
    expect(noDelete[0]!.message).toMatch(/^web: its instance-mode experiment lacks an aws:eks:pod-delete action/);
  });

  test('a zone template tagged for the instance mode, or another zone, does not count for its zone', () => {
    const asInstance = found(
      (p) => ({ ...p, Tags: { 'dr:mode': 'instance', 'dr:zone': 'eu-west-2a' } }),
      'EuWest2aAzExperiment',
    );
    expect(asInstance.map((x) => [x.mode, x.message.slice(0, 11)])).toEqual([['az', 'eu-west-2a:']]);
    const other = found((p) => ({ ...p, Tags: { 'dr:mode': 'az', 'dr:zone': 'eu-west-2c' } }), 'EuWest2aAzExperiment');
    expect(other.map((x) => [x.mode, x.message.slice(0, 11)])).toEqual([['az', 'eu-west-2a:']]);
  });
});
