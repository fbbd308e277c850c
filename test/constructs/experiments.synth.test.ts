/**
 * The instance experiments in the shared synth of dr-targets.yaml (JSON copies): every Multi-AZ database the plan
 * makes has exactly one forced-failover template, targeting only its own instance, stopped by its own unavailability
 * alarm in the same template file; the checker finds nothing to report, and reports each database whose template a
 * copy loses.
 */
import { loadCatalog } from '../../lib/catalog';
import { azExperiments, instanceExperiments, planCatalog, rtoAlarms } from '../../lib/catalog-plan';
import { experimentFindings } from '../../lib/checker/experiments';
import type { StackArtifact } from '../../lib/checker';
import { stackNames, template, type CfnTemplate } from '../support/synthesized';

const catalog = loadCatalog('dr-targets.yaml');
const expected = instanceExperiments(planCatalog(catalog));
const zones = azExperiments(planCatalog(catalog));

function stacks(edit: (name: string, t: CfnTemplate) => void = () => undefined): StackArtifact[] {
  return stackNames().map((name) => {
    const t = template(name);
    edit(name, t);
    return { name, file: `${name}.template.json`, resources: t.Resources, outputs: {} } as unknown as StackArtifact;
  });
}

const templatesOf = (t: CfnTemplate, mode = 'instance') =>
  Object.entries(t.Resources).filter(
    ([, r]) =>
      r.Type === 'AWS::FIS::ExperimentTemplate' && (r.Properties!.Tags as Record<string, string>)['dr:mode'] === mode,
  );

describe('instance experiments of dr-targets.yaml', () => {
  test('one forced-failover template per Multi-AZ database, on its own instance, stopped by its own alarm', () => {
    expect(expected.length).toBeGreaterThan(0);
    const found = new Map<string, { props: Record<string, unknown>; t: CfnTemplate }>();
    for (const name of stackNames()) {
      const t = template(name);
      for (const [, r] of templatesOf(t)) {
        const asset = (r.Properties!.Tags as Record<string, string>)['dr:asset']!;
        expect(found.has(asset)).toBe(false);
        found.set(asset, { props: r.Properties!, t });
      }
    }
    expect([...found.keys()].sort()).toEqual(expected.map((e) => e.asset).sort());
    for (const e of expected) {
      const { props, t } = found.get(e.asset)!;
      const target = (props.Targets as Record<string, { ResourceArns: unknown[] }>).Database!;
      expect(JSON.stringify(target.ResourceArns)).toMatch(new RegExp(`:db:${e.databaseIdentifier}"\\]$`));
      const stop = (props.StopConditions as { Value: { 'Fn::GetAtt': [string, string] } }[])[0]!.Value['Fn::GetAtt'][0];
      expect(t.Resources[stop]).toMatchObject({
        Type: 'AWS::CloudWatch::Alarm',
        Properties: { AlarmName: e.alarmName, EvaluationPeriods: e.evaluationPeriods },
      });
    }
  });

  test('the checker: nothing to report as synthesized; a copy without a template reports that database', () => {
    expect(experimentFindings(catalog, stacks())).toEqual([]);
    const lost = expected[0]!.asset;
    const found = experimentFindings(
      catalog,
      stacks((_name, t) => {
        for (const [id, r] of templatesOf(t))
          if ((r.Properties!.Tags as Record<string, string>)['dr:asset'] === lost) delete t.Resources[id];
      }),
    );
    expect(found.map((f) => [f.rule, f.severity, f.entry])).toEqual([['DR-FIS-EXPERIMENT', 'warning', lost]]);
  });

  test('AZ mode: one template per zone of the primary Region, every target in that zone, stopped by any service past its RTO', () => {
    const primary = template('LomashWoodDrPrimary');
    const found = templatesOf(primary, 'az').map(([, r]) => r.Properties!);
    expect(found.map((p) => (p.Tags as Record<string, string>)['dr:zone'])).toEqual(
      catalog.environment.availabilityZones['eu-west-2'],
    );
    expect(zones.map((z) => z.zone)).toEqual(catalog.environment.availabilityZones['eu-west-2']);
    for (const p of found) {
      const zone = (p.Tags as Record<string, string>)['dr:zone']!;
      const targets = p.Targets as Record<string, Record<string, unknown>>;
      expect(Object.keys(targets).sort()).toEqual(['Databases', 'Nodes', 'RedisSessionsVolumes', 'Subnets']);
      expect(JSON.stringify(targets.Nodes)).toContain(`"Values":["${zone}"]`);
      expect(targets.Databases!.Parameters).toEqual({ availabilityZoneIdentifiers: zone });
      expect(targets.RedisSessionsVolumes!.Parameters).toEqual({ availabilityZoneIdentifier: zone });
      expect(targets.Subnets!.ResourceArns).toHaveLength(1);
      expect(p.ExperimentOptions).toMatchObject({ EmptyTargetResolutionMode: 'fail' });
      const stop = (p.StopConditions as { Value: { 'Fn::GetAtt': [string, string] } }[])[0]!.Value['Fn::GetAtt'][0];
      const rule = JSON.stringify(primary.Resources[stop]!.Properties!.AlarmRule);
      // Every service's RTO alarm, by reference: the stop alarm fires when any of them does.
      const alarms = rtoAlarms(catalog).alarms;
      expect(alarms.length).toBeGreaterThan(0);
      for (const a of alarms) {
        const id = Object.entries(primary.Resources).find(([, r]) => r.Properties?.AlarmName === a.alarmName)![0];
        expect(rule).toContain(`"${id}"`);
      }
    }
    // Each zone's subnet is a different one.
    expect(
      new Set(
        found.map((p) =>
          JSON.stringify((p.Targets as Record<string, { ResourceArns: unknown }>).Subnets!.ResourceArns),
        ),
      ).size,
    ).toBe(found.length);
  });
});
