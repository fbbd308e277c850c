/**
 * A local stand-in for AWS Backup on 127.0.0.1 (random port) that speaks its REST-JSON wire format for the
 * operations the audit reads, and STS's query format for GetCallerIdentity (the commands' preflight, answered with
 * `account`). Every request's SigV4 signature is verified; the test decides the answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySigV4 } from './sigv4';

export type Operation =
  | 'ListProtectedResources'
  | 'ListRecoveryPointsByResource'
  | 'ListRestoreJobsByProtectedResource'
  | 'ListBackupJobs'
  | 'ListCopyJobs'
  | 'DescribeBackupVault'
  | 'DescribeRecoveryPoint';

export interface Call {
  readonly op: Operation;
  readonly region: string;
  /** Path parameters, decoded: ResourceArn, BackupVaultName, RecoveryPointArn. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  /** For errors: the `x-amzn-ErrorType` header the SDK reads the error's name from. */
  readonly errorType?: string;
}

const ROUTES: readonly (readonly [Operation, RegExp, readonly string[]])[] = [
  ['ListProtectedResources', /^\/resources\/?$/, []],
  ['ListRecoveryPointsByResource', /^\/resources\/([^/]+)\/recovery-points\/?$/, ['ResourceArn']],
  ['ListRestoreJobsByProtectedResource', /^\/resources\/([^/]+)\/restore-jobs\/?$/, ['ResourceArn']],
  ['ListBackupJobs', /^\/backup-jobs\/?$/, []],
  ['ListCopyJobs', /^\/copy-jobs\/?$/, []],
  ['DescribeBackupVault', /^\/backup-vaults\/([^/]+)\/?$/, ['BackupVaultName']],
  [
    'DescribeRecoveryPoint',
    /^\/backup-vaults\/([^/]+)\/recovery-points\/([^/]+)\/?$/,
    ['BackupVaultName', 'RecoveryPointArn'],
  ],
];

export interface BackupServer {
  readonly url: string;
  readonly calls: Call[];
  /** GetCallerIdentity calls, by the Region they were signed for. */
  readonly identityCalls: string[];
  /** Requests that were not properly signed, or that matched no operation. */
  readonly rejected: string[];
  close(): Promise<void>;
}

function reply(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'x-amzn-requestid': 'local-test',
    ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}),
  });
  res.end(JSON.stringify(answer.body));
}

function replyXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'local-test' });
  res.end(xml);
}

/** STS speaks the query protocol: an XML answer, and errors in an ErrorResponse. */
function sts(res: ServerResponse, body: Buffer, account: string): void {
  const action = new URLSearchParams(body.toString('utf8')).get('Action');
  if (action !== 'GetCallerIdentity') {
    return replyXml(
      res,
      400,
      `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>not here: ${action}</Message></Error><RequestId>local-test</RequestId></ErrorResponse>`,
    );
  }
  replyXml(
    res,
    200,
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
      `<Arn>arn:aws:sts::${account}:assumed-role/dr-auditor/local</Arn><UserId>AROAFAKE:local</UserId><Account>${account}</Account>` +
      `</GetCallerIdentityResult><ResponseMetadata><RequestId>local-test</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );
}

export async function startBackupServer(
  secrets: Readonly<Record<string, string>>,
  answer: (call: Call) => Answer,
  account = '111111111111',
): Promise<BackupServer> {
  const calls: Call[] = [];
  const identityCalls: string[] = [];
  const rejected: string[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const signed = verifySigV4(req, body, secrets);
    if (!(signed instanceof Error) && signed.service === 'sts') {
      identityCalls.push(signed.region);
      return sts(res, body, account);
    }
    if (signed instanceof Error && req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      rejected.push(signed.message);
      return replyXml(
        res,
        403,
        `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error><RequestId>local-test</RequestId></ErrorResponse>`,
      );
    }
    if (signed instanceof Error || signed.service !== 'backup') {
      rejected.push(signed instanceof Error ? signed.message : `signed for ${signed.service}`);
      return reply(res, { status: 403, body: { message: 'bad signature' }, errorType: 'InvalidSignatureException' });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const [op, pattern, names] of ROUTES) {
      const m = req.method === 'GET' ? pattern.exec(url.pathname) : null;
      if (!m) continue;
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
      const call: Call = { op, region: signed.region, params, query: Object.fromEntries(url.searchParams) };
      calls.push(call);
      return reply(res, answer(call));
    }
    rejected.push(`no operation for ${req.method} ${req.url}`);
    reply(res, { status: 404, body: { message: 'unknown operation' }, errorType: 'UnknownOperationException' });
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    identityCalls,
    rejected,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
