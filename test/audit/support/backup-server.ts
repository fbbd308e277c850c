/**
 * A local stand-in for AWS Backup on 127.0.0.1 (random port) that speaks its REST-JSON wire format for the
 * operations the audit reads. Every request's SigV4 signature is verified; the test decides the answers.
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

export async function startBackupServer(
  secrets: Readonly<Record<string, string>>,
  answer: (call: Call) => Answer,
): Promise<BackupServer> {
  const calls: Call[] = [];
  const rejected: string[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const signed = verifySigV4(req, body, secrets);
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
    rejected,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
