/**
 * What the small signed API clients of this folder share (fis.ts, region-switch.ts): one HTTP(S) exchange, signed with
 * the SDK's own SigV4 signer (@smithy/signature-v4), its JSON answer parsed and checked with zod, and AWS's errors as
 * an error the audit prints like any SDK error.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SignatureV4 } from '@smithy/signature-v4';
import { z } from 'zod';

/** The service answered with an error (its error type, HTTP status and message), or its answer was not understood. */
export class AwsApiError extends Error {
  constructor(
    name: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = name;
  }
  /** The SDK's error shape, so errorText() prints it like any SDK error. */
  get $metadata(): { httpStatusCode?: number } {
    return this.status === undefined ? {} : { httpStatusCode: this.status };
  }
}

export type SignerInit = ConstructorParameters<typeof SignatureV4>[0];

/** What a client signing with the SDK's signer needs (lib/aws/fis.ts, lib/aws/region-switch.ts). */
export interface SignedClientOptions {
  readonly region: string;
  /** The SDK's default credential chain, e.g. an SDK client's resolved `config.credentials` (lib/audit's sdkClients). */
  readonly credentials: SignerInit['credentials'];
  /** SHA-256 as the SDK's signer takes it, e.g. an SDK client's resolved `config.sha256`. */
  readonly sha256: SignerInit['sha256'];
  /** Gives up on a request after this long. @default 15000 */
  readonly timeoutMs?: number;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** One HTTP(S) exchange (node:http, so a refused or unknown host keeps its socket error code). */
function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<Answer> {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The endpoint of a service: the SDK's own variables (`AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`), else its default. */
export function endpointFor(serviceVariable: string, fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`AWS_ENDPOINT_URL_${serviceVariable}`] || env.AWS_ENDPOINT_URL || fallback).replace(/\/+$/, '');
}

export interface SignedRequest {
  readonly signer: SignatureV4;
  readonly base: URL;
  /** Names the service in messages: "FIS answered …". */
  readonly service: string;
  /** Names the call in messages, e.g. `GET /experiments` or `ListPlanExecutions`. */
  readonly label: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  /** An error's type when the service puts it in the body (awsJson: `__type`) rather than `x-amzn-ErrorType`. */
  readonly errorTypeOf?: (json: Record<string, unknown>) => string | undefined;
}

/** Signs and sends the request, and returns its JSON answer checked against `schema`, or throws an AwsApiError. */
export async function signedJson<T>(r: SignedRequest, schema: z.ZodType<T>, make = AwsApiError): Promise<T> {
  const { base, method, label } = r;
  const query = r.query ?? {};
  const headers: Record<string, string> = { host: base.host, accept: 'application/json', ...r.headers };
  const basePath = base.pathname.replace(/\/+$/, '');
  const signed = await r.signer.sign({
    method,
    protocol: base.protocol,
    hostname: base.hostname,
    ...(base.port ? { port: Number(base.port) } : {}),
    path: `${basePath}${r.path}`,
    query,
    headers,
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
  const url = new URL(`${basePath}${r.path}`, base);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  let res: Answer;
  try {
    res = await send(url, method, signed.headers, r.body, r.timeoutMs);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const err = new make(
      code === 'ETIMEDOUT' ? 'TimeoutError' : 'NetworkError',
      undefined,
      `${code ?? (e as Error).message} (${method} ${url.origin}${url.pathname})`,
    );
    throw Object.assign(err, code ? { code } : {});
  }
  let json: unknown;
  try {
    json = res.text === '' ? {} : JSON.parse(res.text);
  } catch {
    throw new make('InvalidResponse', res.status, `${r.service} answered ${label} with no JSON`);
  }
  if (res.status < 200 || res.status > 299) {
    const header = res.headers['x-amzn-errortype'];
    const body = (json ?? {}) as Record<string, unknown>;
    const raw = (typeof header === 'string' && header) || r.errorTypeOf?.(body) || '';
    // `aws.protocols#…#Type:http://…` or `Type:…`: the type is the part after the last '#', before any ':'.
    const type = raw.split(':')[0]!.split('#').pop() || `HTTP${res.status}`;
    const message = body.message ?? body.Message;
    throw new make(type, res.status, typeof message === 'string' ? message : `${label} failed`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new make(
      'InvalidResponse',
      res.status,
      `${r.service} answered ${label} with an unexpected shape: ${issue?.path.join('.') || 'body'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/**
 * Every item of a list the service pages with `nextToken`: `read` fetches one page (the first without a token) and
 * checks it against the page schema it is given.
 */
export async function allPages<T>(
  key: string,
  item: z.ZodType<T>,
  read: (page: z.ZodType<unknown>, nextToken: string | undefined) => Promise<unknown>,
): Promise<T[]> {
  const page = z.object({ [key]: z.array(item).optional().default([]), nextToken: z.string().nullish() });
  const out: T[] = [];
  let nextToken: string | undefined;
  do {
    const p = (await read(page, nextToken)) as Record<string, unknown> & { nextToken?: string | null };
    out.push(...(p[key] as T[]));
    nextToken = p.nextToken ?? undefined;
  } while (nextToken);
  return out;
}
