/**
 * Malformed catalogs: each edit of a small valid catalog must be reported with the exact located message — file,
 * line, column, the entry, the field, the value and what was expected — and nothing may be written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogError } from '../../lib/catalog';
import { synthesize } from '../../bin/synth-app';
import { problemsOf } from './problems';

const FIXTURE = join(__dirname, '..', 'fixtures', 'minimal.yaml');
const base = readFileSync(FIXTURE, 'utf8');

/** Replace the first occurrence of `from`; fails the test if the fixture no longer has it. */
function r(from: string, to: string) {
  return (text: string): string => {
    if (!text.includes(from)) throw new Error(`fixture no longer contains ${JSON.stringify(from)}`);
    return text.replace(from, to);
  };
}

interface Case {
  readonly name: string;
  readonly edit: (text: string) => string;
  readonly expected: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: 'unknown top-level key',
    edit: r('profile: sandbox', 'profile: sandbox\nowner: me'),
    expected: [
      'minimal.yaml:4:1: catalog: owner: unknown key; expected one of version, company, profile, environment, contacts, tiers, services, assets, drills, drillLog, evidence, businessImpact, slaPolicy',
    ],
  },
  {
    name: 'wrong version',
    edit: r('version: 1', 'version: 2'),
    expected: ['minimal.yaml:1:10: catalog: version: got 2; expected version: 1'],
  },
  {
    name: 'bad profile',
    edit: r('profile: sandbox', 'profile: staging'),
    expected: ['minimal.yaml:3:10: catalog: profile: got "staging"; expected production or sandbox'],
  },
  {
    name: 'account not 12 digits',
    edit: r('"123456789012"', '"1234"'),
    expected: ['minimal.yaml:5:12: environment: account: got "1234"; expected a 12-digit AWS account id in quotes'],
  },
  {
    name: 'unquoted account number',
    edit: r('"123456789012"', '123456789012'),
    expected: [
      'minimal.yaml:5:12: environment: account: got 123456789012; expected a 12-digit AWS account id in quotes',
    ],
  },
  {
    name: 'same primary and dr region',
    edit: r('dr: eu-west-1 }', 'dr: eu-west-2 }'),
    expected: ['minimal.yaml:6:38: environment: regions.dr: got "eu-west-2"; expected a Region other than the primary'],
  },
  {
    name: 'missing zones of dr region',
    edit: r('    eu-west-1: [eu-west-1a, eu-west-1b]\n', ''),
    expected: [
      'minimal.yaml:8:5: environment: availabilityZones: expected the zones of eu-west-1 (no lookups are made)',
    ],
  },
  {
    name: 'zone of another region',
    edit: r('[eu-west-1a, eu-west-1b]', '[eu-west-1a, us-east-1b]'),
    expected: [
      'minimal.yaml:9:29: environment: availabilityZones.eu-west-1[1]: got "us-east-1b"; expected a zone of eu-west-1',
    ],
  },
  {
    name: 'bad k8s version',
    edit: r('version: "1.32"', 'version: 1.32.1'),
    expected: [
      'minimal.yaml:11:14: environment: kubernetes.version: got "1.32.1"; expected a Kubernetes minor version such as "1.27"',
    ],
  },
  {
    name: 'bad email',
    edit: r('ops@example.com', 'ops-at-example'),
    expected: ['minimal.yaml:16:41: contact ops: email: got "ops-at-example"; expected an e-mail address'],
  },
  {
    name: 'no contacts',
    edit: r('contacts:\n  - { id: ops, role: Operations, email: ops@example.com, notify: true }', 'contacts: []'),
    expected: ['minimal.yaml:15:11: catalog: contacts: got []; expected at least one contact'],
  },
  {
    name: 'bad duration rto',
    edit: r('rto: 30m', 'rto: 30 minutes'),
    expected: [
      'minimal.yaml:44:10: asset orders: rto: got "30 minutes"; expected a duration such as 0, 30s, 15m, 1h, 24h or 35d',
    ],
  },
  {
    name: 'negative duration',
    edit: r('rto: 10m', 'rto: -10m'),
    expected: [
      'minimal.yaml:36:10: service web: rto: got "-10m"; expected a duration such as 0, 30s, 15m, 1h, 24h or 35d',
    ],
  },
  {
    name: 'unknown kind',
    edit: r('kind: postgres', 'kind: oracle'),
    expected: [
      'minimal.yaml:42:11: asset orders: kind: got "oracle"; expected one of postgres, mysql, redis, redis-cache, object-store, git, secret',
    ],
  },
  {
    name: 'unknown tier on service',
    edit: r('tier: gold\n    rpo: stateless', 'tier: platinum\n    rpo: stateless'),
    expected: ['minimal.yaml:34:11: service web: tier: got "platinum"; expected one of the tiers: gold'],
  },
  {
    name: 'missing owner',
    edit: r('owner: web', 'owner: nobody'),
    expected: ['minimal.yaml:45:12: asset orders: owner: got "nobody"; expected the id of a service or a contact'],
  },
  {
    name: 'missing rto',
    edit: r('    rto: 30m\n', ''),
    expected: [
      'minimal.yaml:41:5: asset orders: rto: missing; expected a duration such as 0, 30s, 15m, 1h, 24h or 35d',
    ],
  },
  {
    name: 'wrong type for owns',
    edit: r('owns: [orders]', 'owns: orders'),
    expected: ['minimal.yaml:38:11: service web: owns: got "orders"; expected a list of asset ids'],
  },
  {
    name: 'unknown dependency',
    edit: r('dependsOn: []', 'dependsOn: [payments]'),
    expected: ['minimal.yaml:39:17: service web: dependsOn[0]: got "payments"; expected the id of an asset in assets'],
  },
  {
    name: 'owns an asset owned by another',
    edit: r(
      'assets:',
      '  - id: api\n    tier: gold\n    rpo: stateless\n    rto: 5m\n    notes: API.\n    owns: [orders]\n    dependsOn: []\nassets:',
    ),
    expected: [
      'minimal.yaml:45:12: service api: owns[0]: got "orders"; expected an asset whose owner is api; orders is owned by web',
    ],
  },
  {
    name: 'duplicate id across service and asset',
    edit: r('  - id: orders\n', '  - id: web\n'),
    expected: [
      'minimal.yaml:38:12: service web: owns[0]: got "orders"; expected the id of an asset in assets',
      'minimal.yaml:41:9: asset web: id: got "web"; expected an id unique across services and assets',
    ],
  },
  {
    name: 'ids colliding under the naming rule',
    edit: r(
      '    backupMethod: PITR',
      '    backupMethod: PITR\n  - id: order_s\n    kind: postgres\n    rpo: 1h\n    rto: 1h\n    owner: web\n    backupMethod: PITR\n  - id: order-s\n    kind: postgres\n    rpo: 1h\n    rto: 1h\n    owner: web\n    backupMethod: PITR',
    ),
    expected: [
      'minimal.yaml:53:9: asset order-s: id: got "order-s"; expected an id that does not collide with order_s (both give the Kubernetes name order-s)',
    ],
  },
  {
    name: 'bad id characters',
    edit: r('  - id: orders\n', '  - id: Orders!\n'),
    expected: [
      'minimal.yaml:38:12: service web: owns[0]: got "orders"; expected the id of an asset in assets',
      'minimal.yaml:41:9: asset Orders!: id: got "Orders!"; expected an id of lowercase letters and digits, words joined by - or _ (e.g. orders_db, api-gateway)',
    ],
  },
  {
    name: 'rebuildable without source',
    edit: r('rpo: 15m', 'rpo: rebuildable'),
    expected: [
      'minimal.yaml:41:5: asset orders: rebuildFrom: missing; a rebuildable asset names the asset it is rebuilt from',
    ],
  },
  {
    name: 'rebuildFrom unknown asset',
    edit: r('rpo: 15m', 'rpo: rebuildable\n    rebuildFrom: products'),
    expected: ['minimal.yaml:44:18: asset orders: rebuildFrom: got "products"; expected the id of another asset'],
  },
  {
    name: 'rebuildFrom without rebuildable',
    edit: r('rpo: 15m', 'rpo: 15m\n    rebuildFrom: orders'),
    expected: ['minimal.yaml:44:18: asset orders: rebuildFrom: got "orders"; expected only with rpo: rebuildable'],
  },
  {
    name: 'acceptance without reason',
    edit: r(
      '    backupMethod: PITR',
      '    backupMethod: PITR\n    accept:\n      - { mode: region, rto: unbounded, owner: ops, expires: 2027-06-30 }',
    ),
    expected: [
      'minimal.yaml:48:9: asset orders: accept[0].reason: missing; expected a reason of at least 20 characters',
    ],
  },
  {
    name: 'acceptance without ceiling',
    edit: r(
      '    backupMethod: PITR',
      '    backupMethod: PITR\n    accept:\n      - { mode: region, reason: No second region exists for this yet., owner: ops, expires: 2027-06-30 }',
    ),
    expected: [
      'minimal.yaml:48:9: asset orders: accept[0]: expected rpo, rto or slaBudget: the ceiling accepted for that field, or for one incident against the SLA budget (a duration, or unbounded)',
    ],
  },
  {
    name: 'acceptance with bad expiry',
    edit: r(
      '    backupMethod: PITR',
      '    backupMethod: PITR\n    accept:\n      - { mode: region, rto: 8h, reason: No second region exists for this yet., owner: ops, expires: next year }',
    ),
    expected: [
      'minimal.yaml:48:102: asset orders: accept[0].expires: got "next year"; expected an ISO date such as 2027-06-30',
    ],
  },
  {
    name: 'acceptance with unknown mode',
    edit: r(
      '    backupMethod: PITR',
      '    backupMethod: PITR\n    accept:\n      - { mode: datacenter, rto: 8h, reason: No second region exists for this yet., owner: ops, expires: 2027-06-30 }',
    ),
    expected: [
      'minimal.yaml:48:17: asset orders: accept[0].mode: got "datacenter"; expected one of instance, az, region, corruption',
    ],
  },
  {
    name: 'acceptance owner unknown',
    edit: r(
      '    backupMethod: PITR',
      '    backupMethod: PITR\n    accept:\n      - { mode: region, rto: 8h, reason: No second region exists for this yet., owner: cfo, expires: 2027-06-30 }',
    ),
    expected: [
      'minimal.yaml:48:88: asset orders: accept[0].owner: got "cfo"; expected the id of a contact or a service',
    ],
  },
  {
    name: 'retention outside vault lock',
    edit: r('    backupMethod: PITR', '    backupMethod: PITR\n    retention: 120d'),
    expected: [
      'minimal.yaml:47:16: asset orders: retention: got "120d"; expected a retention inside the tier\'s vault lock (1d–90d); jobs outside it fail (BKP-16)',
    ],
  },
  {
    name: 'tier min above max replicas',
    edit: r('minReplicas: 2', 'minReplicas: 7'),
    expected: ['minimal.yaml:24:20: tier gold: policy.maxReplicas: got 5; expected at least minReplicas (7)'],
  },
  {
    name: "a namespace of Kubernetes' own",
    edit: r('namespace: shop', 'namespace: kube-system'),
    expected: [
      'minimal.yaml:12:16: environment: kubernetes.namespace: got "kube-system"; expected a namespace of the project\'s own, not one of Kubernetes\' (default, kube-system, kube-public, kube-node-lease): the charts put a default-deny NetworkPolicy in it',
    ],
  },
  {
    name: 'a cluster name EKS refuses',
    edit: r('clusters: { primary: shop }', 'clusters: { primary: "shop cluster!" }'),
    expected: [
      'minimal.yaml:13:26: environment: kubernetes.clusters.primary: got "shop cluster!"; expected an EKS cluster name: 1–100 letters, digits, - or _, starting with a letter or digit',
    ],
  },
  {
    name: 'an HPA maximum that cannot keep the minimum ready after a zone loss',
    edit: r('maxReplicas: 5', 'maxReplicas: 2'),
    expected: [
      'minimal.yaml:24:20: tier gold: policy.maxReplicas: got 2; expected at least 3: keeping minReplicas 2 ready after losing one of 3 zones takes 3 replicas (n − ⌈n / 3⌉ ≥ 2), and a PodDisruptionBudget needs 2',
    ],
  },
  {
    name: 'a warm-up time on an asset that is not a cache',
    edit: r('    backupMethod: PITR', '    backupMethod: PITR\n    warmUp: 2m'),
    expected: [
      'minimal.yaml:47:13: asset orders: warmUp: got "2m"; expected only on kind redis-cache (this asset\'s kind is postgres)',
    ],
  },
  {
    name: 'a Redis whose clients read no secret for its password',
    edit: r(
      '    backupMethod: PITR',
      '    backupMethod: PITR\n  - id: sessions\n    kind: redis\n    rpo: 1m\n    rto: 5m\n    owner: web\n    backupMethod: AOF',
    ),
    expected: [
      'minimal.yaml:48:11: asset sessions: kind: got "redis"; expected a secret asset (kind secret) that a service using this redis depends on: its AUTH password is kept there, and none of its clients (web) depends on one',
    ],
  },
  {
    name: 'a recovery overhead that is not a duration',
    edit: r(
      '      region: { rpo: 1h',
      '      recovery: { detect: 5m, decide: soon, repoint: 5m }\n      region: { rpo: 1h',
    ),
    expected: [
      'minimal.yaml:31:39: tier gold: policy.recovery.decide: got "soon"; expected a duration such as 0, 30s, 15m, 1h, 24h or 35d',
    ],
  },
  {
    name: 'start window under an hour',
    edit: r('start: 1h', 'start: 30m'),
    expected: [
      'minimal.yaml:29:30: tier gold: policy.backupWindow.start: got "30m"; expected at least 1h: AWS Backup rejects a shorter start window (BKP-3)',
    ],
  },
  {
    name: 'compliance lock without changeableForDays',
    edit: r(
      '{ mode: compliance, changeableForDays: 3, minRetention: 1d, maxRetention: 90d }',
      '{ mode: compliance, minRetention: 1d, maxRetention: 90d }',
    ),
    expected: [
      'minimal.yaml:28:18: tier gold: policy.vaultLock.changeableForDays: missing; expected a whole number ≥ 3',
    ],
  },
  {
    name: 'git asset without external',
    edit: r('kind: postgres', 'kind: git'),
    expected: [
      'minimal.yaml:41:5: asset orders: external: missing; a git asset is provisioned elsewhere: declare external with provider and evidence',
    ],
  },
  {
    name: 'drill on unknown asset',
    edit: r(
      'services:',
      'drills:\n  - { id: pitr, name: PITR drill, kind: pitr-restore, frequency: quarterly, owner: ops, assets: [payments] }\nservices:',
    ),
    expected: ['minimal.yaml:33:98: drill pitr: assets[0]: got "payments"; expected the id of an asset in assets'],
  },
  {
    name: 'redis drill on a database',
    edit: r(
      'services:',
      'drills:\n  - { id: cache, name: Cache drill, kind: redis-restore, frequency: monthly, owner: ops, assets: [orders] }\nservices:',
    ),
    expected: [
      'minimal.yaml:33:99: drill cache: assets[0]: got "orders"; expected a redis asset for a Redis restore drill; orders is postgres',
    ],
  },
  {
    name: 'YAML syntax error',
    edit: r('    backupMethod: PITR', '    backupMethod: [PITR'),
    expected: [
      'minimal.yaml:47:1: catalog: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  },
  {
    name: 'duplicate key',
    edit: r('    rto: 30m', '    rto: 30m\n    rto: 45m'),
    expected: ['minimal.yaml:45:5: catalog: not valid YAML: Map keys must be unique'],
  },
  {
    name: 'health URL over plain http',
    edit: r('    notes: Front end.', '    notes: Front end.\n    health: { url: http://shop.example/health }'),
    expected: [
      'minimal.yaml:38:20: service web: health.url: got "http://shop.example/health"; expected an https URL such as https://api.example.com/health',
    ],
  },
  {
    name: 'health metric with a condition that is not one',
    edit: r(
      '    notes: Front end.',
      '    notes: Front end.\n    health: { metric: { namespace: Shop, name: Up, healthy: "about 1" } }',
    ),
    expected: [
      'minimal.yaml:38:61: service web: health.metric.healthy: got "about 1"; expected a condition such as ">= 1" or "< 5"',
    ],
  },
  {
    name: 'health with both a URL and a metric',
    edit: r(
      '    notes: Front end.',
      '    notes: Front end.\n    health: { url: https://shop.example/health, metric: { namespace: Shop, name: Up, healthy: ">= 1" } }',
    ),
    expected: [
      'minimal.yaml:38:13: service web: health: got {"url":"https://shop.example/health","metric":{"namespace...; expected { url: https://…, internal? } or { metric: { namespace, name, dimensions, statistic, healthy } }',
    ],
  },
  {
    name: 'internal health URL without the cluster network',
    edit: r(
      '    notes: Front end.',
      '    notes: Front end.\n    health: { url: https://web.shop.svc/health, internal: true }',
    ),
    expected: [
      "minimal.yaml:38:59: service web: health.internal: got true; expected environment.kubernetes.network (the cluster's VPC and subnets) for an internal health URL: its canary runs there",
    ],
  },
  {
    name: 'cluster network with a subnet that is not a subnet id',
    edit: r(
      '    clusters: { primary: shop }',
      '    clusters: { primary: shop }\n    network: { vpc: vpc-0123456789abcdef0, subnets: [sg-0123456789abcdef0] }',
    ),
    expected: [
      'minimal.yaml:14:54: environment: kubernetes.network.subnets[0]: got "sg-0123456789abcdef0"; expected a subnet id such as subnet-0123456789abcdef0',
    ],
  },
  {
    name: 'health signal on a service whose RTO is longer than an alarm can watch',
    edit: (t) =>
      r(
        '    rto: 10m',
        '    rto: 2d',
      )(r('    notes: Front end.', '    notes: Front end.\n    health: { url: https://shop.example/health }')(t)),
    expected: [
      'minimal.yaml:36:10: service web: rto: got "2d"; expected an RTO of at most 1d for a service with a health signal: its RTO alarm evaluates one-minute periods, and CloudWatch allows a day of them (OTH-67)',
    ],
  },
  {
    name: 'sla above 100',
    edit: r('sla: 95', 'sla: 120'),
    expected: ['minimal.yaml:21:10: tier gold: sla: got 120; expected a percentage below 100'],
  },
];

describe('catalog validation: malformed catalogs', () => {
  test('the fixture itself is valid', () => {
    expect(problemsOf(base)).toEqual([]);
  });

  test('there are at least 30 distinct malformed catalogs', () => {
    expect(new Set(CASES.map((c) => c.edit(base))).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  test.each(CASES)('$name', ({ edit, expected }) => {
    expect(problemsOf(edit(base))).toEqual(expected);
  });

  test('several problems in different entries are all reported at once', () => {
    const text = r(
      'rto: 10m',
      'rto: ten minutes',
    )(r('owner: web', 'owner: nobody')(r('retention: 14d', 'retention: forever')(base)));
    expect(problemsOf(text)).toEqual([
      'minimal.yaml:26:18: tier gold: policy.retention: got "forever"; expected a duration such as 0, 30s, 15m, 1h, 24h or 35d',
      'minimal.yaml:36:10: service web: rto: got "ten minutes"; expected a duration such as 0, 30s, 15m, 1h, 24h or 35d',
      'minimal.yaml:45:12: asset orders: owner: got "nobody"; expected the id of a service or a contact',
    ]);
  });
});

describe('catalog validation: nothing is written', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-malformed-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test.each(CASES)('synth of "$name" writes neither cdk.out nor dist', ({ edit }) => {
    const file = join(dir, 'catalog.yaml');
    writeFileSync(file, edit(base));
    expect(() =>
      synthesize({ catalogFile: file, outdir: join(dir, 'cdk.out'), distDir: join(dir, 'dist'), validation: false }),
    ).toThrow(CatalogError);
    expect(existsSync(join(dir, 'cdk.out'))).toBe(false);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
