/**
 * The FIS client (lib/aws/fis.ts) on the wire, against a local stand-in that verifies each SigV4 signature (signing
 * name `fis`, the Region) and keeps the request bodies; and an experiment drill run through it to each terminal state:
 * completed (measured by the failover's RDS events), stopped by its alarm (a measured FAIL), failed, cancelled, and
 * interrupted (stopped with StopExperiment, nothing measured). RDS and CloudWatch are aws-sdk-client-mock.
 */
import './support/aws-env';
import { CloudWatchClient, DescribeAlarmHistoryCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { FisApiError, fisClient } from '../../lib/aws/fis';
import { sdkFisClient } from '../../lib/audit/aws/clients';
import { stackFromTemplate } from '../../lib/checker/load';
import { experimentPlan } from '../../lib/audit/experiment/plan';
import { runExperiment, type ExperimentDeps } from '../../lib/audit/experiment/run';
import { synthesizedExperiments } from '../../lib/audit/experiment/templates';
import { FAKE_ENV } from './support/aws-env';
import { startFisServer, type ExperimentJson, type FisScript, type FisServer } from './support/fis-server';
import { load } from './support/lomash';

const SECRETS = { [FAKE_ENV.AWS_ACCESS_KEY_ID!]: FAKE_ENV.AWS_SECRET_ACCESS_KEY! };
const lomash = load();
const DB = 'lomash-wood-lomash-orders';
const ALARM = `${DB}-unavailable`;
/** 2026-11-28T10:00:00Z, in the epoch seconds FIS answers with. */
const T0 = Date.parse('2026-11-28T10:00:00Z') / 1000;

/** The instance template as constructs/experiments.ts writes it (the synth suites read the real one). */
const TEMPLATE = {
  Resources: {
    OrdersAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { AlarmName: ALARM, Period: 60, EvaluationPeriods: 20 },
    },
    OrdersExperiment: {
      Type: 'AWS::FIS::ExperimentTemplate',
      Properties: {
        Actions: {
          Failover: {
            ActionId: 'aws:rds:reboot-db-instances',
            Parameters: { forceFailover: 'true' },
            Targets: { DBInstances: 'Database' },
          },
          Recover: { ActionId: 'aws:fis:wait', Parameters: { duration: 'PT21M' }, StartAfter: ['Failover'] },
        },
        StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': ['OrdersAlarm', 'Arn'] } }],
        Tags: { 'dr:asset': 'lomash_orders', 'dr:mode': 'instance', 'dr:role': 'experiment', Name: `${DB}-instance` },
        Targets: {
          Database: {
            ResourceArns: [`arn:aws:rds:eu-west-2:111111111111:db:${DB}`],
            ResourceType: 'aws:rds:db',
            SelectionMode: 'ALL',
          },
        },
      },
    },
  },
};
const TAGS = TEMPLATE.Resources.OrdersExperiment.Properties.Tags;

const experiments = synthesizedExperiments(
  [stackFromTemplate('Primary', 'Primary.template.json', TEMPLATE, { region: 'eu-west-2', account: '111111111111' })],
  '111111111111',
);
const plan = experimentPlan(
  lomash.catalog,
  experiments,
  { file: 'posture.json', posture: lomash.posture },
  { entry: 'lomash_orders', mode: 'instance' },
  'cdk.out',
);

const actions = (status: string, faultStart = T0 + 5, end = T0 + 1265) => ({
  Failover: {
    actionId: 'aws:rds:reboot-db-instances',
    state: { status },
    startTime: faultStart,
    endTime: faultStart + 2,
  },
  Recover: { actionId: 'aws:fis:wait', state: { status }, startTime: faultStart + 2, endTime: end },
});
const exp = (status: string, extra: Partial<ExperimentJson> = {}): ExperimentJson => ({
  id: 'EXP1',
  experimentTemplateId: 'EXT1',
  state: { status },
  creationTime: T0,
  startTime: T0,
  ...extra,
});

