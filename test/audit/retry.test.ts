/**
 * Throttling then success. aws-sdk-client-mock replaces `send` and with it the SDK's retry middleware, so this case
 * runs the real client (signing, retry, deserialization) over a stub request handler instead: no socket is opened.
 */
import './support/aws-env';
import { Readable } from 'node:stream';
import { BackupClient } from '@aws-sdk/client-backup';
import { newestRecoveryPoint } from '../../lib/aws/reads';

interface StubRequest {
  readonly path: string;
  readonly query?: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
}

function stubHandler(responses: readonly { status: number; body: unknown; errorType?: string }[]) {
  const seen: StubRequest[] = [];
  let i = 0;
  return {
    seen,
    handler: {
      handle: async (request: StubRequest) => {
        seen.push({
          path: request.path,
          headers: { ...request.headers },
          ...(request.query ? { query: { ...request.query } } : {}),
        });
        const r = responses[Math.min(i++, responses.length - 1)]!;
        return {
          response: {
            statusCode: r.status,
            headers: {
              'content-type': 'application/json',
              ...(r.errorType ? { 'x-amzn-errortype': r.errorType } : {}),
            },
            body: Readable.from([Buffer.from(JSON.stringify(r.body))]),
          },
        };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    },
  };
}

const POINT = {
  RecoveryPointArn: 'arn:aws:backup:eu-west-2:111111111111:recovery-point:rp-1',
  CreationDate: 1795000000,
  Status: 'COMPLETED',
};

describe('the SDK retries throttling', () => {
  test('429 ThrottlingException, then the page: the newest point is read, two requests were sent', async () => {
    const stub = stubHandler([
      { status: 429, body: { message: 'Rate exceeded' }, errorType: 'ThrottlingException' },
      { status: 200, body: { RecoveryPoints: [POINT] } },
    ]);
    const client = new BackupClient({ region: 'eu-west-2', requestHandler: stub.handler });
    const newest = await newestRecoveryPoint(client, 'arn:aws:s3:::bucket');
    expect(newest).toMatchObject({ arn: POINT.RecoveryPointArn, status: 'COMPLETED' });
    expect(newest!.created.getTime()).toBe(POINT.CreationDate * 1000);
    expect(stub.seen).toHaveLength(2);
    expect(stub.seen[1]!.headers['amz-sdk-request']).toMatch(/attempt=2/);
  });

  test('throttled on every attempt: the error reaches the caller (and the audit marks the asset unaudited)', async () => {
    const stub = stubHandler([{ status: 429, body: { message: 'Rate exceeded' }, errorType: 'ThrottlingException' }]);
    const client = new BackupClient({ region: 'eu-west-2', requestHandler: stub.handler, maxAttempts: 2 });
    await expect(newestRecoveryPoint(client, 'arn:aws:s3:::bucket')).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(stub.seen).toHaveLength(2);
  });
});
