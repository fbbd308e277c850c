/**
 * Region switch executions as Region evidence. The client (lib/aws/region-switch.ts) on the wire against a local
 * stand-in of the ARC Region switch data plane that verifies each SigV4 signature (signing name `arc-region-switch`),
 * the awsJson1_0 `X-Amz-Target` and content type, and pages every list; then `dr audit --evidence`'s reading of the
 * executions (lib/audit/switch) on the shipped catalog's own plan paths: a completed execution measured per entry, a
 * failed, a cancelled, a still-running, a skipped step, a failback, one outside the window; and the posture reading
 * the record through the checker's evidence rules: an unverified Region RTO becomes met or a gap, and an execution
 * older than the tier's evidence validity no longer counts.
 */
import './support/aws-env';
import { contextFor } from '../../lib/catalog';
import { RegionSwitchApiError, regionSwitchClient, regionSwitchEndpoint } from '../../lib/aws/region-switch';
import { sdkRegionSwitchClient } from '../../lib/audit/aws/clients';
import { auditRegionSwitch, routeSteps, type SwitchAuditInput } from '../../lib/audit/switch/audit';
import { judgeEvidence, parseEvidence, type EvidenceRecord } from '../../lib/checker/evidence';
import { assess, type SpecOf } from '../../lib/model';
import { buildPosture } from '../../lib/posture';
import { STSClient } from '@aws-sdk/client-sts';
import { FAKE_ENV } from './support/aws-env';
import { load } from './support/lomash';
import {
  startRegionSwitchServer,
  type ExecutionJson,
  type RegionSwitchScript,
  type RegionSwitchServer,
  type StepStateJson,
} from './support/region-switch-server';

const SECRETS = { [FAKE_ENV.AWS_ACCESS_KEY_ID!]: FAKE_ENV.AWS_SECRET_ACCESS_KEY! };
const lomash = load();
const { catalog } = lomash;
const PRIMARY = catalog.environment.primaryRegion;
const DR = catalog.environment.drRegion;
const PLAN_NAME = 'lomash-wood-failover';
const PLAN_ARN = `arn:aws:arc-region-switch::111111111111:plan/${PLAN_NAME}:a1b2c3`;
const MINUTE = 60;
/** 2026-11-28T10:00:00Z in the epoch seconds the API answers with (ARC-20). */
const T0 = Date.parse('2026-11-28T10:00:00Z') / 1000;

/** The shipped plan's path per entry, as the planner builds it and the checker reads it back. */
function routeOf(entry: string): SpecOf<'region-switch'> {
  const planned = lomash.plan.assets.get(entry) ?? lomash.plan.services?.get(entry);
  const spec = planned?.mechanisms.find((m) => m.id === 'region-switch');
  if (!spec || spec.id !== 'region-switch') throw new Error(`${entry} has no Region switch path`);
  return spec;
}
const ROUTES = new Map(['lomash_auth', 'lomash_orders', 'auth-service'].map((e) => [e, routeOf(e)]));

const input = (since = new Date((T0 - 86400) * 1000)): SwitchAuditInput => ({
  plans: [{ stack: 'LomashWood-Recovery', logicalId: 'RegionSwitchPlan', name: PLAN_NAME }],
  routes: ROUTES,
  primaryRegion: PRIMARY,
  drRegion: DR,
  since,
});

/** Every step of the shipped activation workflow completed, each `minutes` after the previous one ended. */
function steps(overrides: Record<string, Partial<StepStateJson>> = {}): StepStateJson[] {
  const route = routeOf('lomash_auth');
  const out: StepStateJson[] = [];
  let t = T0;
  const add = (name: string, minutes: number) => {
    out.push({ name, status: 'completed', startTime: t, endTime: t + minutes * MINUTE, ...overrides[name] });
  };
  for (const s of route.steps) {
    if (s.steps) {
      const start = t;
      let end = t;
      for (const c of s.steps) {
        t = start;
        const minutes = c.name === 'restore-lomash-auth' ? 95 : c.name.startsWith('promote') ? 12 : 20;
        add(c.name, minutes);
        end = Math.max(end, start + minutes * MINUTE);
      }
      out.push({ name: s.name, status: 'completed', startTime: start, endTime: end });
      t = end;
    } else {
      add(s.name, s.work === 'approval' ? 15 : 10);
      t += (s.work === 'approval' ? 15 : 10) * MINUTE;
    }
  }
  return out;
}

function execution(id: string, rest: Partial<ExecutionJson> = {}): ExecutionJson {
  return {
    planArn: PLAN_ARN,
    executionId: id,
    startTime: T0,
    endTime: T0 + 3 * 3600,
    mode: 'graceful',
    executionState: 'completed',
    executionAction: 'activate',
    executionRegion: DR,
    stepStates: steps(),
    ...rest,
  };
}

