/**
 * Verifies an AWS Signature Version 4 on an incoming request, from first principles (the canonical request of the
 * SigV4 specification), so the test does not trust the SDK's own signer to check the SDK.
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

export interface SignedBy {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(search: string): string {
  const pairs = [...new URLSearchParams(search)].map(([k, v]) => [rfc3986(k), rfc3986(v)] as const);
  return pairs
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Non-S3 services sign the path with each segment URI-encoded once more (the SDK sends it encoded once). */
function canonicalPath(path: string): string {
  return path
    .split('/')
    .map((segment) => rfc3986(segment))
    .join('/');
}

/** Who signed the request, or an error saying what is wrong with the signature. */
export function verifySigV4(
  req: IncomingMessage,
  body: Buffer,
  secrets: Readonly<Record<string, string>>,
): SignedBy | Error {
  const auth = req.headers.authorization;
  const m = auth ? AUTH.exec(auth) : null;
  if (!m) return new Error(`no SigV4 Authorization header: ${auth ?? '(none)'}`);
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  const secret = secrets[accessKeyId!];
  if (!secret) return new Error(`unknown access key ${accessKeyId}`);
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date!)) return new Error(`x-amz-date ${amzDate} does not match the credential date ${date}`);
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers = signedHeaders!.split(';');
  const canonicalHeaders = headers
    .map(
      (h) =>
        `${h}:${String(req.headers[h] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? sha256(body));
  const canonical = [
    req.method,
    canonicalPath(url.pathname),
    canonicalQuery(url.search),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), service!), 'aws4_request');
  const expected = createHmac('sha256', key).update(toSign).digest('hex');
  if (expected !== signature) return new Error(`signature mismatch for ${req.method} ${req.url}`);
  if (!headers.includes('host') || !headers.includes('x-amz-date'))
    return new Error(`host and x-amz-date must be signed: ${signedHeaders}`);
  return { accessKeyId: accessKeyId!, region: region!, service: service! };
}
