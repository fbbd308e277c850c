/**
 * A local stand-in for the AWS Fault Injection Service on 127.0.0.1 (random port): its rest-json wire format for the
 * calls lib/aws/fis.ts makes. Every request's SigV4 signature is verified from first principles (./sigv4), and its
 * signing name must be `fis`; request bodies are kept for the test to check. The test scripts the experiment: the
 * states successive GetExperiment calls return, and what StopExperiment does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SignedBy } from './sigv4';
import { reply, startSignedServer } from './signed-server';

export interface FisCall {
  readonly op: 'ListExperimentTemplates' | 'ListExperiments' | 'StartExperiment' | 'GetExperiment' | 'StopExperiment';
  readonly region: string;
  readonly id?: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body?: Record<string, unknown>;
}

export interface TemplateJson {
  readonly id: string;
  readonly tags: Record<string, string>;
}

/** An experiment as GetExperiment returns it; times in epoch seconds. */
export interface ExperimentJson {
  readonly id: string;
  readonly experimentTemplateId?: string;
  readonly state: { readonly status: string; readonly reason?: string; readonly error?: { readonly code?: string } };
  readonly actions?: Record<
    string,
    { actionId: string; state?: { status: string }; startTime?: number; endTime?: number }
  >;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly creationTime?: number;
  readonly tags?: Record<string, string>;
}

export interface FisScript {
  /** The deployed templates, per Region. */
  templates: Record<string, TemplateJson[]>;
  /** Page size of ListExperimentTemplates (to exercise nextToken). */
  pageSize?: number;
  /** What successive reads of the started experiment return; the last repeats. */
  sequence: ExperimentJson[];
  /** What the experiment reads as once StopExperiment was called (first `stopping`, then this). */
  afterStop?: ExperimentJson;
  /** Experiments by id for ListExperiments / GetExperiment of earlier runs. */
  history?: ExperimentJson[];
}

export interface FisServer {
  readonly url: string;
  readonly calls: FisCall[];
  /** Requests that were not properly signed for fis, or matched no operation. */
  readonly rejected: string[];
  close(): Promise<void>;
}

export async function startFisServer(secrets: Readonly<Record<string, string>>, script: FisScript): Promise<FisServer> {
  const calls: FisCall[] = [];
  let reads = 0;
  let stopped = false;
  /** The experiment StartExperiment made: GetExperiment and ListExperiments show it with its template and tags. */
  let started: { templateId: string; tags: Record<string, string> } | undefined;
  const withStart = (e: ExperimentJson): ExperimentJson =>
    started ? { ...e, experimentTemplateId: started.templateId, tags: started.tags } : e;
  const current = () => withStart(script.sequence[Math.min(reads, script.sequence.length - 1)]!);
  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer, signed: SignedBy, rejected: string[]) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : undefined;
    const region = signed.region;
    const byId = /^\/experiments\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && url.pathname === '/experimentTemplates') {
      calls.push({ op: 'ListExperimentTemplates', region, query });
      const all = script.templates[region] ?? [];
      const size = script.pageSize ?? 100;
      const from = Number(query.nextToken ?? 0);
      const next = from + size < all.length ? String(from + size) : undefined;
      return reply(res, 200, {
        experimentTemplates: all.slice(from, from + size),
        ...(next ? { nextToken: next } : {}),
      });
    }
    if (req.method === 'GET' && url.pathname === '/experiments') {
      calls.push({ op: 'ListExperiments', region, query });
      const last = script.sequence[script.sequence.length - 1]!;
      const list = [...(script.history ?? []), ...(started ? [withStart(last)] : [])].filter(
        (e) => !query.experimentTemplateId || e.experimentTemplateId === query.experimentTemplateId,
      );
      return reply(res, 200, {
        experiments: list.map((e) => ({
          id: e.id,
          experimentTemplateId: e.experimentTemplateId,
          state: e.state,
          creationTime: e.creationTime,
          tags: e.tags ?? {},
        })),
      });
    }
    if (req.method === 'POST' && url.pathname === '/experiments') {
      calls.push({ op: 'StartExperiment', region, query, ...(body ? { body } : {}) });
      if (typeof body?.clientToken !== 'string' || typeof body.experimentTemplateId !== 'string')
        return reply(res, 400, { message: 'clientToken and experimentTemplateId are required' }, 'ValidationException');
      started = {
        templateId: body.experimentTemplateId,
        tags: (body.tags as Record<string, string> | undefined) ?? {},
      };
      return reply(res, 200, { experiment: withStart(script.sequence[0]!) });
    }
    if (byId && req.method === 'GET') {
      const id = decodeURIComponent(byId[1]!);
      calls.push({ op: 'GetExperiment', region, id, query });
      const old = script.history?.find((e) => e.id === id);
      if (old) return reply(res, 200, { experiment: old });
      if (id !== script.sequence[0]!.id)
        return reply(res, 404, { message: `experiment ${id} not found` }, 'ResourceNotFoundException');
      if (stopped) return reply(res, 200, { experiment: script.afterStop ? withStart(script.afterStop) : current() });
      reads += 1;
      return reply(res, 200, { experiment: current() });
    }
    if (byId && req.method === 'DELETE') {
      const id = decodeURIComponent(byId[1]!);
      calls.push({ op: 'StopExperiment', region, id, query });
      stopped = true;
      return reply(res, 200, { experiment: { ...current(), state: { status: 'stopping' } } });
    }
    rejected.push(`no operation for ${req.method} ${req.url}`);
    reply(res, 404, { message: 'unknown operation' }, 'ResourceNotFoundException');
  };
  const server = await startSignedServer(secrets, 'fis', handle);
  return { ...server, calls, close: () => server.close() };
}
