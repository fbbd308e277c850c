/**
 * `dr audit` and the ECR registry's replication, which a deploy takes over (ECR-1): the rule the templates write is
 * ok; rules they do not write are named (a deploy would fail on them, or replace them); no rule is a breach.
 */
import './support/aws-env';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeRegistryCommand } from '@aws-sdk/client-ecr';
import { run } from '../../bin/dr';
import type { Io } from '../../bin/io';
import { exitCodeOf, runAudit } from '../../lib/audit/audit';
import { judgeRegistry, type RegistryExpectation, type RegistryRule } from '../../lib/audit/registry';
import { auditTable } from '../../lib/audit/report';
import { postureJson } from '../../lib/posture';
import { ago, awsError, clients, healthyAccountPerTest, LOMASH_REPLICATION, NOW } from './support/account';
import { load } from './support/lomash';

const lomash = load();
const expected: RegistryExpectation = {
  regions: ['eu-west-1'],
  prefix: 'lomash-wood/',
  account: '111111111111',
  region: 'eu-west-2',
};
const ours = LOMASH_REPLICATION.rules[0]!;
const theirs = {
  destinations: [{ region: 'us-east-1', registryId: '111111111111' }],
  repositoryFilters: [{ filter: 'legacy/', filterType: 'PREFIX_MATCH' as const }],
};

describe('judgeRegistry: the account’s replication rules against the one the templates write', () => {
  test.each([
    ['only ours', [ours], 'ok', /replicates lomash-wood\/\* to eu-west-1, as the templates write it/],
    [
      'ours and another',
      [ours, theirs],
      'warning',
      /has 1 replication rule\(s\) the templates do not write: the next deploy replaces the whole list, and deleting the stack empties it \(ECR-1\)/,
    ],
    [
      'none: not deployed, or removed',
      [],
      'breach',
      /does not replicate lomash-wood\/\* to eu-west-1.*; deploy the stacks/,
    ],
    [
      'only another (before the first deploy)',
      [theirs],
      'breach',
      /CloudFormation refuses to create the replication configuration while the registry has rules \(ECR-1\)/,
    ],
    [
      'ours to the wrong Region',
      [{ ...ours, destinations: [{ region: 'us-west-2', registryId: '111111111111' }] }],
      'breach',
      /has 1 replication rule\(s\) the templates do not write/,
    ],
    [
      'ours for another prefix',
      [{ ...ours, repositoryFilters: [{ filter: 'lomash/', filterType: 'PREFIX_MATCH' }] }],
      'breach',
      /does not replicate/,
    ],
  ] as [string, RegistryRule[], string, RegExp][])('%s', (_what, rules, severity, message) => {
    const f = judgeRegistry(expected, rules);
    expect([f.check, f.region, f.severity]).toEqual(['ecr-replication', 'eu-west-2', severity]);
    expect(f.message).toMatch(message);
  });
});

describe('runAudit with the registry expectation', () => {
  const account = healthyAccountPerTest(lomash.targets);
  const options = { regions: ['eu-west-2', 'eu-west-1'], since: ago(7 * 86400), now: NOW, registry: expected };

  test('a healthy registry: ok, in the table, read once in the primary Region; exit 0', async () => {
    const report = await runAudit(lomash.targets, [], clients(), options);
    expect(report.registry).toEqual([expect.objectContaining({ severity: 'ok' })]);
    expect(exitCodeOf(report)).toBe(0);
    expect(auditTable(report).join('\n')).toMatch(/\(ECR registry\)\s+ok\s+ecr-replication\s+eu-west-2/);
    const calls = account().ecr.commandCalls(DescribeRegistryCommand);
    expect(calls).toHaveLength(1);
    expect(await calls[0]!.thisValue.config.region()).toBe('eu-west-2');
  });

  test('a registry without our rule is a breach of the whole report: exit 1', async () => {
    account()
      .ecr.on(DescribeRegistryCommand)
      .resolves({ replicationConfiguration: { rules: [theirs] } });
    const report = await runAudit(lomash.targets, [], clients(), options);
    expect([report.severity, exitCodeOf(report)]).toEqual(['breach', 1]);
  });

  test('the registry cannot be read: unaudited, with the reason; exit 2', async () => {
    account()
      .ecr.on(DescribeRegistryCommand)
      .rejects(awsError('AccessDeniedException', 403, 'no ecr:DescribeRegistry'));
    const report = await runAudit(lomash.targets, [], clients(), options);
    expect(report.registry[0]).toMatchObject({
      severity: 'unaudited',
      message: expect.stringMatching(/ecr:DescribeRegistry\): AccessDeniedException \(HTTP 403\)/),
    });
    expect(exitCodeOf(report)).toBe(2);
  });

  test('dr audit (CLI) checks the registry the catalog’s plan replicates, unless only the DR Region is audited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dr-audit-ecr-'));
    try {
      const posture = join(dir, 'posture.json');
      writeFileSync(posture, postureJson(lomash.posture));
      const io: Io & { lines: string[]; code?: number } = {
        lines: [],
        out: (l) => io.lines.push(l),
        err: () => undefined,
        exit: (c) => (io.code = c),
      };
      await run(['audit', '--posture', posture, '--json'], io);
      expect((JSON.parse(io.lines.join('\n')) as { registry: unknown[] }).registry).toEqual([
        expect.objectContaining({ check: 'ecr-replication', severity: 'ok', region: 'eu-west-2' }),
      ]);
      io.lines.length = 0;
      await run(['audit', '--posture', posture, '--json', '--region', 'eu-west-1'], io);
      expect((JSON.parse(io.lines.join('\n')) as { registry: unknown[] }).registry).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
