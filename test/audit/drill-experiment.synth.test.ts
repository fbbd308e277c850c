/**
 * `dr drill ENTRY --mode instance|az` on the suite's synthesized app (its instance templates) and on a copy of it with
 * AZ templates added in the shape the AZ slice tags them (`dr:mode=az`, `dr:zone`): the plan offline with no
 * credentials and no request; bad input located, exit 2; `--yes` against the local FIS stand-in, the evidence written
 * and read back by the posture (a pass turns lomash_orders' instance RTO from expected to met, a stop by its alarm to
 * a gap); `dr audit --evidence` reading the project's finished experiments.
 */
import './support/aws-env';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, DescribeAlarmHistoryCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { run } from '../../bin/dr';
import { contextFor } from '../../lib/catalog';
import { judgeEvidence, parseEvidence, type EvidenceRecord } from '../../lib/checker/evidence';
import { assess } from '../../lib/model';
import { buildPosture, postureJson } from '../../lib/posture';
import { capture } from '../checker/io';
import { cdkOut } from '../support/synthesized';
import { callerIs, healthyAccountPerTest } from './support/account';
import { FAKE_ENV } from './support/aws-env';
import { startFisServer, type ExperimentJson, type FisScript, type FisServer } from './support/fis-server';
import { load } from './support/lomash';

const lomash = load();
const SECRETS = { [FAKE_ENV.AWS_ACCESS_KEY_ID!]: FAKE_ENV.AWS_SECRET_ACCESS_KEY! };
const DB = 'lomash-wood-lomash-orders';
const ALARM = `${DB}-unavailable`;
const TAGS = {
  'dr:asset': 'lomash_orders',
  'dr:mode': 'instance',
  'dr:role': 'experiment',
  Name: `${DB}-instance`,
};
const T0 = Date.parse('2026-12-01T10:00:00Z') / 1000;

let dir: string;
let posture: string;
let catalog: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dr-drill-mode-'));
  posture = join(dir, 'posture.json');
  writeFileSync(posture, postureJson(lomash.posture));
  // A copy of the catalog: the drill log is written beside it.
  catalog = join(dir, 'dr-targets.yaml');
  copyFileSync('dr-targets.yaml', catalog);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the suite's cloud assembly (manifest and templates) with AZ experiment templates added to the primary. */
function withAzTemplates(zones: readonly string[]): string {
  const out = join(dir, 'cdk.out');
  mkdirSync(out);
  for (const f of readdirSync(cdkOut()).filter((x) => x === 'manifest.json' || x.endsWith('.template.json')))
    copyFileSync(join(cdkOut(), f), join(out, f));
  const file = join(out, 'LomashWoodDrPrimary.template.json');
  const t = JSON.parse(readFileSync(file, 'utf8')) as {
    Resources: Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
  };
  // In place of the app's own zone templates (one stop alarm over every service): these stop on one alarm per entry.
  for (const [id, r] of Object.entries(t.Resources))
    if (
      r.Type === 'AWS::FIS::ExperimentTemplate' &&
      (r.Properties?.Tags as Record<string, string> | undefined)?.['dr:mode'] === 'az'
    )
      delete t.Resources[id];
  for (const zone of zones) {
    const id = zone.replace(/-/g, '');
    // One stop alarm per watched entry, tagged with it, as the health alarms are.
    t.Resources[`AzAlarm${id}`] = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: `lomash-wood-az-${zone}-unhealthy`,
        Period: 60,
        EvaluationPeriods: 5,
        Tags: [{ Key: 'dr:asset', Value: 'order-payment-service' }],
      },
    };
    t.Resources[`AzAuthAlarm${id}`] = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: `lomash-wood-az-${zone}-auth-unhealthy`,
        Period: 60,
        EvaluationPeriods: 10,
        Tags: [{ Key: 'dr:asset', Value: 'lomash_auth' }],
      },
    };
    t.Resources[`AzExperiment${id}`] = {
      Type: 'AWS::FIS::ExperimentTemplate',
      Properties: {
        Description: `Power interruption of ${zone}`,
        Actions: {
          StopNodes: {
            ActionId: 'aws:ec2:stop-instances',
            Parameters: { startInstancesAfterDuration: 'PT30M' },
            Targets: { Instances: 'Nodes' },
          },
          Recover: { ActionId: 'aws:fis:wait', Parameters: { duration: 'PT30M' }, StartAfter: ['StopNodes'] },
        },
        StopConditions: [`AzAlarm${id}`, `AzAuthAlarm${id}`].map((alarm) => ({
          Source: 'aws:cloudwatch:alarm',
          Value: { 'Fn::GetAtt': [alarm, 'Arn'] },
        })),
        Targets: {
          Databases: {
            ResourceType: 'aws:rds:db',
            ResourceArns: ['lomash-orders', 'lomash-auth'].map(
              (db) => `arn:aws:rds:eu-west-2:111111111111:db:lomash-wood-${db}`,
            ),
            SelectionMode: 'ALL',
          },
          Nodes: {
            ResourceType: 'aws:ec2:instance',
            ResourceTags: { 'eks:cluster-name': 'lomash-wood-production' },
            Filters: [{ Path: 'Placement.AvailabilityZone', Values: [zone] }],
            SelectionMode: 'ALL',
          },
        },
        Tags: { 'dr:role': 'experiment', 'dr:mode': 'az', 'dr:zone': zone, Name: `lomash-wood-az-${zone}` },
      },
    };
  }
  writeFileSync(file, JSON.stringify(t));
  return out;
}