const PLAN = {
  arn: PLAN_ARN,
  name: PLAN_NAME,
  owner: '111111111111',
  regions: [PRIMARY, DR],
  recoveryApproach: 'activePassive',
};

let server: RegionSwitchServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(script: Partial<RegionSwitchScript>): Promise<RegionSwitchServer> {
  server = await startRegionSwitchServer(SECRETS, { plans: { [DR]: [PLAN] }, executions: [], ...script });
  return server;
}

const clientFor = (s: RegionSwitchServer) => (region: string) => sdkRegionSwitchClient(region, s.url);

describe('the Region switch client on the wire (awsJson1_0, SigV4 for arc-region-switch)', () => {
  test('each call is signed for arc-region-switch in its Region with the X-Amz-Target of its operation', async () => {
    const s = await serve({ executions: [execution('ex-1')] });
    const arc = sdkRegionSwitchClient(DR, s.url);
    expect((await arc.listPlansInRegion()).map((p) => p.arn)).toEqual([PLAN_ARN]);
    const [summary] = await arc.listPlanExecutions(PLAN_ARN);
    expect(summary).toMatchObject({ executionId: 'ex-1', mode: 'graceful', executionState: 'completed' });
    // Epoch seconds become dates.
    expect(summary!.startTime.toISOString()).toBe('2026-11-28T10:00:00.000Z');
    const e = await arc.getPlanExecution(PLAN_ARN, 'ex-1');
    expect(e.stepStates.map((x) => x.name)).toEqual(steps().map((x) => x.name));
    expect(s.rejected).toEqual([]);
    expect(s.calls).toEqual([
      { op: 'ListPlansInRegion', region: DR, input: { maxResults: 100 } },
      { op: 'ListPlanExecutions', region: DR, input: { planArn: PLAN_ARN, maxResults: 100 } },
      { op: 'GetPlanExecution', region: DR, input: { planArn: PLAN_ARN, executionId: 'ex-1', maxResults: 100 } },
    ]);
  });

  test('a request signed with another secret is refused by the stand-in, and the error reads as AWS sent it', async () => {
    const s = await serve({});
    const { sha256 } = new STSClient({ region: DR }).config;
    const wrong = regionSwitchClient({
      region: DR,
      endpoint: s.url,
      sha256,
      credentials: { accessKeyId: FAKE_ENV.AWS_ACCESS_KEY_ID!, secretAccessKey: 'not-the-secret' },
    });
    await expect(wrong.listPlansInRegion()).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      status: 403,
    });
    expect(s.rejected).toEqual([expect.stringMatching(/^signature mismatch/)]);
  });

  test('every page is read: executions and step states through nextToken', async () => {
    const many = ['ex-1', 'ex-2', 'ex-3', 'ex-4', 'ex-5'].map((id) => execution(id));
    const s = await serve({ executions: many, pageSize: 2 });
    const arc = sdkRegionSwitchClient(DR, s.url);
    expect((await arc.listPlanExecutions(PLAN_ARN)).map((x) => x.executionId)).toEqual(many.map((x) => x.executionId));
    expect((await arc.getPlanExecution(PLAN_ARN, 'ex-1')).stepStates).toHaveLength(steps().length);
    const tokens = s.calls.filter((c) => c.op === 'ListPlanExecutions').map((c) => c.input.nextToken);
    expect(tokens).toEqual([undefined, '2', '4']);
    expect(s.calls.filter((c) => c.op === 'GetPlanExecution').length).toBe(Math.ceil(steps().length / 2));
  });

  test("awsJson's error (`__type` in the body) names the error; the endpoint follows the SDK's variables", async () => {
    const s = await serve({});
    const arc = sdkRegionSwitchClient(DR, s.url);
    const error = await arc.getPlanExecution(PLAN_ARN, 'nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegionSwitchApiError);
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: 'execution nope not found',
    });
    expect(regionSwitchEndpoint('eu-west-1', {})).toBe('https://arc-region-switch.eu-west-1.api.aws');
    expect(regionSwitchEndpoint('eu-west-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:1/' })).toBe('http://127.0.0.1:1');
    expect(
      regionSwitchEndpoint('eu-west-1', {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
        AWS_ENDPOINT_URL_ARC_REGION_SWITCH: 'http://127.0.0.1:2',
      }),
    ).toBe('http://127.0.0.1:2');
  });
});

