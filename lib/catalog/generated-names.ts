/**
 * Every name the catalog causes, computed with lib/names exactly as the constructs and charts compute them: AWS
 * resource names (buckets, roles, vaults, aliases, databases, repositories, plans…), Kubernetes object names per kind,
 * label values and manifest file names. Each carries where in the catalog it comes from, so a name over a limit or two
 * entries that end up with the same final name are located errors (names-check.ts). Where whether a name exists depends
 * on the plan (an RDB-shipping CronJob, a replication role), it is listed for every entry that may get it: validation
 * errs on the side of refusing a name that might be built.
 * test/catalog/agreement.test.ts checks that every name of an app synthesized at the limits is listed here.
 */
import {
  alertsTopicName,
  auditFrameworkName,
  backupPlanName,
  backupServiceRoleName,
  breakGlassRoleName,
  bucketName,
  canaryRoleName,
  databaseIdentifier,
  azStopAlarmName,
  databaseUnavailableAlarmName,
  databaseSecretName,
  dbParameterGroupName,
  dbSubnetGroupName,
  drClusterName,
  drDatabaseSecurityGroupName,
  externalSecretsRoleName,
  fisRoleName,
  healthCanaryName,
  k8s,
  k8sName,
  kmsAlias,
  organizationStackName,
  orgBackupPolicyName,
  preDeployBackupRoleName,
  preDeployBackupServiceRoleName,
  rdbShippingRoleName,
  rdsMonitoringRoleName,
  regionSwitchPlanName,
  regionSwitchReportBucketName,
  reportsBucketName,
  repositoryName,
  restoreTestingPlanName,
  restoreTestingRoleName,
  roleName,
  rtoAlarmName,
  sloAlarmName,
  SLO_WINDOW_SLUGS,
  secretName,
  namePrefix,
  snapshotBucketName,
  replicaStackName,
  stackName,
  vaultName,
  type NamingContext,
} from '../names';
import type { Path } from './problems';
import type { Checkable } from './resolve';

/** Which kind of name: the limits and the collision scope (names of one scope must differ). */
export type NameScope =
  | 's3-bucket'
  | 'db-identifier'
  | 'backup-vault'
  | 'backup-plan'
  | 'kms-alias'
  | 'iam-role'
  | 'secret'
  | 'sns-topic'
  | 'ecr-repository'
  | 'audit-framework'
  | 'restore-testing-plan'
  | 'stack'
  | 'org-policy'
  | 'db-subnet-group'
  | 'eks-cluster'
  | 'db-parameter-group'
  | 'security-group'
  | 'region-switch-plan'
  | 'label-value'
  | 'sns-subscription'
  | 'manifest-file'
  | 'synthetics-canary'
  | 'cloudwatch-alarm'
  | `k8s:${string}`;

export interface GeneratedName {
  readonly scope: NameScope;
  readonly name: string;
  /** The catalog field it comes from (an id, the company, the namespace). */
  readonly path: Path;
  /** What it is, for messages: "the StatefulSet of redis asset sessions". */
  readonly what: string;
  /** Names the project gives itself (from the company alone): another entry taking one is a collision with it. */
  readonly own?: boolean;
}

/** The key purposes of constructs/keys.ts (KeyPurpose): one alias each per Region. */
const KEY_PURPOSES = ['rds', 's3', 'backup', 'secrets', 'ops', 'ecr'] as const;
/** Shard stacks are `<stack>Shard<n>`: names are checked with room for four digits of n. */
const SHARD_ROOM = 'Shard9999';
const SECRET_STORE = 'aws-secrets-manager';
const RDS_KINDS = new Set(['postgres', 'mysql']);

export function namingOf(raw: Checkable): NamingContext | undefined {
  const env = raw.environment;
  if (raw.company === undefined || !env) return undefined;
  return {
    prefix: namePrefix(raw.company, env.stage),
    account: env.account,
    primaryRegion: env.regions.primary,
    drRegion: env.regions.dr,
  };
}

