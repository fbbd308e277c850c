/**
 * The names the catalog causes (generated-names.ts) against the rules of the service that takes them, and against each
 * other: two entries whose final names are equal — after lib/names' rules, truncation included — would overwrite one
 * another (one vault, one PriorityClass) or fail to deploy, so they are reported at the entry that comes second, or at
 * the entry that takes a name the project uses itself.
 */
import { slug } from '../names';
import { generatedNames, type GeneratedName, type NameScope } from './generated-names';
import type { Problem } from './problems';
import type { Checkable } from './resolve';

interface NameRule {
  readonly max: number;
  readonly min?: number;
  readonly pattern: RegExp;
  /** What the pattern means, for the message. */
  readonly chars: string;
  /** A further rule: the reason the name breaks it. */
  readonly extra?: (name: string) => string | undefined;
  /** Where the rule is written down. */
  readonly source: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_CHARS = 'lowercase letters, digits and -, starting and ending with a letter or digit';
const K8S = 'Kubernetes object names (kubernetes.io/docs/concepts/overview/working-with-objects/names)';

const label = (max: number, why: string): NameRule => ({
  max,
  pattern: DNS_LABEL,
  chars: LABEL_CHARS,
  source: why,
});
const subdomain: NameRule = { max: 253, pattern: DNS_SUBDOMAIN, chars: `${LABEL_CHARS} (and .)`, source: K8S };

const BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export const NAME_RULES: Readonly<Record<string, NameRule>> = {
  's3-bucket': {
    min: 3,
    max: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    chars: 'lowercase letters, digits, . and -, starting and ending with a letter or digit',
    extra: (n) =>
      n.includes('..')
        ? 'two adjacent periods'
        : /^\d+\.\d+\.\d+\.\d+$/.test(n)
          ? 'the form of an IP address'
          : BUCKET_PREFIXES.find((p) => n.startsWith(p))
            ? `the reserved prefix ${BUCKET_PREFIXES.find((p) => n.startsWith(p))}`
            : BUCKET_SUFFIXES.find((s) => n.endsWith(s))
              ? `the reserved suffix ${BUCKET_SUFFIXES.find((s) => n.endsWith(s))}`
              : undefined,
    source: 'S3 bucket naming rules',
  },
  'db-identifier': {
    max: 63,
    pattern: /^[a-zA-Z][a-zA-Z0-9-]*$/,
    chars: 'letters, digits and -, starting with a letter',
    extra: (n) => (n.includes('--') ? 'two consecutive hyphens' : n.endsWith('-') ? 'a trailing hyphen' : undefined),
    source: 'RDS DBInstanceIdentifier',
  },
  'backup-vault': {
    min: 2,
    max: 50,
    pattern: /^[a-zA-Z0-9_-]+$/,
    chars: 'letters, digits, - and _',
    source: 'AWS Backup vault names',
  },
  // constructs/backup-plans.ts names each plan this and a rule label of up to 26 characters
  // (`-continuous-every-24h-copy`), within 50 (the console's limit for BackupPlanName, which it keeps to).
  'backup-plan': {
    max: 50 - '-continuous-every-24h-copy'.length,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    chars: 'letters, digits, -, _ and .',
    source: 'AWS Backup plan names with their rule label (50)',
  },
  'kms-alias': {
    max: 256,
    pattern: /^alias\/[a-zA-Z0-9/_-]+$/,
    chars: 'letters, digits, /, _ and -',
    extra: (n) => (n.startsWith('alias/aws/') ? 'the prefix alias/aws/, reserved for AWS managed keys' : undefined),
    source: 'AWS KMS alias names',
  },
  'iam-role': { max: 64, pattern: /^[\w+=,.@-]+$/, chars: 'letters, digits and +=,.@_-', source: 'IAM role names' },
  secret: {
    max: 512,
    pattern: /^[A-Za-z0-9/_+=.@-]+$/,
    chars: 'letters, digits and /_+=.@-',
    source: 'Secrets Manager secret names',
  },
  'sns-topic': { max: 256, pattern: /^[A-Za-z0-9_-]+$/, chars: 'letters, digits, _ and -', source: 'SNS topic names' },
  'ecr-repository': {
    min: 2,
    max: 256,
    pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    chars: 'lowercase letters, digits and ._-/',
    source: 'ECR repository names',
  },
  'audit-framework': {
    max: 256,
    pattern: /^[a-zA-Z][a-zA-Z0-9_]*$/,
    chars: 'letters, digits and _, starting with a letter',
    source: 'AWS Backup Audit Manager FrameworkName',
  },
  'restore-testing-plan': {
    max: 50,
    pattern: /^[a-zA-Z0-9_]+$/,
    chars: 'letters, digits and _',
    source: 'AWS Backup RestoreTestingPlanName',
  },
  stack: {
    max: 128,
    pattern: /^[A-Za-z][A-Za-z0-9-]*$/,
    chars: 'letters, digits and -, starting with a letter',
    source: 'CloudFormation stack names',
  },
  'org-policy': {
    max: 128,
    pattern: /^[\w+=,.@-]+$/,
    chars: 'letters, digits and +=,.@_-',
    source: 'AWS Organizations policy names',
  },
  'db-subnet-group': {
    max: 255,
    pattern: /^[a-z0-9 ._-]+$/,
    chars: 'lowercase letters, digits, space and ._-',
    source: 'RDS DBSubnetGroupName',
  },
  'db-parameter-group': {
    max: 255,
    pattern: /^[a-zA-Z][a-zA-Z0-9-]*$/,
    chars: 'letters, digits and -, starting with a letter',
    extra: (n) => (n.includes('--') ? 'two consecutive hyphens' : n.endsWith('-') ? 'a trailing hyphen' : undefined),
    source: 'RDS DBParameterGroupName',
  },
  'security-group': {
    max: 255,
    pattern: /^[\x20-\x7e]+$/,
    chars: 'printable ASCII',
    extra: (n) => (/^sg-/i.test(n) ? 'the prefix sg-, reserved for security group ids' : undefined),
    source: 'EC2 security group names',
  },
  'region-switch-plan': {
    max: 32,
    pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/,
    chars: 'letters, digits and -, starting and ending with a letter or digit',
    source: 'ARC Region switch plan names (ARC-1)',
  },
  'eks-cluster': {
    max: 100,
    pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
    chars: 'letters, digits, - and _, starting with a letter or digit',
    source: 'EKS cluster names',
  },
  // aws-cdk-lib 2.276's Canary validates names so (validateName): lowercase, digits, - and _, at most 255.
  'synthetics-canary': {
    max: 255,
    pattern: /^[0-9a-z_-]+$/,
    chars: 'lowercase letters, digits, - and _',
    source: 'CloudWatch Synthetics canary names (aws-cdk-lib Canary)',
  },
  'cloudwatch-alarm': { max: 255, pattern: /^[ -~]+$/, chars: 'printable ASCII', source: 'CloudWatch AlarmName' },
  'sns-subscription': { max: 320, pattern: /^\S+$/, chars: 'an e-mail address', source: 'SNS e-mail subscriptions' },
  'label-value': {
    max: 63,
    pattern: /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/,
    chars: 'letters, digits, -, _ and ., starting and ending with a letter or digit',
    source: 'Kubernetes label values',
  },
  // NAME_MAX of common file systems; the charts write <name>.k8s.yaml.
  'manifest-file': { max: 255, pattern: /^[^/\0]+$/, chars: 'no /', source: 'file names (NAME_MAX)' },
  'k8s:Namespace': label(63, `${K8S}: a namespace is a DNS-1123 label`),
  'k8s:Service': {
    ...label(63, `${K8S}: a Service is a DNS-1035 label`),
    pattern: DNS_1035,
    chars: `${LABEL_CHARS}, starting with a letter`,
  },
  // The controllers append suffixes: a CronJob's Jobs `-<minutes>` (11) and a StatefulSet's revision label `-<hash>`.
  'k8s:CronJob': label(52, `${K8S}: a CronJob's Jobs add 11 characters to a 63-character label`),
  'k8s:StatefulSet': label(52, `${K8S}: a StatefulSet's controller-revision-hash label adds 11 characters`),
  // A Job's name is the job-name label of its pods; cert-manager labels CertificateRequests with the Certificate's name.
  'k8s:Job': label(63, `${K8S}: a Job's name is its pods' job-name label`),
  'k8s:Certificate': label(63, `${K8S}: cert-manager's certificate-name label`),
  'k8s:PriorityClass': {
    ...subdomain,
    extra: (n) => (n.startsWith('system-') ? 'the prefix system-, reserved for system PriorityClasses' : undefined),
  },
};

function ruleOf(scope: NameScope): NameRule {
  return NAME_RULES[scope] ?? subdomain;
}

/** Why a name breaks its rule, or undefined. */
export function nameProblem(scope: NameScope, name: string): string | undefined {
  const rule = ruleOf(scope);
  const min = rule.min ?? 1;
  if (name.length > rule.max || name.length < min) {
    return `${name.length} characters; ${rule.source} allow ${min === 1 ? 'at most' : `${min} to`} ${rule.max}`;
  }
  if (!rule.pattern.test(name)) return `expected ${rule.chars} (${rule.source})`;
  const extra = rule.extra?.(name);
  return extra ? `it has ${extra} (${rule.source})` : undefined;
}

/** Problems of the generated names: each name over its limits, then each collision. */
export function nameProblems(raw: Checkable): Problem[] {
  const problems: Problem[] = [];
  if (raw.company !== undefined && !/^[a-z]/.test(slug(raw.company))) {
    problems.push({
      path: ['company'],
      message:
        'expected a name that starts with a letter: its lowercase words (lib/names slug) prefix every AWS name and stack name',
      value: raw.company,
    });
    return problems;
  }
  const names = generatedNames(raw);
  const reported = new Set<string>();
  const report = (path: Problem['path'], message: string, value: unknown) => {
    const key = `${path.join('.')}\u0000${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push({ path, message, value });
  };
  // A name that fits without the stage is the stage's problem: located at environment.stage, not at the entry.
  const stage = raw.environment?.stage;
  const unstaged =
    stage === undefined
      ? undefined
      : generatedNames({ ...raw, environment: { ...raw.environment!, stage: undefined } });
  names.forEach((n, i) => {
    const why = nameProblem(n.scope, n.name);
    if (!why) return;
    const without = unstaged?.[i];
    if (without && without.what === n.what && nameProblem(without.scope, without.name) === undefined) {
      report(
        ['environment', 'stage'],
        `expected a shorter stage: with it, ${n.what} is "${truncate(n.name)}": ${why}`,
        stage,
      );
    } else report(n.path, `gives ${n.what}, "${truncate(n.name)}": ${why}`, valueAt(raw, n.path));
  });
  const seen = new Map<string, GeneratedName>();
  // One collision per entry: an id that collides usually collides in every scope its names are in.
  const collided = new Set<string>();
  // The project's own names first, so an entry that takes one is the one reported.
  for (const n of [...names.filter((x) => x.own), ...names.filter((x) => !x.own)]) {
    const key = `${n.scope}\u0000${n.name}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, n);
      continue;
    }
    if (first.path.join('.') === n.path.join('.') || collided.has(n.path.join('.'))) continue;
    collided.add(n.path.join('.'));
    const other = first.own ? `the project's own ${first.what.replace(/^the /, '')}` : `${first.what}`;
    report(
      n.path,
      `expected ${n.path[n.path.length - 1] === 'id' ? 'an id' : 'a value'} whose names are its own: ${n.what} would be "${truncate(n.name)}", the same as ${other}`,
      valueAt(raw, n.path),
    );
  }
  return problems;
}

function truncate(name: string): string {
  return name.length > 80 ? `${name.slice(0, 77)}...` : name;
}

function valueAt(raw: Checkable, path: Problem['path']): unknown {
  let v: unknown = raw;
  for (const k of path) v = (v as Record<string | number, unknown> | undefined)?.[k];
  return v;
}
