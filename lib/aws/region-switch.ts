/**
 * A small typed client for the read side of the ARC Region switch API (service `arc-region-switch`, API version
 * 2022-07-26): the three data-plane calls `dr audit --evidence` makes — ListPlansInRegion (the deployed plan's ARN by
 * its name: the ARN ends in a suffix ARC chooses, ARC-21), ListPlanExecutions and GetPlanExecution (ARC-22, ARC-23).
 * The registry has no client for this service at the project's SDK version, so the calls are made on the wire with the
 * SDK's signer, as lib/aws/fis.ts does: the JSON protocol (awsJson1_0: `POST /`, `Content-Type:
 * application/x-amz-json-1.0`, `X-Amz-Target: ArcRegionSwitch.<Operation>`), signing name `arc-region-switch`
 * (ARC-20). Timestamps are JSON numbers of epoch seconds (ARC-20).
 *
 * The endpoint: `endpoint` when given, else `AWS_ENDPOINT_URL_ARC_REGION_SWITCH`, else `AWS_ENDPOINT_URL`, else the
 * Region's data plane `https://arc-region-switch.<region>.api.aws` (ARC-21). These calls are data-plane calls: they
 * are answered in the Region asked, not by the control plane in us-east-1.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { z } from 'zod';
import { allPages, AwsApiError, endpointFor, signedJson, type SignedClientOptions } from './signed';

/** ARC-24. */
export const EXECUTION_STATES = [
  'inProgress',
  'pausedByFailedStep',
  'pausedByOperator',
  'completed',
  'completedWithExceptions',
  'canceled',
  'planExecutionTimedOut',
  'pendingManualApproval',
  'failed',
  'pending',
  'completedMonitoringApplicationHealth',
] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];
/** ARC-24. */
export const STEP_STATUSES = [
  'notStarted',
  'running',
  'failed',
  'completed',
  'canceled',
  'skipped',
  'pendingApproval',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** The answers' shapes, built on first use (as fis.ts does). Unknown literals are kept as strings and judged later. */
function shapes() {
  const time = z.number().transform((s) => new Date(Math.round(s * 1000)));
  const execution = {
    planArn: z.string(),
    executionId: z.string(),
    version: z.string().optional(),
    comment: z.string().optional(),
    startTime: time,
    endTime: time.optional(),
    mode: z.string(),
    executionState: z.string(),
    executionAction: z.string(),
    executionRegion: z.string(),
    actualRecoveryTime: z.string().optional(),
  };
  const summary = z.object(execution);
  const stepState = z.object({
    name: z.string().optional(),
    status: z.string().optional(),
    startTime: time.optional(),
    endTime: time.optional(),
    stepMode: z.string().optional(),
  });
  const detail = z.object({
    ...execution,
    stepStates: z.array(stepState).optional().default([]),
    nextToken: z.string().nullish(),
  });
  const plan = z.object({
    arn: z.string(),
    name: z.string(),
    regions: z.array(z.string()).optional().default([]),
    primaryRegion: z.string().optional(),
  });
  return { summary, stepState, detail, plan };
}
let built: ReturnType<typeof shapes> | undefined;
const schemas = () => (built ??= shapes());
type Shapes = ReturnType<typeof shapes>;

export type PlanSummary = z.output<Shapes['plan']>;
export type ExecutionSummary = z.output<Shapes['summary']>;
export type StepState = z.output<Shapes['stepState']>;
/** An execution with every page of its step states. */
export type PlanExecution = Omit<z.output<Shapes['detail']>, 'nextToken'>;

export class RegionSwitchApiError extends AwsApiError {}

export interface RegionSwitchClientOptions extends SignedClientOptions {
  /** @default AWS_ENDPOINT_URL_ARC_REGION_SWITCH, else AWS_ENDPOINT_URL, else https://arc-region-switch.<region>.api.aws */
  readonly endpoint?: string;
}

export interface RegionSwitchClient {
  readonly region: string;
  readonly endpoint: string;
  listPlansInRegion(): Promise<PlanSummary[]>;
  listPlanExecutions(planArn: string): Promise<ExecutionSummary[]>;
  getPlanExecution(planArn: string, executionId: string): Promise<PlanExecution>;
}

export const REGION_SWITCH_TARGET_PREFIX = 'ArcRegionSwitch';

export function regionSwitchEndpoint(region: string, env: NodeJS.ProcessEnv = process.env): string {
  return endpointFor('ARC_REGION_SWITCH', `https://arc-region-switch.${region}.api.aws`, env);
}

export function regionSwitchClient(options: RegionSwitchClientOptions): RegionSwitchClient {
  const { region } = options;
  const endpoint = options.endpoint ?? regionSwitchEndpoint(region);
  const base = new URL(endpoint);
  const signer = new SignatureV4({
    service: 'arc-region-switch',
    region,
    credentials: options.credentials,
    sha256: options.sha256,
  });
  const call = <T>(operation: string, input: Record<string, unknown>, schema: z.ZodType<T>) =>
    signedJson(
      {
        signer,
        base,
        service: 'ARC Region switch',
        label: operation,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `${REGION_SWITCH_TARGET_PREFIX}.${operation}`,
        },
        body: JSON.stringify(input),
        timeoutMs: options.timeoutMs ?? 15000,
        errorTypeOf: (json) => (typeof json.__type === 'string' ? json.__type : undefined),
      },
      schema,
      RegionSwitchApiError,
    );

  /** Every page (`nextToken`), 100 at a time (the maximum, ARC-22). */
  const pages = <T>(operation: string, key: string, item: z.ZodType<T>, input: Record<string, unknown> = {}) =>
    allPages(key, item, (page, nextToken) =>
      call(operation, { ...input, maxResults: 100, ...(nextToken ? { nextToken } : {}) }, page),
    );

  const { summary, detail, plan } = schemas();
  return {
    region,
    endpoint,
    listPlansInRegion: () => pages('ListPlansInRegion', 'plans', plan),
    listPlanExecutions: (planArn) => pages('ListPlanExecutions', 'items', summary, { planArn }),
    /** The step states come in pages of up to 100 (ARC-23): every page is read. */
    getPlanExecution: async (planArn, executionId) => {
      let nextToken: string | undefined;
      let first: PlanExecution | undefined;
      const steps: StepState[] = [];
      do {
        const p = await call(
          'GetPlanExecution',
          { planArn, executionId, maxResults: 100, ...(nextToken ? { nextToken } : {}) },
          detail,
        );
        const { nextToken: next, ...rest } = p;
        first ??= rest;
        steps.push(...p.stepStates);
        nextToken = next ?? undefined;
      } while (nextToken);
      return { ...first!, stepStates: steps };
    },
  };
}
