/**
 * Before `dr audit` and `dr drill --yes` read anything: which posture, whose credentials, which account and Regions;
 * every way that can fail is one message. STS over aws-sdk-client-mock (the built CLI against a local STS is in
 * integration.test.ts).
 */
import './support/aws-env';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { accessProblem, accountFor, AwsAccessError, preflight } from '../../lib/audit/aws/preflight';
import { choosePosture } from '../../lib/audit/setup';
import { run } from '../../bin/dr';
import { capture } from '../checker/io';
import { callerIs } from './support/account';

const sts = (region: string) => new STSClient({ region });

describe('preflight: one call per Region, the first failure is the message', () => {
  let mock: ReturnType<typeof callerIs>;
  afterEach(() => mock.restore());

  test('the account and caller of the credentials, every Region asked once', async () => {
    mock = callerIs('222222222222');
    const identity = await preflight(sts, ['eu-west-2', 'eu-west-1']);
    expect(identity).toEqual({
      account: '222222222222',
      arn: 'arn:aws:sts::222222222222:assumed-role/dr-auditor/test',
      regions: ['eu-west-2', 'eu-west-1'],
    });
    expect(mock.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
  });

  test('a Region that does not answer is named; the other is not asked again', async () => {
    mock = mockClient(STSClient);
    mock
      .on(GetCallerIdentityCommand)
      .resolvesOnce({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/a' })
      .rejects(Object.assign(new Error('getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' }));
    await expect(preflight(sts, ['eu-west-2', 'eu-west-1'])).rejects.toThrow(
      /^cannot reach AWS in eu-west-1 \(ENOTFOUND\): check the network, a proxy, or AWS_ENDPOINT_URL/,
    );
    expect(mock.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
  });

  test.each([
    [
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      /^no AWS credentials found .*: set AWS_PROFILE/,
    ],
    [
      Object.assign(new Error('The security token included in the request is invalid.'), {
        name: 'InvalidClientTokenId',
        $metadata: { httpStatusCode: 403 },
      }),
      /^AWS rejected the credentials in eu-west-2: InvalidClientTokenId \(HTTP 403\): The security token/,
    ],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), /^cannot reach AWS/],
    [
      Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }),
      /^cannot reach AWS in eu-west-2 \(timeout\)/,
    ],
    [
      Object.assign(new Error('boom'), { name: 'InternalFailure' }),
      /^cannot read AWS in eu-west-2: InternalFailure: boom/,
    ],
  ])('%s', (error, message) => {
    mock = mockClient(STSClient);
    expect(accessProblem(error, 'eu-west-2')).toMatch(message);
  });

  test('an account named by --account or CDK_DEFAULT_ACCOUNT must be the credentials’ own', () => {
    const identity = { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/a', regions: ['eu-west-2'] };
    mock = mockClient(STSClient);
    expect(accountFor(identity, undefined)).toBe('111111111111');
    expect(accountFor(identity, { account: '111111111111', from: '--account' })).toBe('111111111111');
    expect(() => accountFor(identity, { account: '333333333333', from: 'CDK_DEFAULT_ACCOUNT' })).toThrow(
      AwsAccessError,
    );
    expect(() => accountFor(identity, { account: '333333333333', from: 'CDK_DEFAULT_ACCOUNT' })).toThrow(
      /credentials are of account 111111111111 .* but CDK_DEFAULT_ACCOUNT names 333333333333/,
    );
  });
});

describe('which posture dr audit compares with', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-posture-choice-'));
    writeFileSync(join(dir, 'dr-targets.yaml'), 'version: 1\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('--posture wins; else the current synth; else the committed one', () => {
    expect(choosePosture('x.json', 'dr-targets.yaml', dir)).toEqual({ file: 'x.json', why: '--posture' });
    expect(choosePosture(undefined, 'dr-targets.yaml', dir)).toEqual({
      file: 'docs/dr-posture.json',
      why: 'the committed posture',
    });
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/dr-posture.json'), '{}');
    const old = new Date('2026-01-01T00:00:00Z');
    utimesSync(join(dir, 'dr-targets.yaml'), old, old);
    expect(choosePosture(undefined, 'dr-targets.yaml', dir)).toEqual({
      file: 'dist/dr-posture.json',
      why: 'the current synth',
    });
  });

  test('a synth posture older than the catalog is used, and said to be stale', () => {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/dr-posture.json'), '{}');
    const old = new Date('2026-01-01T00:00:00Z');
    utimesSync(join(dir, 'dist/dr-posture.json'), old, old);
    expect(choosePosture(undefined, 'dr-targets.yaml', dir)).toMatchObject({
      file: 'dist/dr-posture.json',
      stale: 'dr-targets.yaml changed after that synth: run `npm run synth` to audit against it',
    });
  });
});

describe('dr drill --yes: the preflight decides the account', () => {
  let mock: ReturnType<typeof callerIs>;
  afterEach(() => {
    mock.restore();
    delete process.env.CDK_DEFAULT_ACCOUNT;
  });

  test('CDK_DEFAULT_ACCOUNT other than the credentials’: one message, exit 2, nothing else read', async () => {
    mock = callerIs('111111111111');
    process.env.CDK_DEFAULT_ACCOUNT = '999999999999';
    const io = capture();
    await run(['drill', 'lomash_orders', '--yes'], io);
    expect(io.code).toBe(2);
    expect(io.err_).toEqual([
      expect.stringMatching(
        /^dr drill: the credentials are of account 111111111111 \(.*\), but CDK_DEFAULT_ACCOUNT names 999999999999/,
      ),
    ]);
    expect(mock.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });
});