let server: FisServer | undefined;
async function serve(script: Partial<FisScript>): Promise<FisServer> {
  server = await startFisServer(SECRETS, {
    templates: {
      'eu-west-2': [
        { id: 'EXT1', tags: TAGS },
        { id: 'EXT9', tags: { 'dr:role': 'experiment' } },
      ],
    },
    sequence: [exp('initiating')],
    ...script,
  });
  return server;
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the FIS client on the wire', () => {
  test('ListExperimentTemplates pages through nextToken, 100 a page, signed for fis in the Region', async () => {
    const s = await serve({
      pageSize: 2,
      templates: { 'eu-west-1': ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, tags: { n: id } })) },
    });
    const fis = sdkFisClient('eu-west-1', s.url);
    const all = await fis.listExperimentTemplates();
    expect(all.map((t) => t.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(all[2]!.tags).toEqual({ n: 'c' });
    expect(s.calls.map((c) => [c.op, c.region, c.query.maxResults, c.query.nextToken])).toEqual([
      ['ListExperimentTemplates', 'eu-west-1', '100', undefined],
      ['ListExperimentTemplates', 'eu-west-1', '100', '2'],
      ['ListExperimentTemplates', 'eu-west-1', '100', '4'],
    ]);
    expect(s.rejected).toEqual([]);
  });

  test('StartExperiment posts the token, the template and the tags; times come back as dates', async () => {
    const s = await serve({ sequence: [exp('running', { actions: actions('running') })] });
    const fis = sdkFisClient('eu-west-2', s.url);
    const e = await fis.startExperiment({
      experimentTemplateId: 'EXT1',
      clientToken: 'tok-1',
      tags: { 'dr:drill': 'r1' },
    });
    expect(s.calls[0]!.body).toEqual({
      clientToken: 'tok-1',
      experimentTemplateId: 'EXT1',
      tags: { 'dr:drill': 'r1' },
    });
    expect(e.state.status).toBe('running');
    expect(e.startTime).toEqual(new Date('2026-11-28T10:00:00Z'));
    expect(e.actions.Failover!.startTime).toEqual(new Date('2026-11-28T10:00:05Z'));
    expect(e.tags).toEqual({ 'dr:drill': 'r1' });
    // Without a token the client makes one: the same call is never sent twice without one.
    await fis.startExperiment({ experimentTemplateId: 'EXT1' });
    expect(s.calls[1]!.body!.clientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.rejected).toEqual([]);
  });

  test('a signature the stand-in cannot verify, and FIS errors, arrive as named errors', async () => {
    const s = await serve({});
    const wrong = fisClient({
      region: 'eu-west-2',
      endpoint: s.url,
      credentials: async () => ({ accessKeyId: FAKE_ENV.AWS_ACCESS_KEY_ID!, secretAccessKey: 'not-the-secret' }),
      sha256: new STSClient({ region: 'eu-west-2' }).config.sha256,
    });
    await expect(wrong.getExperiment('EXP1')).rejects.toMatchObject({ name: 'InvalidSignatureException', status: 403 });
    expect(s.rejected).toEqual([expect.stringMatching(/signature mismatch for GET \/experiments\/EXP1/)]);
    const fis = sdkFisClient('eu-west-2', s.url);
    const err = await fis.getExperiment('EXP404').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FisApiError);
    expect(err).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: 'experiment EXP404 not found',
    });
  });

  test('nothing listening: a network error that names the refused connection', async () => {
    const fis = sdkFisClient('eu-west-2');
    // AWS_ENDPOINT_URL is http://127.0.0.1:9 in the test environment.
    expect(fis.endpoint).toBe('http://127.0.0.1:9');
    await expect(fis.listExperimentTemplates()).rejects.toMatchObject({
      name: 'NetworkError',
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});

describe('an instance-mode drill to each terminal state', () => {
  const rds = mockClient(RDSClient);
  const cw = mockClient(CloudWatchClient);
  beforeEach(() => {
    rds.reset();
    cw.reset();
  });
  afterAll(() => {
    rds.restore();
    cw.restore();
  });

  function deps(s: FisServer, progress: string[], signal?: AbortSignal): ExperimentDeps {
    let clock = T0 * 1000;
    return {
      fis: sdkFisClient('eu-west-2', s.url),
      rds: new RDSClient({ region: 'eu-west-2' }),
      cloudwatch: new CloudWatchClient({ region: 'eu-west-2' }),
      now: () => new Date(clock),
      sleep: async (ms) => {
        clock += ms;
      },
      progress: (l) => progress.push(l),
      ...(signal ? { signal } : {}),
    };
  }
  const opts = { intervalMs: 30_000, timeoutSeconds: 86_400, runId: 'dr-drill-test-1' };
  const failover = (startedAt: number, completedAt: number) =>
    rds.on(DescribeEventsCommand).resolves({
      Events: [
        { Date: new Date((T0 + completedAt) * 1000), Message: 'Multi-AZ instance failover completed' },
        { Date: new Date((T0 + startedAt) * 1000), Message: 'Multi-AZ instance failover started' },
        { Date: new Date((T0 + 1) * 1000), Message: 'DB instance restarted' },
      ],
    });

  test('completed: found by its tags, started with the run id, measured by the failover events (pass)', async () => {
    const s = await serve({
      sequence: [
        exp('initiating'),
        exp('running', { actions: actions('running') }),
        exp('completed', { actions: actions('completed'), endTime: T0 + 1265 }),
      ],
    });
    failover(6, 101);
    const progress: string[] = [];
    const r = await runExperiment(deps(s, progress), plan, opts);
    expect(r.templateId).toBe('EXT1');
    expect(r.measurement).toEqual({
      outcome: 'pass',
      seconds: 95,
      date: '2026-11-28',
      measured: `Multi-AZ failover of ${DB}: RDS-EVENT-0013 at 2026-11-28T10:00:06Z to RDS-EVENT-0049 at 2026-11-28T10:01:41Z (RDS events; DNS TTL not included)`,
    });
    const start = s.calls.find((c) => c.op === 'StartExperiment')!;
    expect(start.body).toEqual({
      clientToken: 'dr-drill-test-1',
      experimentTemplateId: 'EXT1',
      tags: { 'dr:drill': 'dr-drill-test-1', 'dr:asset': 'lomash_orders', 'dr:mode': 'instance' },
    });
    expect(s.calls.filter((c) => c.op === 'GetExperiment')).toHaveLength(2);
    expect(s.calls.some((c) => c.op === 'StopExperiment')).toBe(false);
    // The events are asked for the instance, between the fault and the end of the experiment.
    expect(rds.commandCalls(DescribeEventsCommand)[0]!.args[0].input).toEqual({
      SourceType: 'db-instance',
      SourceIdentifier: DB,
      StartTime: new Date((T0 + 5) * 1000),
      EndTime: new Date((T0 + 1265) * 1000),
    });
    expect(progress).toEqual([
      'template EXT1 (found by its tags)',
      'experiment EXP1 started: initiating',
      'experiment EXP1: running',
      'experiment EXP1: completed',
    ]);
    expect(s.rejected).toEqual([]);
  });

  test('completed, but the failover took longer than the RTO: a measured FAIL', async () => {
    const s = await serve({ sequence: [exp('completed', { actions: actions('completed'), endTime: T0 + 1265 })] });
    failover(6, 6 + 1300);
    const r = await runExperiment(deps(s, []), plan, opts);
    expect(r.measurement).toMatchObject({ outcome: 'fail', seconds: 1300 });
  });

  test('completed with an abandoned failover, or with no failover events: nothing measured', async () => {
    const s = await serve({ sequence: [exp('completed', { actions: actions('completed'), endTime: T0 + 1265 })] });
    rds.on(DescribeEventsCommand).resolves({
      Events: [
        {
          Date: new Date((T0 + 6) * 1000),
          Message: 'Abandoning user requested failover since a failover recently occurred',
        },
      ],
    });
    expect((await runExperiment(deps(s, []), plan, opts)).measurement).toEqual({
      outcome: 'not-measured',
      why: `RDS abandoned the failover of ${DB} at 2026-11-28T10:00:06Z (RDS-EVENT-0034: a failover had just happened)`,
    });
    rds.on(DescribeEventsCommand).resolves({ Events: [] });
    expect((await runExperiment(deps(s, []), plan, opts)).measurement).toMatchObject({
      outcome: 'not-measured',
      why: expect.stringMatching(/^no failover-started event of lomash-wood-lomash-orders between/),
    });
  });

  test('stopped by its alarm: a measured FAIL, at least from the fault to the alarm', async () => {
    const s = await serve({
      sequence: [
        exp('running', { actions: actions('running') }),
        exp('stopped', {
          state: { status: 'stopped', reason: 'Experiment stopped by a stop condition' },
          actions: actions('stopped', T0 + 5, T0 + 1330),
          endTime: T0 + 1330,
        }),
      ],
    });
    cw.on(DescribeAlarmHistoryCommand, { AlarmName: ALARM }).resolves({
      AlarmHistoryItems: [
        {
          AlarmName: ALARM,
          Timestamp: new Date((T0 + 1325) * 1000),
          HistoryItemType: 'StateUpdate',
          HistorySummary: 'Alarm updated from OK to ALARM',
          HistoryData: JSON.stringify({ oldState: { stateValue: 'OK' }, newState: { stateValue: 'ALARM' } }),
        },
      ],
    });
    const r = await runExperiment(deps(s, []), plan, opts);
    expect(r.measurement).toEqual({
      outcome: 'fail',
      seconds: 1320,
      date: '2026-11-28',
      measured: `stopped by its stop condition: alarm ${ALARM} went to ALARM at 2026-11-28T10:22:05Z, 22m after the fault began at 2026-11-28T10:00:05Z, so recovery took at least 22m`,
    });
    expect(cw.commandCalls(DescribeAlarmHistoryCommand)[0]!.args[0].input).toMatchObject({
      AlarmName: ALARM,
      HistoryItemType: 'StateUpdate',
    });
  });

  test('stopped while its alarm never fired: stopped by hand, nothing measured', async () => {
    const s = await serve({
      sequence: [
        exp('stopped', {
          actions: actions('stopped'),
          endTime: T0 + 600,
          state: { status: 'stopped', reason: 'User stopped' },
        }),
      ],
    });
    cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: [] });
    const r = await runExperiment(deps(s, []), plan, opts);
    expect(r.measurement).toMatchObject({
      outcome: 'not-measured',
      why: expect.stringMatching(/did not go to ALARM.*stopped by hand/),
    });
  });

  test("an AZ-style template whose stop alarms watch other entries: a stop is not this entry's FAIL", async () => {
    const s = await serve({
      sequence: [exp('stopped', { actions: actions('stopped'), endTime: T0 + 900 })],
    });
    const { stopAlarm: _own, ...rest } = plan;
    const r = await runExperiment(
      deps(s, []),
      { ...rest, database: undefined, otherAlarms: ['zone-a-auth-unhealthy'] },
      opts,
    );
    expect(r.measurement).toEqual({
      outcome: 'not-measured',
      why: 'stopped; its stop alarms (zone-a-auth-unhealthy) watch other entries, none this one',
    });
    expect(cw.calls()).toHaveLength(0);
  });

  test.each([
    [
      'failed',
      { status: 'failed', reason: 'Target resolution returned empty', error: { code: 'TargetResolutionFailed' } },
      'the experiment failed (TargetResolutionFailed): Target resolution returned empty',
    ],
    [
      'cancelled',
      { status: 'cancelled', reason: 'Experiment cancelled' },
      'the experiment was cancelled: Experiment cancelled',
    ],
  ])('%s: nothing measured, nothing asked of RDS', async (_n, state, why) => {
    const s = await serve({ sequence: [exp('pending'), exp(state.status, { state, endTime: T0 + 10 })] });
    const r = await runExperiment(deps(s, []), plan, opts);
    expect(r.measurement).toEqual({ outcome: 'not-measured', why });
    expect(rds.calls()).toHaveLength(0);
  });

  test('Ctrl-C while it runs: StopExperiment, polled to stopped, nothing measured', async () => {
    const controller = new AbortController();
    const s = await serve({
      sequence: [exp('running', { actions: actions('running') })],
      afterStop: exp('stopped', { actions: actions('stopped'), endTime: T0 + 40 }),
    });
    const progress: string[] = [];
    const d = deps(s, progress, controller.signal);
    // The interrupt arrives during the first wait between polls (a wait that would never end by itself).
    let waits = 0;
    const sleep = (): Promise<void> => {
      waits += 1;
      if (waits > 1) return Promise.resolve();
      controller.abort();
      return new Promise(() => undefined);
    };
    const r = await runExperiment({ ...d, sleep }, plan, opts);
    expect(r).toMatchObject({ stoppedByDrill: 'interrupted (Ctrl-C)', measurement: { outcome: 'not-measured' } });
    expect(s.calls.filter((c) => c.op === 'StopExperiment').map((c) => c.id)).toEqual(['EXP1']);
    expect(progress).toContain('stopping experiment EXP1: interrupted (Ctrl-C)');
    expect(cw.calls()).toHaveLength(0);
  });

  test('still running after --timeout: stopped, nothing measured', async () => {
    const s = await serve({
      sequence: [exp('running', { actions: actions('running') })],
      afterStop: exp('stopped', { actions: actions('stopped'), endTime: T0 + 700 }),
    });
    const progress: string[] = [];
    const r = await runExperiment(deps(s, progress), plan, { ...opts, timeoutSeconds: 600 });
    expect(r.stoppedByDrill).toBe('still running after the --timeout');
    expect(r.measurement).toEqual({
      outcome: 'not-measured',
      why: 'dr drill stopped the experiment (still running after the --timeout)',
    });
    // 30-second polls: the 21st wait passes the 600 s, then one stop.
    expect(s.calls.filter((c) => c.op === 'GetExperiment').length).toBeGreaterThanOrEqual(20);
    expect(s.calls.filter((c) => c.op === 'StopExperiment')).toHaveLength(1);
  });

  test('no deployed template carries the tags, or two do: refused before anything starts', async () => {
    const s = await serve({ templates: { 'eu-west-2': [{ id: 'EXT9', tags: { 'dr:role': 'experiment' } }] } });
    await expect(runExperiment(deps(s, []), plan, opts)).rejects.toThrow(
      /no deployed experiment template in eu-west-2 is tagged dr:asset=lomash_orders, dr:mode=instance, dr:role=experiment, Name=lomash-wood-lomash-orders-instance \(1 template\(s\) there\): deploy stack Primary first/,
    );
    await s.close();
    server = undefined;
    const twice = await serve({
      templates: {
        'eu-west-2': [
          { id: 'EXTa', tags: TAGS },
          { id: 'EXTb', tags: TAGS },
        ],
      },
    });
    await expect(runExperiment(deps(twice, []), plan, opts)).rejects.toThrow(
      /2 deployed experiment templates .*\(EXTa, EXTb\)/,
    );
    expect(twice.calls.some((c) => c.op === 'StartExperiment')).toBe(false);
  });
});