export function generatedNames(raw: Checkable): GeneratedName[] {
  const out: GeneratedName[] = [];
  const naming = namingOf(raw);
  const add = (scope: NameScope, name: string, path: Path, what: string, own = false) =>
    out.push({ scope, name, path, what, ...(own ? { own } : {}) });
  const company = ['company'];
  const namespace = raw.environment?.kubernetes.namespace;
  if (namespace !== undefined) {
    add('k8s:Namespace', namespace, ['environment', 'kubernetes', 'namespace'], 'the Kubernetes namespace');
  }
  add('manifest-file', 'platform.k8s.yaml', [], "the platform chart's manifest file", true);
  add('manifest-file', 'secrets.k8s.yaml', [], "the secrets chart's manifest file", true);
  add('k8s:SecretStore', SECRET_STORE, [], 'the SecretStore', true);
  for (const policy of ['default-deny', 'allow-dns', 'allow-job-aws-apis']) {
    add('k8s:NetworkPolicy', policy, [], `the namespace's ${policy} NetworkPolicy`, true);
  }

  if (naming) {
    const sides = ['primary', 'dr'] as const;
    for (const side of sides) {
      add('s3-bucket', bucketName(naming, 'access-logs', side), company, `the ${side} access-log bucket`, true);
      add('s3-bucket', snapshotBucketName(naming, side), company, `the ${side} Redis snapshot bucket`, true);
      add('iam-role', roleName(naming, `redis-snapshots-replication-${side}`), company, 'a replication role', true);
      add(
        'stack',
        `${stackName(naming, side)}${SHARD_ROOM}`,
        company,
        `the ${side} stacks (with a shard suffix)`,
        true,
      );
      add(
        'iam-role',
        roleName(naming, `flow-logs-${naming[side === 'primary' ? 'primaryRegion' : 'drRegion']}`),
        company,
        'the flow-log role',
        true,
      );
    }
    add(
      'iam-role',
      roleName(naming, `ecr-replica-template-${naming.drRegion}`),
      company,
      "the ECR replica template's role",
      true,
    );
    add('stack', organizationStackName(naming), company, 'the organisation stack', true);
    add('stack', replicaStackName(naming), company, "the DR Region's read replica stack", true);
    for (const [name, what] of [
      [backupServiceRoleName(naming), 'the AWS Backup service role'],
      [restoreTestingRoleName(naming), 'the restore-testing role'],
      [rdsMonitoringRoleName(naming), 'the RDS monitoring role'],
      [externalSecretsRoleName(naming), 'the External Secrets role'],
      [breakGlassRoleName(naming), 'the break-glass role'],
    ] as const) {
      add('iam-role', name, company, what, true);
    }
    for (const purpose of KEY_PURPOSES)
      add('kms-alias', kmsAlias(naming, purpose), company, `the ${purpose} key alias`, true);
    add('sns-topic', alertsTopicName(naming), company, 'the alerts topic', true);
    add('s3-bucket', reportsBucketName(naming), company, 'the bucket of canary artifacts and experiment reports', true);
    add('iam-role', canaryRoleName(naming), company, "the health canaries' role", true);
    add('iam-role', fisRoleName(naming), company, "the fault-injection experiments' role", true);
    add('cloudwatch-alarm', azStopAlarmName(naming), company, "the zone experiments' stop alarm", true);
    add('db-subnet-group', dbSubnetGroupName(naming), company, 'the DB subnet group', true);
    const compute = raw.environment?.drCompute;
    const drNetwork = raw.environment?.network?.[naming.drRegion] !== undefined || compute?.kind === 'pilot-light';
    if (drNetwork) {
      add(
        'security-group',
        drDatabaseSecurityGroupName(naming),
        company,
        "the DR Region's database security group",
        true,
      );
      const kinds = new Set(raw.assets.flatMap((a) => (a && RDS_KINDS.has(a.kind) ? [a.kind] : [])));
      for (const kind of kinds) {
        add('db-parameter-group', dbParameterGroupName(naming, kind), company, `the DR ${kind} parameter group`, true);
      }
    }
    if (compute?.kind === 'pilot-light') {
      add('region-switch-plan', regionSwitchPlanName(naming), company, 'the Region switch plan', true);
      add('s3-bucket', regionSwitchReportBucketName(naming), company, "the Region switch plan's report bucket", true);
      for (const [purpose, what] of [
        ['region-switch', "the Region switch plan's execution role"],
        ['region-switch-approver', "the Region switch plan's approver role"],
        ['region-switch-steps', "the Region switch plan's custom-step role"],
        ['external-secrets-dr', "the standby cluster's External Secrets role"],
        ['dr-cluster', "the standby cluster's role"],
        ['dr-nodes', "the standby cluster's node role"],
      ] as const) {
        add('iam-role', roleName(naming, purpose), company, what, true);
      }
    }
    if (compute?.kind === 'pilot-light' && compute.cluster === 'create') {
      const named = raw.environment?.kubernetes.clusters.dr;
      const path = named === undefined ? company : ['environment', 'kubernetes', 'clusters', 'dr'];
      add('eks-cluster', named ?? drClusterName(naming), path, 'the DR cluster', named === undefined);
    }
  }

  raw.tiers.forEach((t, i) => {
    if (!t) return;
    const at = ['tiers', i, 'id'];
    const of = `of tier ${t.id}`;
    add('label-value', t.id, at, `the dr/tier label ${of}`);
    if (naming) {
      add('backup-vault', vaultName(naming, t.id), at, `the backup vault ${of}`);
      add('backup-plan', backupPlanName(naming, t.id), at, `the backup plan name ${of}`);
      add('audit-framework', auditFrameworkName(naming, t.id), at, `the audit framework ${of}`);
      add('org-policy', orgBackupPolicyName(naming, t.id), at, `the organisation backup policy ${of}`);
      add('k8s:PriorityClass', k8s.priorityClass(naming.prefix, t.id), at, `the PriorityClass ${of}`);
    }
  });

  raw.services.forEach((s, i) => {
    if (!s) return;
    const at = ['services', i, 'id'];
    const name = k8s.deployment(s.id);
    const of = `of service ${s.id}`;
    add('label-value', s.id, at, `the dr/service label ${of}`);
    add('manifest-file', `${name}.k8s.yaml`, at, `the manifest file ${of}`);
    for (const kind of [
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'ServiceAccount',
      'Service',
      'NetworkPolicy',
    ]) {
      add(`k8s:${kind}`, name, at, `the ${kind} ${of}`);
    }
    if (naming) add('ecr-repository', repositoryName(naming, s.id), at, `the ECR repository ${of}`);
    if (naming && s.health) {
      add('cloudwatch-alarm', rtoAlarmName(naming, s.id), at, `the RTO alarm ${of}`);
      for (const w of SLO_WINDOW_SLUGS) {
        add('cloudwatch-alarm', sloAlarmName(naming, s.id, w), at, `the SLO ${w} burn-rate alarm ${of}`);
        for (const part of ['long', 'short'] as const)
          add('cloudwatch-alarm', sloAlarmName(naming, s.id, w, part), at, `the SLO ${w} ${part}-window alarm ${of}`);
      }
      if ('url' in s.health) add('synthetics-canary', healthCanaryName(naming, s.id), at, `the health canary ${of}`);
    }
  });

  const redisRestored = new Set(raw.drills.flatMap((d) => (d && d.kind === 'redis-restore' ? d.assets : [])));
  raw.assets.forEach((a, i) => {
    if (!a) return;
    const at = ['assets', i, 'id'];
    const base = k8sName(a.id);
    const of = `of ${a.kind} asset ${a.id}`;
    add('label-value', a.id, at, `the dr/asset label ${of}`);
    if (a.kind === 'redis' || a.kind === 'redis-cache') {
      add('manifest-file', `${base}.k8s.yaml`, at, `the manifest file ${of}`);
      add('k8s:ConfigMap', k8s.redisConfig(a.id), at, `the configuration ConfigMap ${of}`);
      add('k8s:ConfigMap', `${base}-scripts`, at, `the scripts ConfigMap ${of}`);
      add('k8s:ExternalSecret', `${base}-auth`, at, `the auth ExternalSecret ${of}`);
      add('k8s:Secret', `${base}-auth`, at, `the auth Secret ${of}`);
      // cert-manager labels each CertificateRequest with its Certificate's name: a label value, at most 63.
      add('k8s:Certificate', `${base}-tls`, at, `the TLS Certificate ${of}`);
      add('k8s:Secret', `${base}-tls`, at, `the TLS Secret ${of}`);
      add('k8s:ServiceAccount', base, at, `the ServiceAccount ${of}`);
      add('k8s:Service', base, at, `the Service ${of}`);
      add('k8s:PodDisruptionBudget', base, at, `the PodDisruptionBudget ${of}`);
      add('k8s:NetworkPolicy', base, at, `the NetworkPolicy ${of}`);
      add('k8s:PodMonitor', base, at, `the PodMonitor ${of}`);
    }
    if (a.kind === 'redis-cache') {
      add('k8s:Deployment', base, at, `the Deployment ${of}`);
      add('k8s:HorizontalPodAutoscaler', base, at, `the HorizontalPodAutoscaler ${of}`);
    }
    if (a.kind === 'redis') {
      add('k8s:StatefulSet', base, at, `the StatefulSet ${of}`);
      add('k8s:Service', `${base}-headless`, at, `the headless Service ${of}`);
      add('k8s:Service', `${base}-sentinel`, at, `the Sentinel Service ${of}`);
      add('k8s:PrometheusRule', base, at, `the PrometheusRule ${of}`);
      add('k8s:ServiceAccount', `${base}-rdb-shipping`, at, `the RDB-shipping ServiceAccount ${of}`);
      add('k8s:CronJob', `${base}-rdb-shipping`, at, `the RDB-shipping CronJob ${of}`);
      add('k8s:NetworkPolicy', `${base}-rdb-shipping`, at, `the RDB-shipping NetworkPolicy ${of}`);
      if (redisRestored.has(a.id)) add('k8s:CronJob', `${base}-restore-test`, at, `the restore-test CronJob ${of}`);
      if (naming) {
        add('k8s:StorageClass', k8s.storageClass(naming.prefix, a.id), at, `the StorageClass ${of}`);
        add('iam-role', rdbShippingRoleName(naming, a.id), at, `the RDB-shipping role ${of}`);
      }
      if (naming && raw.environment?.drCompute?.kind === 'pilot-light') {
        add('k8s:NetworkPolicy', `${base}-seed`, at, `the DR seed NetworkPolicy ${of}`);
        add('iam-role', roleName(naming, `${a.id}-dr-seed`), at, `the DR seed role ${of}`);
      }
    }
    if (a.kind === 'secret') {
      add('k8s:ExternalSecret', base, at, `the ExternalSecret ${of}`);
      add('k8s:Secret', base, at, `the Secret ${of}`);
      if (naming) add('secret', secretName(naming, a.id), at, `the Secrets Manager secret ${of}`);
    }
    if (RDS_KINDS.has(a.kind) && naming) {
      add('db-identifier', databaseIdentifier(naming, a.id), at, `the DB instance identifier ${of}`);
      add('secret', databaseSecretName(naming, a.id), at, `the master-user secret ${of}`);
      // Listed for every database: whether it is Multi-AZ (and gets an experiment) depends on the plan.
      add('cloudwatch-alarm', databaseUnavailableAlarmName(naming, a.id), at, `the unavailability alarm ${of}`);
    }
    if (RDS_KINDS.has(a.kind) && a.preDeploySnapshot) {
      add('k8s:Job', `${base}-pre-deploy-backup`, at, `the pre-deploy backup Job ${of}`);
      add('k8s:ServiceAccount', `${base}-pre-deploy-backup`, at, `the pre-deploy backup ServiceAccount ${of}`);
      if (naming) {
        add('iam-role', preDeployBackupRoleName(naming, a.id), at, `the pre-deploy backup role ${of}`);
        add('iam-role', preDeployBackupServiceRoleName(naming, a.id), at, `the pre-deploy backup service role ${of}`);
      }
    }
    if (a.kind === 'object-store' && naming) {
      for (const side of ['primary', 'dr'] as const) {
        add('s3-bucket', bucketName(naming, a.id, side), at, `the ${side} bucket ${of}`);
        add('iam-role', roleName(naming, `${a.id}-replication-${side}`), at, `the ${side} replication role ${of}`);
      }
    }
  });

  // Each notified contact is one e-mail subscription of the alerts topic: the same address twice is one subscription.
  raw.contacts.forEach((c, i) => {
    if (c?.notify)
      add(
        'sns-subscription',
        c.email.toLowerCase(),
        ['contacts', i, 'email'],
        `the alert subscription of contact ${c.id}`,
      );
  });

  raw.drills.forEach((d, i) => {
    if (!d || d.kind !== 'pitr-restore' || !naming) return;
    add(
      'restore-testing-plan',
      restoreTestingPlanName(naming, d.id),
      ['drills', i, 'id'],
      `the restore testing plan of drill ${d.id}`,
    );
  });
  return out;
}