describe('dr audit --evidence: executions of the plan, timed per entry on its path', () => {
  test('the path of an entry is the model’s: the steps before the one serving it, then that one', () => {
    expect(routeSteps(routeOf('lomash_auth').steps, 'restore-lomash-auth')).toEqual([
      { name: 'approve-failover' },
      { name: 'restore-lomash-auth', parent: 'data' },
    ]);
    expect(routeSteps(routeOf('auth-service').steps, 'scale-services')).toEqual([
      { name: 'approve-failover' },
      { name: 'data' },
      { name: 'scale-services' },
    ]);
    expect(routeSteps(routeOf('lomash_auth').steps, 'no-such-step')).toBeUndefined();
  });

  test('a completed execution: per entry, its start to the end of the last step of that entry’s path', async () => {
    const s = await serve({ executions: [execution('ex-1', { mode: 'ungraceful' })] });
    const { records, notes } = await auditRegionSwitch(clientFor(s), input());
    expect(notes).toEqual([]);
    const by = new Map(records.map((r) => [r.asset, r]));
    // Approval 15 min, then the restore of lomash_auth 95 min inside the parallel data step.
    expect(by.get('lomash_auth')).toEqual({
      asset: 'lomash_auth',
      mode: 'region',
      region: DR,
      recoveryKind: 'region-switch',
      durationSeconds: 110 * MINUTE,
      date: '2026-11-28',
      run: `Region switch execution ex-1 of plan ${PLAN_NAME} (ungraceful)`,
      measured: `ungraceful Region switch into ${DR}: started 2026-11-28T10:00:00Z, approve-failover → data › restore-lomash-auth done at 2026-11-28T11:50:00Z (6600 s, ARC-23)`,
    });
    // The promotion: 15 + 12 minutes.
    expect(by.get('lomash_orders')?.durationSeconds).toBe(27 * MINUTE);
    // A service: the whole data step (95 min) and the scale step (10 min), plus the template's DNS failover.
    const traffic = routeOf('auth-service').traffic!;
    const dns = traffic.requestIntervalSeconds * traffic.failureThreshold + traffic.ttlSeconds;
    expect(by.get('auth-service')?.durationSeconds).toBe(120 * MINUTE + dns);
    expect(by.get('auth-service')?.measured).toMatch(/plus Route 53's failover .* not measured/);
    // What the checker reads back: a valid record without a recovery point.
    expect(parseEvidence(JSON.stringify(records), 'evidence.json')).toEqual(records);
    expect(s.rejected).toEqual([]);
  });

  test('a step inside a parallel block without a state of its own: the block’s end stands in for it (ARC-25)', async () => {
    const flat = steps().filter((x) => x.name !== 'restore-lomash-auth');
    const s = await serve({ executions: [execution('ex-1', { stepStates: flat })] });
    const { records } = await auditRegionSwitch(clientFor(s), input());
    // The data block ends with its longest child (the 95-minute restore): 15 + 95 minutes, never less.
    const data = flat.find((x) => x.name === 'data')!;
    expect(records.find((r) => r.asset === 'lomash_auth')?.durationSeconds).toBe(data.endTime! - T0);
    expect(data.endTime! - T0).toBe(110 * MINUTE);
  });

  test('failed, cancelled and timed-out executions record nothing and say why; none is read step by step', async () => {
    const s = await serve({
      executions: [
        execution('ex-failed', { executionState: 'failed' }),
        execution('ex-cancelled', { executionState: 'canceled' }),
        execution('ex-timeout', { executionState: 'planExecutionTimedOut' }),
      ],
    });
    const { records, notes } = await auditRegionSwitch(clientFor(s), input());
    expect(records).toEqual([]);
    expect(notes).toEqual([
      `Region switch execution ex-failed of plan ${PLAN_NAME} (graceful): the execution ended failed: nothing measured`,
      `Region switch execution ex-cancelled of plan ${PLAN_NAME} (graceful): the execution ended canceled: nothing measured`,
      `Region switch execution ex-timeout of plan ${PLAN_NAME} (graceful): the execution ended planExecutionTimedOut: nothing measured`,
    ]);
    expect(s.calls.some((c) => c.op === 'GetPlanExecution')).toBe(false);
  });

  test('an execution still running is left for a later audit; one before --since is not read', async () => {
    const s = await serve({
      executions: [
        execution('ex-running', {
          executionState: 'inProgress',
          stepStates: steps({ 'scale-services': { status: 'running', endTime: undefined } }),
        }),
        execution('ex-old', { startTime: T0 - 30 * 86400 }),
      ],
    });
    const { records, notes } = await auditRegionSwitch(clientFor(s), input());
    expect(records).toEqual([]);
    expect(notes).toEqual([
      `Region switch execution ex-running of plan ${PLAN_NAME} (graceful): still inProgress: a later audit reads it once it has finished`,
    ]);
  });

  test('a step of the path that did not complete: that entry has no evidence, the others do', async () => {
    const s = await serve({
      executions: [
        execution('ex-1', {
          mode: 'ungraceful',
          executionState: 'completedWithExceptions',
          stepStates: steps({ 'restore-lomash-auth': { status: 'skipped' } }),
        }),
      ],
    });
    const { records, notes } = await auditRegionSwitch(clientFor(s), input());
    expect(records.map((r) => r.asset)).toEqual(['auth-service', 'lomash_orders']);
    expect(notes).toEqual([
      `lomash_auth · region: Region switch execution ex-1 of plan ${PLAN_NAME} (ungraceful): step data › restore-lomash-auth ended skipped (skipped in an ungraceful run): the path did not run, so its time proves nothing`,
    ]);
  });

  test('a failback, and a plan that is not deployed, are named and not evidence', async () => {
    const back = await serve({
      executions: [execution('ex-back', { executionRegion: PRIMARY })],
    });
    const failback = await auditRegionSwitch(clientFor(back), input());
    expect(failback.records).toEqual([]);
    expect(failback.notes).toEqual([
      `Region switch execution ex-back of plan ${PLAN_NAME} (graceful): activate of ${PRIMARY}, not a failover into ${DR}: no Region-loss evidence`,
    ]);
    await back.close();
    const none = await serve({ plans: { [DR]: [] } });
    const missing = await auditRegionSwitch(clientFor(none), input());
    expect(missing.notes).toEqual([
      `LomashWood-Recovery/RegionSwitchPlan: plan ${PLAN_NAME} is not deployed (ListPlansInRegion in ${DR} has none of that name)`,
    ]);
  });
});

describe('the posture reads a recorded execution through the evidence rules', () => {
  /** lomash_auth's Region mode with these records as evidence, judged on `today`. */
  function region(records: readonly EvidenceRecord[], today: string) {
    const asset = catalog.assets.find((a) => a.id === 'lomash_auth')!;
    const judged = judgeEvidence(records, catalog, today);
    const assessment = assess(asset, lomash.plan.assets.get(asset.id)!.mechanisms, contextFor(catalog, asset.tier), {
      evidence: judged.evidence,
    });
    const posture = buildPosture({ catalog, assessments: new Map([[asset.id, assessment]]), asOf: today });
    return { mode: posture.entries[0]!.modes.region, findings: judged.findings.map((f) => `${f.rule} ${f.message}`) };
  }

  async function recorded(restoreMinutes: number): Promise<EvidenceRecord> {
    const e = execution('ex-1');
    const stepStates = e.stepStates!.map((x) =>
      x.name === 'restore-lomash-auth' ? { ...x, endTime: x.startTime! + restoreMinutes * MINUTE } : x,
    );
    const s = await serve({ executions: [{ ...e, stepStates }] });
    const { records } = await auditRegionSwitch(clientFor(s), input());
    return records.find((r) => r.asset === 'lomash_auth')!;
  }

  test('an unverified Region RTO becomes met within the target, a gap over it; an old execution no longer counts', async () => {
    const target = lomash.posture.entries.find((e) => e.id === 'lomash_auth')!.modes.region.target.rtoSeconds!;
    const today = '2026-12-07';
    // Without evidence: a restore AWS publishes no duration for: unverified.
    expect(region([], today).mode.rto).toMatchObject({ seconds: null, bound: 'unknown', status: 'unverified' });

    // 15 min approval + 60 min restore, plus the tier's declared Region overhead: within 4 hours.
    const fast = await recorded(60);
    const met = region([fast], today);
    expect(met.mode.rto).toMatchObject({ bound: 'measured', status: 'met' });
    expect(met.mode.rto.seconds).toBeGreaterThanOrEqual(75 * MINUTE);
    expect(met.mode.rto.seconds).toBeLessThanOrEqual(target);
    expect(met.mode.rto.evidence).toMatchObject({
      date: '2026-11-28',
      source: expect.stringContaining(`in ${DR}, Region switch execution ex-1 of plan ${PLAN_NAME} (graceful)`),
    });
    expect(met.findings).toEqual([]);

    await server!.close();
    server = undefined;
    // A restore of 4 hours: over the target whatever the overhead: a gap.
    const slow = await recorded(240);
    expect(region([slow], today).mode.rto).toMatchObject({ bound: 'measured', status: 'gap' });

    // Judged after the tier's evidence validity, the execution no longer counts: unverified again, and said so.
    const validity = catalog.tiers.find((t) => t.id === 'tier-1')!.policy.evidenceValiditySeconds;
    const later = new Date(Date.parse('2026-11-28') + validity * 1000 + 86400_000).toISOString().slice(0, 10);
    const expired = region([fast], later);
    expect(expired.mode.rto).toMatchObject({ bound: 'unknown', status: 'unverified' });
    expect(expired.findings).toEqual([
      expect.stringMatching(/^DR-EVIDENCE-EXPIRED region-switch of lomash_auth \(region, 2026-11-28\): valid until /),
    ]);
  });
});
