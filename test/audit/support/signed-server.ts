/**
 * A local HTTP stand-in for an AWS service on 127.0.0.1 (random port), stopped with close(): every request's SigV4
 * signature is verified from first principles (./sigv4) and must be for `service`; a request that is not is answered
 * 403 and kept in `rejected`. The handler answers the rest.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySigV4, type SignedBy } from './sigv4';

export interface SignedServer {
  readonly url: string;
  /** Requests that were not properly signed for the service, or that the handler refused as unknown. */
  readonly rejected: string[];
  close(): Promise<void>;
}

export function reply(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': 'local-test',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
}

export async function startSignedServer(
  secrets: Readonly<Record<string, string>>,
  service: string,
  handle: (req: IncomingMessage, res: ServerResponse, raw: Buffer, signed: SignedBy, rejected: string[]) => void,
): Promise<SignedServer> {
  const rejected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signed = verifySigV4(req, raw, secrets);
      if (signed instanceof Error || signed.service !== service) {
        rejected.push(signed instanceof Error ? signed.message : `signed for ${signed.service}, not ${service}`);
        return reply(res, 403, { message: 'bad signature' }, 'InvalidSignatureException');
      }
      handle(req, res, raw, signed, rejected);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rejected,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