async function drill(...args: string[]) {
  const io = capture();
  await run(
    ['drill', ...args, '--targets', catalog, '--posture', posture, '--evidence', join(dir, 'evidence.json')],
    io,
  );
  return io;
}

describe('dr drill --mode: the plan, offline', () => {
  let sts: ReturnType<typeof callerIs>;
  beforeAll(() => {
    sts = callerIs();
  });
  afterAll(() => sts.restore());

  test('instance: the template, its actions and target, the stop alarm, the wait and the pass criterion; nothing read', async () => {
    const io = await drill('lomash_orders', '--mode', 'instance', '--cdk-out', cdkOut());
    expect(io.code).toBe(2);
    expect(io.err_).toEqual([]);
    const out = io.out_.join('\n');
    expect(out).toMatch(
      /^template {5}ExperimentsLomashOrdersInstanceExperiment[0-9A-F]{8} in stack LomashWoodDrPrimary, Region eu-west-2/m,
    );
    expect(out).toContain(
      'fis:ListExperimentTemplates in eu-west-2: the one deployed template tagged dr:asset=lomash_orders, dr:mode=instance, dr:role=experiment, Name=lomash-wood-lomash-orders-instance',
    );
    expect(out).toContain(
      `target       Database: aws:rds:db arn:aws:rds:eu-west-2:111111111111:db:${DB}; selection ALL`,
    );
    expect(out).toContain('action       Failover: aws:rds:reboot-db-instances (forceFailover=true) on Database');
    expect(out).toContain('action       Recover: aws:fis:wait (duration=PT21M) after Failover');
    expect(out).toContain(`stop when    alarm ${ALARM} goes to ALARM (it watches 20m)`);
    expect(out).toContain('wait         about 21m of actions');
    expect(out).toMatch(/RDS-EVENT-0013.*RDS-EVENT-0049/);
    expect(out).toMatch(/pass {9}completed within the instance-mode RTO of 20m \(posture /);
    expect(out).toMatch(/dry run: nothing was read or started/);
    expect(sts.calls()).toHaveLength(0);
  });

  test('az: the zone template of the AZ slice, found by its tags; several zones need --zone', async () => {
    const out = withAzTemplates(['eu-west-2a', 'eu-west-2b']);
    const io = await drill('order-payment-service', '--mode', 'az', '--zone', 'eu-west-2b', '--cdk-out', out);
    expect(io.err_).toEqual([]);
    expect(io.code).toBe(2);
    const text = io.out_.join('\n');
    expect(text).toContain('entry        order-payment-service (service), az mode in eu-west-2b');
    expect(text).toMatch(/template {5}AzExperimenteuwest2b in stack LomashWoodDrPrimary, Region eu-west-2/);
    expect(text).toContain(
      'target       Nodes: aws:ec2:instance tagged eks:cluster-name=lomash-wood-production; Placement.AvailabilityZone in eu-west-2b; selection ALL',
    );
    expect(text).toContain('stop when    alarm lomash-wood-az-eu-west-2b-unhealthy goes to ALARM (it watches 5m)');
    expect(text).toMatch(/measure {6}the experiment's action times .* whether its stop condition fired/);
    expect(text).toContain('pass         completed within the az-mode RTO of 20m');
    // A database the AZ template fails over is measured by its own failover events, not another's.
    const db = await drill('lomash_auth', '--mode', 'az', '--zone', 'eu-west-2a', '--cdk-out', out);
    expect(db.out_.join('\n')).toMatch(
      /measure {6}the RDS events of lomash-wood-lomash-auth during the experiment .*RDS-EVENT-0013/,
    );
    expect(db.out_).toContain(
      'stop when    alarm lomash-wood-az-eu-west-2a-auth-unhealthy goes to ALARM (it watches 10m)',
    );
    // An entry no stop alarm watches: another entry's alarm is never taken for its own.
    const unwatched = await drill('customer-service', '--mode', 'az', '--zone', 'eu-west-2a', '--cdk-out', out);
    expect(unwatched.out_).toContain(
      "stop when    alarms lomash-wood-az-eu-west-2a-unhealthy, lomash-wood-az-eu-west-2a-auth-unhealthy: none watches customer-service, so a run measures it only by its database's events",
    );
    const both = await drill('order-payment-service', '--mode', 'az', '--cdk-out', out);
    expect(both.code).toBe(2);
    expect(both.err_).toEqual([
      'dr drill: order-payment-service: 2 az-mode templates, one per zone: pass --zone eu-west-2a | eu-west-2b',
    ]);
    expect(sts.calls()).toHaveLength(0);
  });

  test("az: the app's own zone template — its actions' longest chain, its one stop alarm over every service", async () => {
    const io = await drill('order-payment-service', '--mode', 'az', '--zone', 'eu-west-2b', '--cdk-out', cdkOut());
    expect([io.code, io.err_]).toEqual([2, []]);
    const text = io.out_.join('\n');
    expect(text).toMatch(
      /^template {5}ExperimentsEuWest2bAzExperiment\w+ in stack LomashWoodDrPrimary, Region eu-west-2: /m,
    );
    // Nodes stopped for 121 minutes, then the Redis volumes paused as long once they are back: 242 minutes.
    expect(text).toMatch(/startInstancesAfterDuration=PT121M/);
    expect(text).toMatch(
      /PauseRedisSessionsVolumes: aws:ebs:pause-volume-io \(duration=PT121M\) on RedisSessionsVolumes after StopNodes/,
    );
    expect(text).toContain('wait         about 4h 2m of actions;');
    expect(text).toContain('stop when    alarm lomash-wood-az-experiment-stop goes to ALARM');
    expect(sts.calls()).toHaveLength(0);
  });

  test.each([
    [
      ['nope', '--mode', 'instance'],
      /^dr drill: unknown entry "nope"; the catalog .*dr-targets.yaml has lomash_orders, /,
    ],
    [
      // A cache is rebuilt, not failed over: no pod experiment is built for it.
      ['redis-product-cache', '--mode', 'instance'],
      /^dr drill: redis-product-cache: no instance-mode experiment template in the synthesized artifacts \(.*templates tagged dr:role=experiment, dr:mode=instance, dr:asset=redis-product-cache\); the instance-mode templates are /,
    ],
    [
      ['lomash_orders', '--mode', 'az'],
      /^dr drill: lomash_orders: 3 az-mode templates, one per zone: pass --zone eu-west-2a \| eu-west-2b \| eu-west-2c$/,
    ],
    [['lomash_orders', '--mode', 'region'], /^dr drill: --mode expects instance or az, got "region"/],
    [
      ['lomash_orders', '--mode', 'az', '--zone', 'eu-west-1a'],
      /^dr drill: --zone "eu-west-1a" is not a zone of the environment: .*dr-targets.yaml environment.availabilityZones.eu-west-2 lists eu-west-2a, eu-west-2b, eu-west-2c$/,
    ],
    [
      ['lomash_orders', '--mode', 'instance', '--zone', 'eu-west-2a'],
      /^dr drill: --zone applies to --mode az, not --mode instance$/,
    ],
    [['lomash_orders', '--zone', 'eu-west-2a'], /^dr drill: --zone applies to --mode az: add --mode az$/],
    [
      ['lomash_orders', '--mode', 'instance', '--keep', '--region', 'eu-west-1'],
      /^dr drill: --keep, --region applies to restores, not to --mode instance$/,
    ],
  ])('%j: a located message, exit 2, no stack trace, no request', async (args, message) => {
    const io = await drill(...args, '--cdk-out', cdkOut());
    expect(io.code).toBe(2);
    expect(io.err_).toEqual([expect.stringMatching(message)]);
    expect(io.out_).toEqual([]);
    expect(sts.calls()).toHaveLength(0);
  });

  test('no synthesized artifacts: says how to get them', async () => {
    const io = await drill('lomash_orders', '--mode', 'instance', '--cdk-out', join(dir, 'missing'));
    expect(io.code).toBe(2);
    expect(io.err_).toEqual([expect.stringMatching(/no such directory .*run `npm run synth`/)]);
  });
});

/** lomash_orders' instance-mode RTO after the records (the catalog's evidence rules, judged on `today`). */
function instanceRto(records: readonly EvidenceRecord[], today: string) {
  const { catalog, plan } = lomash;
  const asset = catalog.assets.find((a) => a.id === 'lomash_orders')!;
  const judged = judgeEvidence(records, catalog, today);
  const assessment = assess(asset, plan.assets.get(asset.id)!.mechanisms, contextFor(catalog, asset.tier), {
    evidence: judged.evidence,
  });
  const p = buildPosture({ catalog, assessments: new Map([[asset.id, assessment]]), asOf: today });
  return p.entries[0]!.modes.instance.rto;
}

describe('dr drill --mode instance --yes, against the FIS stand-in', () => {
  const mocks = () => ({ rds: mockClient(RDSClient), cw: mockClient(CloudWatchClient) });
  let m: ReturnType<typeof mocks>;
  let sts: ReturnType<typeof callerIs>;
  let fis: FisServer | undefined;
  beforeAll(() => {
    m = mocks();
  });
  beforeEach(() => {
    sts = callerIs();
    m.rds.reset();
    m.cw.reset();
  });
  afterEach(async () => {
    sts.restore();
    await fis?.close();
    fis = undefined;
    delete process.env.AWS_ENDPOINT_URL_FIS;
  });
  afterAll(() => {
    m.rds.restore();
    m.cw.restore();
  });

  async function serve(sequence: ExperimentJson[], extra: Partial<FisScript> = {}) {
    fis = await startFisServer(SECRETS, {
      templates: { 'eu-west-2': [{ id: 'EXTorders', tags: TAGS }] },
      sequence,
      ...extra,
    });
    process.env.AWS_ENDPOINT_URL_FIS = fis.url;
    return fis;
  }
  const actions = (status: string, end: number) => ({
    Failover: { actionId: 'aws:rds:reboot-db-instances', state: { status }, startTime: T0 + 5, endTime: T0 + 7 },
    Recover: { actionId: 'aws:fis:wait', state: { status }, startTime: T0 + 7, endTime: end },
  });

  test('completed: one evidence record, exit 0; the posture reads it back and the instance RTO is met', async () => {
    const s = await serve([
      { id: 'EXP1', state: { status: 'running' }, startTime: T0 },
      {
        id: 'EXP1',
        state: { status: 'completed' },
        startTime: T0,
        endTime: T0 + 1267,
        actions: actions('completed', T0 + 1267),
      },
    ]);
    m.rds.on(DescribeEventsCommand).resolves({
      Events: [
        { Date: new Date((T0 + 6) * 1000), Message: 'Multi-AZ instance failover started' },
        { Date: new Date((T0 + 96) * 1000), Message: 'Multi-AZ instance failover completed' },
      ],
    });
    const io = await drill('lomash_orders', '--mode', 'instance', '--cdk-out', cdkOut(), '--yes', '--poll', '1s');
    expect(io.err_).toEqual([]);
    expect(io.code).toBe(0);
    expect(io.out_).toContain(
      'reading account 111111111111 as arn:aws:sts::111111111111:assumed-role/dr-auditor/test in eu-west-2',
    );
    expect(io.out_.at(-1)).toMatch(
      /^lomash_orders: instance experiment measured 90 s against an RTO of 1200 s: within RTO — /,
    );
    expect(s.rejected).toEqual([]);
    expect(s.calls.map((c) => c.op)).toEqual(['ListExperimentTemplates', 'StartExperiment', 'GetExperiment']);
    const tags = s.calls[1]!.body!.tags as Record<string, string>;
    expect(tags).toEqual({
      'dr:drill': expect.stringMatching(/^dr-drill-/),
      'dr:asset': 'lomash_orders',
      'dr:mode': 'instance',
    });
    expect(s.calls[1]!.body!.clientToken).toBe(tags['dr:drill']);
    const file = join(dir, 'evidence.json');
    const records = parseEvidence(readFileSync(file, 'utf8'), file);
    expect(records).toEqual([
      {
        asset: 'lomash_orders',
        mode: 'instance',
        region: 'eu-west-2',
        recoveryKind: 'fault-injection',
        durationSeconds: 90,
        date: '2026-12-01',
        run: expect.stringMatching(/^FIS experiment EXP1 of template EXTorders \(dr drill dr-drill-[0-9a-f-]{36}\)$/),
        measured: `Multi-AZ failover of ${DB}: RDS-EVENT-0013 at 2026-12-01T10:00:06Z to RDS-EVENT-0049 at 2026-12-01T10:01:36Z (RDS events; DNS TTL not included)`,
      },
    ]);
    const log = readFileSync(join(dir, 'docs/disaster-recovery/chaos-testing.md'), 'utf8');
    expect(log).toMatch(/^# DR drill log/);
    expect(log).toMatch(
      /\| lomash_orders \| instance \| eu-west-2 \| — \| — \| 1m 30s \| 20m \| within RTO: Multi-AZ failover of lomash-wood-lomash-orders: .*; FIS experiment EXP1 of template EXTorders \(dr drill dr-drill-[0-9a-f-]+\) \| — \|\n$/,
    );
    // Before: a typical figure (expected). After: measured, met, with the run in its source.
    expect(instanceRto([], '2026-12-07')).toMatchObject({ bound: 'typical', status: 'expected' });
    const after = instanceRto(records, '2026-12-07');
    expect(after).toMatchObject({ seconds: 90, bound: 'measured', status: 'met' });
    expect(after.evidence).toEqual({
      date: '2026-12-01',
      source: `${records[0]!.measured} in eu-west-2, ${records[0]!.run}`,
      validUntil: '2027-03-01',
    });
  });

  test('stopped by its alarm: a measured FAIL recorded, exit 1; the posture reads a gap', async () => {
    await serve([
      { id: 'EXP2', state: { status: 'running' }, startTime: T0 },
      {
        id: 'EXP2',
        state: { status: 'stopped', reason: 'stop condition' },
        startTime: T0,
        endTime: T0 + 1330,
        actions: actions('stopped', T0 + 1330),
      },
    ]);
    m.cw.on(DescribeAlarmHistoryCommand).resolves({
      AlarmHistoryItems: [
        { Timestamp: new Date((T0 + 1325) * 1000), HistorySummary: 'Alarm updated from OK to ALARM' },
      ],
    });
    const io = await drill('lomash_orders', '--mode', 'instance', '--cdk-out', cdkOut(), '--yes', '--poll', '1s');
    expect(io.err_).toEqual([]);
    expect(io.code).toBe(1);
    expect(io.out_.at(-1)).toMatch(/measured 1320 s against an RTO of 1200 s: over RTO \(FAIL\)/);
    const file = join(dir, 'evidence.json');
    const records = parseEvidence(readFileSync(file, 'utf8'), file);
    expect(records).toEqual([expect.objectContaining({ mode: 'instance', durationSeconds: 1320, date: '2026-12-01' })]);
    expect(instanceRto(records, '2026-12-07')).toMatchObject({ seconds: 1320, bound: 'measured', status: 'gap' });
  });

  test('failed: not measured, nothing recorded, exit 2', async () => {
    await serve([
      {
        id: 'EXP3',
        state: {
          status: 'failed',
          reason: 'Target resolution returned empty',
          error: { code: 'TargetResolutionFailed' },
        },
        startTime: T0,
        endTime: T0 + 3,
      },
    ]);
    const io = await drill('lomash_orders', '--mode', 'instance', '--cdk-out', cdkOut(), '--yes');
    expect(io.code).toBe(2);
    expect(io.out_.at(-1)).toBe(
      'lomash_orders: instance experiment failed: not measured: the experiment failed (TargetResolutionFailed): Target resolution returned empty',
    );
    expect(() => readFileSync(join(dir, 'evidence.json'))).toThrow(/ENOENT/);
    // The run is logged all the same, as not measured.
    expect(readFileSync(join(dir, 'docs/disaster-recovery/chaos-testing.md'), 'utf8')).toMatch(
      /\| lomash_orders \| instance \| eu-west-2 \| — \| — \| — \| 20m \| not measured \(failed\): the experiment failed \(TargetResolutionFailed\)/,
    );
  });

  test('Ctrl-C (SIGINT) while it runs: the experiment is stopped before the drill exits, nothing recorded', async () => {
    const s = await serve([{ id: 'EXP4', state: { status: 'running' }, startTime: T0 }], {
      afterStop: { id: 'EXP4', state: { status: 'stopped' }, startTime: T0, endTime: T0 + 20 },
    });
    const pending = drill('lomash_orders', '--mode', 'instance', '--cdk-out', cdkOut(), '--yes', '--poll', '30s');
    // Once started, the drill waits 30 s for its next poll: the interrupt arrives then.
    while (!s.calls.some((c) => c.op === 'StartExperiment')) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    process.emit('SIGINT');
    const io = await pending;
    expect(io.code).toBe(2);
    expect(s.calls.filter((c) => c.op === 'StopExperiment').map((c) => c.id)).toEqual(['EXP4']);
    expect(io.out_).toContain('  stopping experiment EXP4: interrupted (Ctrl-C)');
    expect(io.out_.at(-1)).toMatch(/not measured: dr drill stopped the experiment \(interrupted \(Ctrl-C\)\)/);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});

describe('dr audit --evidence: the finished runs of the project experiments', () => {
  test('--cdk-out that does not exist: a located message before anything is read, exit 2', async () => {
    const io = capture();
    const missing = join(dir, 'no-cdk-out');
    await run(['audit', '--posture', posture, '--evidence', join(dir, 'evidence.json'), '--cdk-out', missing], io);
    expect(io.code).toBe(2);
    expect(io.err_).toEqual([`dr audit: ${missing}: no such directory (the cloud assembly, e.g. cdk.out)`]);
    expect(account().sts.calls()).toHaveLength(0);
  });

  test('the run a drill recorded, read back by the audit, adds no second record', async () => {
    const now = Math.floor(Date.now() / 1000);
    fis = await startFisServer(SECRETS, {
      templates: { 'eu-west-2': [{ id: 'EXTorders', tags: TAGS }] },
      sequence: [
        {
          id: 'EXP7',
          state: { status: 'completed' },
          creationTime: now - 1300,
          startTime: now - 1300,
          endTime: now - 30,
          actions: {
            Failover: {
              actionId: 'aws:rds:reboot-db-instances',
              state: { status: 'completed' },
              startTime: now - 1295,
            },
          },
        },
      ],
    });
    process.env.AWS_ENDPOINT_URL_FIS = fis.url;
    account()
      .rds.on(DescribeEventsCommand)
      .resolves({
        Events: [
          { Date: new Date((now - 1290) * 1000), Message: 'Multi-AZ instance failover started' },
          { Date: new Date((now - 1200) * 1000), Message: 'Multi-AZ instance failover completed' },
        ],
      });
    const file = join(dir, 'evidence.json');
    const drilled = await drill('lomash_orders', '--mode', 'instance', '--cdk-out', cdkOut(), '--yes');
    expect(drilled.code).toBe(0);
    const once = readFileSync(file, 'utf8');
    expect(parseEvidence(once, file)).toHaveLength(1);
    const io = capture();
    await run(['audit', '--region', 'eu-west-2', '--posture', posture, '--evidence', file, '--cdk-out', cdkOut()], io);
    expect(io.err_).toContainEqual(expect.stringMatching(/^dr audit: evidence: lomash_orders · instance: 90 s on /));
    expect(io.err_).toContain(`dr audit: 0 new evidence record(s) in ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(once);
  });

  const account = healthyAccountPerTest(lomash.targets);
  let fis: FisServer | undefined;
  afterEach(async () => {
    await fis?.close();
    fis = undefined;
    delete process.env.AWS_ENDPOINT_URL_FIS;
  });

  test('a completed run becomes evidence with its run; a failed one and an undeployed template are named', async () => {
    const now = Math.floor(Date.now() / 1000);
    fis = await startFisServer(SECRETS, {
      templates: { 'eu-west-2': [{ id: 'EXTorders', tags: TAGS }] },
      sequence: [{ id: 'unused', state: { status: 'pending' } }],
      history: [
        {
          id: 'EXPok',
          experimentTemplateId: 'EXTorders',
          state: { status: 'completed' },
          creationTime: now - 7200,
          startTime: now - 7200,
          endTime: now - 5900,
          tags: { 'dr:drill': 'dr-drill-abc' },
          actions: {
            Failover: {
              actionId: 'aws:rds:reboot-db-instances',
              state: { status: 'completed' },
              startTime: now - 7195,
            },
          },
        },
        {
          id: 'EXPbad',
          experimentTemplateId: 'EXTorders',
          state: { status: 'failed', reason: 'no targets' },
          creationTime: now - 3600,
        },
      ],
    });
    process.env.AWS_ENDPOINT_URL_FIS = fis.url;
    account()
      .rds.on(DescribeEventsCommand)
      .resolves({
        Events: [
          { Date: new Date((now - 7190) * 1000), Message: 'Multi-AZ instance failover started' },
          {
            Date: new Date((now - 7070) * 1000),
            Message: 'Multi-AZ failover to standby complete - DNS propagation may take a few minutes',
          },
        ],
      });
    const io = capture();
    const file = join(dir, 'evidence.json');
    await run(['audit', '--region', 'eu-west-2', '--posture', posture, '--evidence', file, '--cdk-out', cdkOut()], io);
    expect(fis.rejected).toEqual([]);
    const records = parseEvidence(readFileSync(file, 'utf8'), file).filter((r) => r.recoveryKind === 'fault-injection');
    expect(records).toEqual([
      expect.objectContaining({
        asset: 'lomash_orders',
        mode: 'instance',
        durationSeconds: 120,
        run: 'FIS experiment EXPok of template EXTorders (dr drill dr-drill-abc)',
        measured: expect.stringMatching(/RDS-EVENT-0013 at .* to RDS-EVENT-0015 at /),
      }),
    ]);
    expect(io.err_).toContainEqual(
      'dr audit: not evidence: lomash_orders · instance: FIS experiment EXPbad of template EXTorders: the experiment failed: no targets',
    );
    expect(io.err_).toContainEqual(
      expect.stringMatching(
        /^dr audit: not evidence: LomashWoodDrPrimary\/ExperimentsLomashAuthInstanceExperiment\w+: not deployed in eu-west-2/,
      ),
    );
    expect(fis.calls.filter((c) => c.op === 'ListExperiments').map((c) => c.query.experimentTemplateId)).toEqual([
      'EXTorders',
    ]);
  });
});
