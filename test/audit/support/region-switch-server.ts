/**
 * A local stand-in for the ARC Region switch data plane (awsJson1_0, ARC-20): `POST /` with `Content-Type:
 * application/x-amz-json-1.0` and a signed `X-Amz-Target: ArcRegionSwitch.<Operation>`, SigV4 for
 * `arc-region-switch` (verified from first principles by ./signed-server). It answers ListPlansInRegion,
 * ListPlanExecutions and GetPlanExecution from a script, in pages of `pageSize` (to exercise `nextToken`), with
 * timestamps as epoch seconds; an unknown plan or execution is awsJson's error: `__type` in the body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SignedBy } from './sigv4';
import { reply, startSignedServer, type SignedServer } from './signed-server';

export interface StepStateJson {
  readonly name: string;
  readonly status: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly stepMode?: string;
}

/** An execution as GetPlanExecution returns it (ListPlanExecutions gives it without its step states). */
export interface ExecutionJson {
  readonly planArn: string;
  readonly executionId: string;
  readonly startTime: number;
  readonly endTime?: number;
  readonly mode: string;
  readonly executionState: string;
  readonly executionAction: string;
  readonly executionRegion: string;
  readonly stepStates?: readonly StepStateJson[];
}

export interface PlanJson {
  readonly arn: string;
  readonly name: string;
  readonly owner: string;
  readonly regions: readonly string[];
  readonly recoveryApproach: string;
}

export interface RegionSwitchScript {
  /** The plans each Region's data plane lists. */
  plans: Record<string, PlanJson[]>;
  executions: ExecutionJson[];
  /** Page size of every list (and of the step states). @default 100 */
  pageSize?: number;
}

export interface RegionSwitchCall {
  readonly op: string;
  readonly region: string;
  readonly input: Record<string, unknown>;
}

export interface RegionSwitchServer extends SignedServer {
  readonly calls: RegionSwitchCall[];
}

const PREFIX = 'ArcRegionSwitch.';

export async function startRegionSwitchServer(
  secrets: Readonly<Record<string, string>>,
  script: RegionSwitchScript,
): Promise<RegionSwitchServer> {
  const calls: RegionSwitchCall[] = [];
  const page = <T>(all: readonly T[], input: Record<string, unknown>, key: string) => {
    const size = Math.min(script.pageSize ?? 100, typeof input.maxResults === 'number' ? input.maxResults : 100);
    const from = Number(input.nextToken ?? 0);
    const next = from + size < all.length ? String(from + size) : undefined;
    return { [key]: all.slice(from, from + size), ...(next ? { nextToken: next } : {}) };
  };
  const notFound = (res: ServerResponse, message: string) =>
    reply(res, 404, { __type: 'com.amazonaws.arcregionswitch#ResourceNotFoundException', message });
  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer, signed: SignedBy, rejected: string[]) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(req.headers.authorization))?.[1]?.split(';') ?? [];
    if (
      req.method !== 'POST' ||
      req.url !== '/' ||
      req.headers['content-type'] !== 'application/x-amz-json-1.0' ||
      !target.startsWith(PREFIX) ||
      !signedHeaders.includes('x-amz-target')
    ) {
      rejected.push(`not an awsJson1_0 call: ${req.method} ${req.url} ${req.headers['content-type']} ${target}`);
      return reply(res, 400, { __type: 'SerializationException', message: 'bad request' });
    }
    const op = target.slice(PREFIX.length);
    const input = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    calls.push({ op, region: signed.region, input });
    const plan = (arn: unknown) => (script.plans[signed.region] ?? []).find((p) => p.arn === arn);
    switch (op) {
      case 'ListPlansInRegion':
        return reply(res, 200, page(script.plans[signed.region] ?? [], input, 'plans'));
      case 'ListPlanExecutions': {
        if (!plan(input.planArn)) return notFound(res, `plan ${String(input.planArn)} not found`);
        const items = script.executions
          .filter((e) => e.planArn === input.planArn)
          .map(({ stepStates: _, ...summary }) => summary);
        return reply(res, 200, page(items, input, 'items'));
      }
      case 'GetPlanExecution': {
        const e = script.executions.find((x) => x.planArn === input.planArn && x.executionId === input.executionId);
        if (!plan(input.planArn) || !e) return notFound(res, `execution ${String(input.executionId)} not found`);
        const { stepStates, ...rest } = e;
        return reply(res, 200, { ...rest, ...page(stepStates ?? [], input, 'stepStates') });
      }
      default:
        rejected.push(`no operation ${op}`);
        return reply(res, 400, { __type: 'UnknownOperationException', message: op });
    }
  };
  const server = await startSignedServer(secrets, 'arc-region-switch', handle);
  return { ...server, calls, close: () => server.close() };
}
