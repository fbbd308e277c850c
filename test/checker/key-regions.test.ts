/**
 * DR-KEY-REGION: a KMS key a resource names for another Region must be one the templates create there (OTH-10, OTH-11,
 * S3-14); otherwise the finding names the resource and property, and the replica it serves does not count.
 */
import { check, type StackArtifact } from '../../lib/checker';
import { keyRegions } from '../../lib/checker/key-regions';
import { artifacts, catalog, DR_STACK, PRIMARY_STACK, primary } from './fixture-app';
import { resource, stack } from './helpers';

const DR = { region: 'eu-west-1', account: '123456789012' } as const;
const alias = (name: string) => resource('AWS::KMS::Alias', { AliasName: name, TargetKeyId: { Ref: 'SecretsKey' } });
const key = () => resource('AWS::KMS::Key', { KeyPolicy: {} });
const secret = (KmsKeyId: unknown) =>
  resource('AWS::SecretsManager::Secret', { Name: 's', ReplicaRegions: [{ Region: 'eu-west-1', KmsKeyId }] });
/** A primary stack holding one secret, and a DR stack with (or without) the secrets key and its alias. */
function app(kmsKeyId: unknown, drKey = true): StackArtifact[] {
  const dr = stack('Dr', drKey ? { SecretsKey: key(), SecretsKeyAlias: alias('alias/co/secrets') } : {}, DR);
  return [
    stack('Primary', { Secret: secret(kmsKeyId), PrimaryKey: key() }),
    { ...dr, outputs: { SecretsKeyArn: { Value: { 'Fn::GetAtt': ['SecretsKey', 'Arn'] } } } },
  ];
}
const reasons = (stacks: StackArtifact[]) => keyRegions(stacks).findings.map((f) => f.message);
const output = (StackName: string, OutputName: string) => ({
  'Fn::GetStackOutput': { StackName, Region: 'eu-west-1', OutputName },
});

describe('DR-KEY-REGION: a key named for another Region must be created there by the templates', () => {
  test.each([
    ['an alias with no alias of that name in the DR stack (the templates before issue 14)', 'alias/co/secrets', false],
    [
      'a key of the primary stack (its Region is not the replica Region)',
      { 'Fn::GetAtt': ['PrimaryKey', 'Arn'] },
      true,
    ],
    ['a key ARN of the primary Region', 'arn:aws:kms:eu-west-2:123456789012:key/abc', true],
    ['a literal key ARN no stack creates', 'arn:aws:kms:eu-west-1:123456789012:key/abc', true],
    ['an output of a stack the templates do not hold', output('Elsewhere', 'X'), true],
    [
      'an alias ARN of an alias the DR stack does not create',
      'arn:aws:kms:eu-west-1:123456789012:alias/co/other',
      true,
    ],
  ])('refused: %s', (_what, value, drKey) => {
    const found = keyRegions(app(value, drKey)).findings;
    expect(found.map((f) => [f.rule, f.severity, f.where])).toEqual([
      ['DR-KEY-REGION', 'error', 'Primary/Secret (AWS::SecretsManager::Secret)'],
    ]);
    expect(found[0]!.message).toMatch(/ReplicaRegions\[0\]\.KmsKeyId .*eu-west-1/);
    expect(found[0]!.message).toMatch(/the replica in eu-west-1 would not be created \(OTH-10\)/);
  });

  test.each([
    ["the DR stack's key by a weak cross-Region reference (key ARN)", output('Dr', 'SecretsKeyArn')],
    ['an alias the DR stack creates', 'alias/co/secrets'],
    ['its alias ARN', 'arn:aws:kms:eu-west-1:123456789012:alias/co/secrets'],
    ['an AWS managed key, which exists in every Region', 'alias/aws/secretsmanager'],
  ])('accepted: %s', (_what, value) => {
    expect(reasons(app(value))).toEqual([]);
  });

  test('S3 replicas: the key must be of the destination bucket’s Region; RDS replicated backups of theirs', () => {
    const bucket = (ReplicaKmsKeyID: string) =>
      resource('AWS::S3::Bucket', {
        BucketName: 'src',
        ReplicationConfiguration: {
          Rules: [
            {
              Status: 'Enabled',
              Destination: { Bucket: 'arn:aws:s3:::dst', EncryptionConfiguration: { ReplicaKmsKeyID } },
            },
          ],
        },
      });
    const db = resource('AWS::RDS::DBInstance', {
      AutomaticBackupReplicationRegion: 'eu-west-1',
      AutomaticBackupReplicationKmsKeyId: 'arn:aws:kms:eu-west-2:123456789012:alias/co/rds',
    });
    const stacks = [
      stack('Primary', { Src: bucket('arn:aws:kms:eu-west-1:123456789012:alias/co/s3'), Db: db }),
      stack('Dr', { Dst: resource('AWS::S3::Bucket', { BucketName: 'dst' }), S3KeyAlias: alias('alias/co/s3') }, DR),
    ];
    expect(reasons(stacks)).toEqual([
      expect.stringMatching(
        /^Primary\/Db .*AutomaticBackupReplicationKmsKeyId names a key in eu-west-2 for use in eu-west-1/,
      ),
    ]);
    (stacks[1]!.resources as Record<string, unknown>).S3KeyAlias = alias('alias/co/elsewhere');
    expect(reasons(stacks)).toEqual([
      expect.stringMatching(
        /Src .*ReplicaKmsKeyID names alias\/co\/s3, which no stack of the templates creates in eu-west-1/,
      ),
      expect.stringMatching(/Primary\/Db /),
    ]);
  });

  test('the check: the finding fails it, and a replica whose key is not there does not count for the Region', () => {
    const a = artifacts();
    primary(a, 'AppSecret').ReplicaRegions = [{ Region: 'eu-west-1', KmsKeyId: 'alias/example-co/secrets' }];
    const r = check({ catalog: catalog(), artifacts: a, today: '2026-11-28' });
    expect(r.findings.filter((f) => f.rule === 'DR-KEY-REGION').map((f) => f.where)).toEqual([
      `${PRIMARY_STACK}/AppSecret (AWS::SecretsManager::Secret)`,
    ]);
    const mechanisms = r.entries.get('secrets')!.groups.flatMap((g) => g.mechanisms);
    expect(mechanisms).toEqual([{ id: 'secrets-manager', replicaRegions: [] }]);
    // With the alias in the DR stack, the same reference is the DR Region's key again.
    a.stacks.find((s) => s.name === DR_STACK)!.resources.SecretsKeyAlias = alias('alias/example-co/secrets');
    const ok = check({ catalog: catalog(), artifacts: a, today: '2026-11-28' });
    expect(ok.findings.filter((f) => f.rule === 'DR-KEY-REGION')).toEqual([]);
    expect(ok.entries.get('secrets')!.groups.flatMap((g) => g.mechanisms)).toEqual([
      { id: 'secrets-manager', replicaRegions: ['eu-west-1'] },
    ]);
  });
});
