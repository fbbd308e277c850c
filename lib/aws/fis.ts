/**
 * A small typed client for the AWS Fault Injection Service API, signed with the SDK's own SigV4 signer
 * (@smithy/signature-v4) and the credentials and SHA-256 the caller passes: an SDK client's resolved configuration
 * gives both (the SDK's default chain: environment, shared files, SSO, container, instance metadata). The registry's @aws-sdk/client-fis is far
 * behind this project's SDK and lacks `experimentOptions` and the `cancelled` state (FIS-17), so the four calls the
 * drills and the audit need are made here on the wire: rest-json, signing name `fis` (FIS-16, FIS-25).
 *
 * The endpoint: `endpoint` when given, else `AWS_ENDPOINT_URL_FIS`, else `AWS_ENDPOINT_URL` (the SDK's own variables,
 * so the test stand-ins and the SDK clients are pointed the same way), else `https://fis.<region>.amazonaws.com`.
 * An `endpoint_url` in the shared config file is not read (FIS-25).
 */
import { randomUUID } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { z } from 'zod';
import { allPages, AwsApiError, endpointFor, signedJson, type SignedClientOptions } from './signed';

export const EXPERIMENT_STATES = [
  'pending',
  'initiating',
  'running',
  'completed',
  'stopping',
  'stopped',
  'failed',
  'cancelled',
] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATES)[number];
/** States an experiment never leaves (FIS-13). */
export const TERMINAL_STATES: readonly ExperimentStatus[] = ['completed', 'stopped', 'failed', 'cancelled'];

/**
 * The answers' shapes, built on first use: nothing runs when the module loads, so a bundle that imports lib/aws for
 * something else (the recovery-point-age function) leaves this client, zod and the signer out.
 */
function shapes() {
  /** Timestamps are JSON numbers of epoch seconds (FIS-13). */
  const time = z.number().transform((s) => new Date(Math.round(s * 1000)));
  const tags = z.record(z.string(), z.string()).optional().default({});
  const state = z.object({
    status: z.enum(EXPERIMENT_STATES),
    reason: z.string().optional(),
    error: z.object({ code: z.string().optional(), location: z.string().optional() }).optional(),
  });

  const templateSummary = z.object({
    id: z.string(),
    arn: z.string().optional(),
    description: z.string().optional(),
    tags,
  });
  const experimentSummary = z.object({
    id: z.string(),
    experimentTemplateId: z.string().optional(),
    state,
    creationTime: time.optional(),
    tags,
  });
  const action = z.object({
    actionId: z.string().optional(),
    state: z.object({ status: z.string(), reason: z.string().optional() }).optional(),
    startTime: time.optional(),
    endTime: time.optional(),
  });
  const experiment = z.object({
    id: z.string(),
    arn: z.string().optional(),
    experimentTemplateId: z.string().optional(),
    state,
    actions: z.record(z.string(), action).optional().default({}),
    stopConditions: z
      .array(z.object({ source: z.string(), value: z.string().optional() }))
      .optional()
      .default([]),
    creationTime: time.optional(),
    startTime: time.optional(),
    endTime: time.optional(),
    tags,
  });
  return { templateSummary, experimentSummary, action, experiment };
}
let built: ReturnType<typeof shapes> | undefined;
const schemas = () => (built ??= shapes());
type Shapes = ReturnType<typeof shapes>;

export type ExperimentTemplateSummary = z.output<Shapes['templateSummary']>;
export type ExperimentSummary = z.output<Shapes['experimentSummary']>;
export type Experiment = z.output<Shapes['experiment']>;
export type ExperimentAction = z.output<Shapes['action']>;

/** FIS answered with an error (its `x-amzn-ErrorType`, HTTP status and message), or its answer was not understood. */
export class FisApiError extends AwsApiError {}

export interface FisClientOptions extends SignedClientOptions {
  /** @default AWS_ENDPOINT_URL_FIS, else AWS_ENDPOINT_URL, else https://fis.<region>.amazonaws.com */
  readonly endpoint?: string;
}

export interface StartExperimentInput {
  readonly experimentTemplateId: string;
  /** Idempotency token: the same token starts the experiment once (FIS-16). @default a random UUID */
  readonly clientToken?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface FisClient {
  readonly region: string;
  readonly endpoint: string;
  listExperimentTemplates(): Promise<ExperimentTemplateSummary[]>;
  listExperiments(experimentTemplateId?: string): Promise<ExperimentSummary[]>;
  startExperiment(input: StartExperimentInput): Promise<Experiment>;
  getExperiment(id: string): Promise<Experiment>;
  stopExperiment(id: string): Promise<Experiment>;
}

export function fisEndpoint(region: string, env: NodeJS.ProcessEnv = process.env): string {
  return endpointFor('FIS', `https://fis.${region}.amazonaws.com`, env);
}

export function fisClient(options: FisClientOptions): FisClient {
  const { region } = options;
  const endpoint = options.endpoint ?? fisEndpoint(region);
  const base = new URL(endpoint);
  const signer = new SignatureV4({ service: 'fis', region, credentials: options.credentials, sha256: options.sha256 });

  async function call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    schema: z.ZodType<T>,
    query: Record<string, string> = {},
    body?: unknown,
  ): Promise<T> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    return signedJson(
      {
        signer,
        base,
        service: 'FIS',
        label: `${method} ${path}`,
        method,
        path,
        query,
        ...(text !== undefined ? { headers: { 'content-type': 'application/json' }, body: text } : {}),
        timeoutMs: options.timeoutMs ?? 15000,
      },
      schema,
      FisApiError,
    );
  }

  /** Every page (`nextToken`), 100 at a time (the maximum, FIS-25). */
  const pages = <T>(path: string, key: string, item: z.ZodType<T>, query: Record<string, string> = {}) =>
    allPages(key, item, (page, nextToken) =>
      call('GET', path, page, { ...query, maxResults: '100', ...(nextToken ? { nextToken } : {}) }),
    );

  const { templateSummary, experimentSummary, experiment } = schemas();
  const one = z.object({ experiment });
  return {
    region,
    endpoint,
    listExperimentTemplates: () => pages('/experimentTemplates', 'experimentTemplates', templateSummary),
    listExperiments: (experimentTemplateId) =>
      pages('/experiments', 'experiments', experimentSummary, experimentTemplateId ? { experimentTemplateId } : {}),
    startExperiment: async (input) =>
      (
        await call(
          'POST',
          '/experiments',
          one,
          {},
          {
            clientToken: input.clientToken ?? randomUUID(),
            experimentTemplateId: input.experimentTemplateId,
            ...(input.tags ? { tags: input.tags } : {}),
          },
        )
      ).experiment,
    getExperiment: async (id) => (await call('GET', `/experiments/${encodeURIComponent(id)}`, one)).experiment,
    stopExperiment: async (id) => (await call('DELETE', `/experiments/${encodeURIComponent(id)}`, one)).experiment,
  };
}
