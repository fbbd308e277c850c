/**
 * `stage: production` against the committed templates (the suite's one synthesized app, which the snapshots pin):
 * every AWS name and stack name in them is the one lib/names gives the Lomash Wood catalog with `stage: production`
 * written in, so declaring the production stage renames nothing.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { generatedNames } from '../../lib/catalog/generated-names';
import { catalogSchema } from '../../lib/catalog/schema';
import { loadCloudAssembly } from '../../lib/checker';
import { cdkOut } from '../support/synthesized';

const NAME_PROPERTY: Record<string, [scope: string, property: string]> = {
  'AWS::S3::Bucket': ['s3-bucket', 'BucketName'],
  'AWS::IAM::Role': ['iam-role', 'RoleName'],
  'AWS::Backup::BackupVault': ['backup-vault', 'BackupVaultName'],
  'AWS::KMS::Alias': ['kms-alias', 'AliasName'],
  'AWS::RDS::DBInstance': ['db-identifier', 'DBInstanceIdentifier'],
  'AWS::ECR::Repository': ['ecr-repository', 'RepositoryName'],
  'AWS::SecretsManager::Secret': ['secret', 'Name'],
  'AWS::SNS::Topic': ['sns-topic', 'TopicName'],
  'AWS::Backup::Framework': ['audit-framework', 'FrameworkName'],
  'AWS::Backup::RestoreTestingPlan': ['restore-testing-plan', 'RestoreTestingPlanName'],
  'AWS::RDS::DBSubnetGroup': ['db-subnet-group', 'DBSubnetGroupName'],
};

test('every name of the committed templates is what stage production gives', () => {
  const text = readFileSync('dr-targets.yaml', 'utf8').replace(
    /^environment:\n/m,
    'environment:\n  stage: production\n',
  );
  const predicted = new Set(
    generatedNames(catalogSchema.parse(parseDocument(text).toJS())).map((n) => `${n.scope} ${n.name}`),
  );
  let checked = 0;
  for (const stack of loadCloudAssembly(cdkOut())) {
    // Stack names are predicted with room for a shard suffix: the base name is what production keeps; the read
    // replicas' stack has no shards.
    const base = stack.name.replace(/Shard\d+$/, '');
    expect([...predicted].some((p) => p === `stack ${stack.name}` || p.startsWith(`stack ${base}Shard`))).toBe(true);
    for (const [id, r] of Object.entries(stack.resources)) {
      const rule = NAME_PROPERTY[r.Type];
      const name = rule && r.Properties?.[rule[1]];
      if (typeof name !== 'string') continue;
      checked++;
      expect([`${stack.name}/${id}`, predicted.has(`${rule[0]} ${name}`)]).toEqual([`${stack.name}/${id}`, true]);
    }
  }
  expect(checked).toBeGreaterThan(30);
});
