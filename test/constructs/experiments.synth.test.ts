/**
 * The instance experiments in the shared synth of dr-targets.yaml (JSON copies): every Multi-AZ database the plan
 * makes has exactly one forced-failover template, targeting only its own instance, stopped by its own unavailability
 * alarm in the same template file; the checker finds nothing to report, and reports each database whose template a
 * copy loses.
 */
import { loadCatalog } from '../../lib/catalog';
import { azExperiments, instanceExperiments, planCatalog, podExperiments, rtoAlarms } from '../../lib/catalog-plan';
import { experimentFindings } from '../../lib/checker/experiments';
import type { StackArtifact } from '../../lib/checker';
import { manifests, stackNames, template, type CfnTemplate } from '../support/synthesized';

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
      for (const [, r] of templatesOf(t).filter(([, r]) => 'Database' in (r.Properties!.Targets as object))) {
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

  test('pods: one pod-delete per service with a signal and for redis-sessions, by the labels its manifests give its pods', () => {
    const primary = template('LomashWoodDrPrimary');
    const pods = podExperiments(planCatalog(catalog));
    const found = new Map(
      templatesOf(primary)
        .filter(([, r]) => 'Pods' in (r.Properties!.Targets as object))
        .map(([, r]) => [(r.Properties!.Tags as Record<string, string>)['dr:asset']!, r.Properties!]),
    );
    expect([...found.keys()].sort()).toEqual(pods.map((p) => p.entry).sort());
    expect(found.has('redis-sessions')).toBe(true);
    expect(pods.filter((p) => p.kind === 'service')).toHaveLength(rtoAlarms(catalog).alarms.length);
    for (const p of pods) {
      const props = found.get(p.entry)!;
      const target = (props.Targets as Record<string, { Parameters: Record<string, string>; SelectionMode: string }>)
        .Pods!;
      expect(target.SelectionMode).toBe('COUNT(1)');
      // The selector matches the pods the manifests make: the Deployment's (or StatefulSet's) own pod labels.
      const file = `${p.entry}.k8s.yaml`;
      const workload = manifests(file).find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')!;
      const labels = (workload as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec
        .template.metadata.labels;
      for (const pair of target.Parameters.selectorValue!.split(',')) {
        const [k, v] = pair.split('=');
        expect(labels[k!]).toBe(v);
      }
      const stop = (props.StopConditions as { Value: { 'Fn::GetAtt': [string, string] } }[])[0]!.Value['Fn::GetAtt'][0];
      expect(primary.Resources[stop]!.Properties!.AlarmName).toBe(p.alarm.alarmName);
      expect(JSON.stringify(props.Actions)).toContain('"kubernetesServiceAccount":"fis-experiments"');
    }
    // The FIS role's access entry maps it to the user the manifests' RoleBinding names.
    const entry = Object.values(primary.Resources).find(
      (r) => r.Type === 'AWS::EKS::AccessEntry' && r.Properties!.Username === 'dr-fis-experiments',
    )!;
    expect(entry.Properties).toMatchObject({ ClusterName: 'lomash-wood-production', Type: 'STANDARD' });
    expect(entry.Properties!.AccessPolicies).toBeUndefined();
    const binding = manifests('fis-experiments.k8s.yaml').find((o) => o.kind === 'RoleBinding') as {
      subjects: { kind: string; name: string }[];
    };
    expect(binding.subjects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'User', name: 'dr-fis-experiments' }),
        expect.objectContaining({ kind: 'ServiceAccount', name: 'fis-experiments' }),
      ]),
    );
  });

  test('the checker on mutated copies: a zone template removed, a pod template set to skip, each reported for its mode', () => {
    const zone = catalog.environment.availabilityZones['eu-west-2']![1]!;
    const without = experimentFindings(
      catalog,
      stacks((_n, t) => {
        for (const [id, r] of templatesOf(t, 'az'))
          if ((r.Properties!.Tags as Record<string, string>)['dr:zone'] === zone) delete t.Resources[id];
      }),
    );
    expect(without.map((f) => [f.rule, f.mode, f.entry ?? null, f.message.split(':')[0]])).toEqual([
      ['DR-FIS-EXPERIMENT', 'az', null, zone],
    ]);
    const skipped = experimentFindings(
      catalog,
      stacks((_n, t) => {
        for (const [, r] of templatesOf(t))
          if ((r.Properties!.Tags as Record<string, string>)['dr:asset'] === 'redis-sessions')
            r.Properties!.ExperimentOptions = { EmptyTargetResolutionMode: 'skip' };
      }),
    );
    expect(skipped.map((f) => [f.mode, f.entry, f.where])).toEqual([
      [
        'instance',
        'redis-sessions',
        expect.stringMatching(/RedisSessionsPodExperiment.*\(AWS::FIS::ExperimentTemplate\)$/),
      ],
    ]);
  });
});
