/**
 * `dr audit --evidence --cdk-out` on the suite's synthesized app: the Region switch plan its templates hold is found
 * by name on a local stand-in of the ARC data plane (./support/region-switch-server), and a completed execution of
 * every step of its activation workflow is recorded per entry — a database by its restore step (the stacks alone say
 * which), a service by the EKS step that scales its Deployment (the DR manifests synth writes beside cdk.out say
 * which), each on the path the model bounds.
 */
import './support/aws-env';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../bin/dr';
import { parseEvidence } from '../../lib/checker/evidence';
import { postureJson } from '../../lib/posture';
import { capture } from '../checker/io';
import { cdkOut, stackNames, template } from '../support/synthesized';
import { healthyAccountPerTest } from './support/account';
import { FAKE_ENV } from './support/aws-env';
import { load } from './support/lomash';
import { startRegionSwitchServer, type RegionSwitchServer, type StepStateJson } from './support/region-switch-server';

const lomash = load();
const SECRETS = { [FAKE_ENV.AWS_ACCESS_KEY_ID!]: FAKE_ENV.AWS_SECRET_ACCESS_KEY! };
const { primaryRegion: PRIMARY, drRegion: DR } = lomash.catalog.environment;

interface CfnStep {
  Name: string;
  ExecutionBlockType: string;
  ExecutionBlockConfiguration?: { ParallelConfig?: { Steps?: CfnStep[] } };
}

/** The synthesized plan: its name and the steps of its activation of the DR Region, nested ones flattened in order. */
function synthesizedPlan(): { name: string; steps: { name: string; parent?: string }[] } {
  for (const stack of stackNames()) {
    for (const r of Object.values(template(stack).Resources ?? {})) {
      if (r.Type !== 'AWS::ARCRegionSwitch::Plan') continue;
      const p = r.Properties as {
        Name: string;
        Workflows: { WorkflowTargetAction: string; WorkflowTargetRegion: string; Steps: CfnStep[] }[];
      };
      const activate = p.Workflows.find((w) => w.WorkflowTargetAction === 'activate' && w.WorkflowTargetRegion === DR)!;
      return {
        name: p.Name,
        steps: activate.Steps.flatMap((s) => [
          { name: s.Name },
          ...(s.ExecutionBlockConfiguration?.ParallelConfig?.Steps ?? []).map((c) => ({
            name: c.Name,
            parent: s.Name,
          })),
        ]),
      };
    }
  }
  throw new Error('the synthesized app has no Region switch plan');
}

let dir: string;
let arc: RegionSwitchServer | undefined;
const account = healthyAccountPerTest(lomash.targets);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dr-switch-evidence-'));
  writeFileSync(join(dir, 'posture.json'), postureJson(lomash.posture));
});
afterEach(async () => {
  await arc?.close();
  arc = undefined;
  delete process.env.AWS_ENDPOINT_URL_ARC_REGION_SWITCH;
  rmSync(dir, { recursive: true, force: true });
});

test('a completed execution of the synthesized plan becomes Region evidence of each entry it brings back', async () => {
  account();
  const plan = synthesizedPlan();
  const arn = `arn:aws:arc-region-switch::111111111111:plan/${plan.name}:a1b2c3`;
  const start = Math.floor(Date.now() / 1000) - 6 * 3600;
  // Each top-level step takes 10 minutes after the previous one; the children of a parallel step run at once.
  const states: StepStateJson[] = [];
  let t = start;
  for (const s of plan.steps) {
    if (s.parent === undefined) t += 600;
    states.push({ name: s.name, status: 'completed', startTime: t - 600, endTime: t });
  }
  arc = await startRegionSwitchServer(SECRETS, {
    plans: {
      [DR]: [
        { arn, name: plan.name, owner: '111111111111', regions: [PRIMARY, DR], recoveryApproach: 'activePassive' },
      ],
    },
    executions: [
      {
        planArn: arn,
        executionId: 'ex-synth',
        startTime: start,
        endTime: t,
        mode: 'graceful',
        executionState: 'completed',
        executionAction: 'activate',
        executionRegion: DR,
        stepStates: states,
      },
    ],
  });
  process.env.AWS_ENDPOINT_URL_ARC_REGION_SWITCH = arc.url;
  const io = capture();
  const file = join(dir, 'evidence.json');
  await run(
    ['audit', '--region', PRIMARY, '--posture', join(dir, 'posture.json'), '--evidence', file, '--cdk-out', cdkOut()],
    io,
  );
  expect(arc.rejected).toEqual([]);
  const records = parseEvidence(readFileSync(file, 'utf8'), file).filter((r) => r.recoveryKind === 'region-switch');
  const by = new Map(records.map((r) => [r.asset, r]));
  // A restored database: approval, then its restore inside the data step: 20 minutes.
  expect(by.get('lomash_auth')).toMatchObject({
    mode: 'region',
    region: DR,
    durationSeconds: 1200,
    run: `Region switch execution ex-synth of plan ${plan.name} (graceful)`,
  });
  // A service: found through the DR manifests; its path runs to the EKS step, plus the DNS failover (not measured).
  expect(by.get('auth-service')?.measured).toMatch(/^graceful Region switch into .* plus Route 53's failover/);
  expect(by.get('auth-service')!.durationSeconds).toBeGreaterThan(by.get('lomash_auth')!.durationSeconds);
  expect(io.err_).toContainEqual(
    expect.stringMatching(
      /^dr audit: evidence: lomash_auth · region: 1200 s on \d{4}-\d\d-\d\d \(Region switch execution ex-synth /,
    ),
  );
});
