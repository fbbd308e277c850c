/**
 * Hostile and careless catalogs, generated from the small valid fixture: each is one edit (or a whole file) that
 * `dr validate` and synth must refuse with a located message, exit 2, nothing written and no stack trace. `expect`
 * is a piece of the message that names the field and what was wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BASE = readFileSync(join(__dirname, '..', 'fixtures', 'minimal.yaml'), 'utf8');

export interface HostileCase {
  readonly name: string;
  readonly text: string;
  /** A regular expression one of the located messages must match. */
  readonly expect: RegExp;
}

/** Replace the first occurrence of `from`; a fixture that no longer has it fails loudly. */
export function edit(from: string, to: string, text = BASE): string {
  if (!text.includes(from)) throw new Error(`fixture no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

const ASSET_AT = '    backupMethod: PITR\n';
/** Appends assets after the fixture's one asset. */
const withAssets = (yaml: string, text = BASE) => edit(ASSET_AT, `${ASSET_AT}${yaml}`, text);
const asset = (id: string, kind: string, extra = '') =>
  `  - id: ${id}\n    kind: ${kind}\n    rpo: 1h\n    rto: 1h\n    owner: web\n    backupMethod: native${extra}\n`;
const withDrills = (yaml: string, text = BASE) => edit('services:', `drills:\n${yaml}services:`, text);
const drill = (id: string, kind: string, assets: string, schedule?: string) =>
  `  - { id: ${id}, name: A drill, kind: ${kind}, frequency: quarterly, owner: ops, assets: [${assets}]${schedule ? `, schedule: "${schedule}"` : ''} }\n`;
const withTier = (id: string, text = BASE) => {
  const start = text.indexOf('  - id: gold');
  const end = text.indexOf('services:');
  return edit('services:', `${text.slice(start, end).replace('id: gold', `id: ${id}`)}services:`, text);
};
const withService = (id: string, text = BASE) =>
  edit(
    'assets:',
    `  - id: ${id}\n    tier: gold\n    rpo: stateless\n    rto: 5m\n    notes: More.\n    owns: []\n    dependsOn: []\nassets:`,
    text,
  );
const redis = (id: string) => asset(id, 'redis');
const long = (n: number, stem = 'a') => `${stem}${'x'.repeat(n - stem.length)}`;

function aliasBomb(): string {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const n of 'bcdefghi') {
    text += `${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = n;
  }
  return text;
}

const fileCases: HostileCase[] = [
  {
    name: 'YAML alias bomb (billion laughs)',
    text: aliasBomb(),
    expect: /:\d+:\d+: catalog: expected at most 100 alias expansions/,
  },
  {
    name: 'alias bomb inside a valid catalog',
    text: `${BASE}x-bomb:\n${aliasBomb()
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}\n`,
    expect: /:\d+:\d+: catalog: expected at most 100 alias expansions/,
  },
  {
    name: 'flow nesting 100,000 deep',
    text: `${'['.repeat(100000)}${']'.repeat(100000)}`,
    expect: /nested at most 32 levels deep/,
  },
  {
    name: 'block nesting 40 deep under notes',
    text: edit(
      'notes: Front end.',
      `notes:\n${Array.from({ length: 40 }, (_, i) => `${' '.repeat(6 + 2 * i)}k${i}:`).join('\n')} x`,
    ),
    expect: /nested at most 32 levels deep/,
  },
  {
    name: '120,000 values',
    text: `${BASE}x: [${Array(120000).fill('1').join(',')}]\n`,
    expect: /at most 100000 values/,
  },
  {
    name: 'larger than 2 MiB',
    text: `${BASE}# ${'x'.repeat(2 * 1024 * 1024)}\n`,
    expect: /cannot read the catalog: larger than the limit/,
  },
  { name: 'empty file', text: '', expect: /:1:1: catalog: / },
  {
    name: 'plain text, not a catalog',
    text: 'root:x:0:0:root:/root:/bin/bash\n',
    expect: /:1:1: catalog: Invalid input: expected object/,
  },
  { name: 'a JSON list', text: '[1, 2, 3]', expect: /:1:1: catalog: Invalid input: expected object/ },
  { name: 'two YAML documents', text: `${BASE}---\n${BASE}`, expect: /not valid YAML/ },
  {
    name: 'duplicate top-level key',
    text: `${BASE}company: Again\n`,
    expect: /not valid YAML: Map keys must be unique/,
  },
  {
    name: 'a !!binary company',
    text: edit('company: Example Co', 'company: !!binary aGVsbG8='),
    expect: /company: .*expected/,
  },
  { name: 'a tab-indented line', text: edit('  - id: web', '\t- id: web'), expect: /not valid YAML/ },
  { name: 'unterminated quote', text: edit('company: Example Co', 'company: "Example Co'), expect: /not valid YAML/ },
];

const nameCases: HostileCase[] = [
  {
    name: 'asset id of 300 characters',
    text: edit(
      '  - id: orders\n',
      `  - id: ${long(300, 'orders')}\n`,
      edit('owns: [orders]', `owns: [${long(300, 'orders')}]`),
    ),
    expect: /asset orders.*: id: .*the dr\/asset label .*300 characters; Kubernetes label values allow at most 63/,
  },
  {
    name: 'database asset id of 200 characters',
    text: withAssets(asset(long(200, 'db'), 'postgres')),
    expect: /DB instance identifier .* allow at most 63/,
  },
  {
    name: 'database id that makes the identifier 64 long',
    text: withAssets(asset(long(53, 'db'), 'postgres')),
    expect: /DB instance identifier .*64 characters; RDS DBInstanceIdentifier allow at most 63/,
  },
  { name: 'service id of 64 characters', text: withService(long(64, 'svc')), expect: /service svc.*: id: .*63/ },
  { name: 'tier id of 64 characters', text: withTier(long(64, 'tier')), expect: /tier tier.*: id: .*63/ },
  {
    name: 'tier ids tier-3 and tier_3',
    text: withTier('tier_3', withTier('tier-3')),
    expect:
      /tier tier_3: id: got "tier_3"; expected an id whose names are its own: the backup vault of tier tier_3 would be "example-co-tier-3"/,
  },
  {
    name: 'tier ids that collide only as audit frameworks',
    text: withTier('gold_x', withTier('gold-x')),
    expect: /tier gold_x: id: .*the same as/,
  },
  {
    name: 'drill ids pitr-a and pitr_a',
    text: withDrills(drill('pitr-a', 'pitr-restore', 'orders') + drill('pitr_a', 'pitr-restore', 'orders')),
    expect: /drill pitr_a: id: .*restore testing plan of drill pitr_a would be "example_co_pitr_a"/,
  },
  {
    name: 'object-store asset named access-logs',
    text: withAssets(asset('access-logs', 'object-store')),
    expect: /asset access-logs: id: .*the same as the project's own primary access-log bucket/,
  },
  {
    name: 'object-store asset named redis-snapshots',
    text: withAssets(asset('redis-snapshots', 'object-store')),
    expect: /asset redis-snapshots: id: .*project's own primary Redis snapshot bucket/,
  },
  {
    name: 'object-store asset named access_logs',
    text: withAssets(asset('access_logs', 'object-store')),
    expect: /asset access_logs: id: .*access-log bucket/,
  },
  {
    name: 'service named platform',
    text: withService('platform'),
    expect: /service platform: id: .*the same as the project's own platform chart's manifest file/,
  },
  {
    name: 'service named secrets',
    text: withService('secrets'),
    expect: /service secrets: id: .*secrets chart's manifest file/,
  },
  {
    name: 'secret asset named like a Redis auth secret',
    text: withAssets(redis('cache') + asset('cache-auth', 'secret')),
    expect: /asset cache-auth: id: .*the same as the auth ExternalSecret of redis asset cache/,
  },
  {
    name: 'service named like a Redis headless Service',
    text: withService('sess-headless', withAssets(redis('sess'))),
    expect:
      /asset sess: id: got "sess"; .*headless Service of redis asset sess would be "sess-headless", the same as the Service of service sess-headless/,
  },
  {
    name: 'service named like an RDB-shipping ServiceAccount',
    text: withService('sess-rdb-shipping', withAssets(redis('sess'))),
    expect:
      /asset sess: id: .*RDB-shipping ServiceAccount .* the same as the ServiceAccount of service sess-rdb-shipping/,
  },
  {
    name: 'Redis id whose CronJob name passes 52',
    text: withAssets(redis(long(40, 'r'))),
    expect: /RDB-shipping CronJob .*53 characters; .*CronJob/,
  },
  {
    name: 'Redis id of 53 characters (StatefulSet)',
    text: withAssets(redis(long(53, 'r'))),
    expect: /the StatefulSet of redis asset .*53 characters/,
  },
  {
    name: 'namespace with an underscore',
    text: edit('namespace: shop', 'namespace: my_shop'),
    expect: /environment: kubernetes\.namespace: got "my_shop"; gives the Kubernetes namespace/,
  },
  {
    name: 'namespace of 64 characters',
    text: edit('namespace: shop', `namespace: ${long(64, 'ns')}`),
    expect: /kubernetes\.namespace: .*64 characters/,
  },
  {
    name: 'company "!!!"',
    text: edit('company: Example Co', 'company: "!!!"'),
    expect: /catalog: company: got "!!!"; expected a name that starts with a letter/,
  },
  {
    name: 'company starting with a digit',
    text: edit('company: Example Co', 'company: 123 Co'),
    expect: /company: got "123 Co"; expected a name that starts with a letter/,
  },
  {
    name: 'company AWS (reserved alias prefix)',
    text: edit('company: Example Co', 'company: AWS'),
    expect: /company: .*alias\/aws\/, reserved/,
  },
  {
    name: 'company System (reserved PriorityClass prefix)',
    text: edit('company: Example Co', 'company: System'),
    expect: /tier gold: id: .*system-, reserved/,
  },
  {
    name: 'company sthree (reserved bucket prefix)',
    text: edit('company: Example Co', 'company: sthree'),
    expect: /reserved prefix sthree-/,
  },
  {
    name: 'company of 200 characters',
    text: edit('company: Example Co', `company: ${'Example '.repeat(25)}`),
    expect: /company: .*characters; S3 bucket naming rules allow 3 to 63/,
  },
  {
    name: 'two notified contacts with one e-mail',
    text: edit('contacts:\n', 'contacts:\n  - { id: ops2, role: Backup, email: OPS@example.com, notify: true }\n'),
    expect: /contact ops: email: .*alert subscription/,
  },
  {
    name: 'ids that collide only after truncation to 64',
    text: withAssets(
      asset(`${long(36, 'p')}`, 'postgres', '\n    preDeploySnapshot: true') +
        asset(`${long(36, 'p')}-pre-deploy-backup-service`, 'postgres'),
    ),
    expect: /expected an id whose names are its own|63/,
  },
];

const numberCases: HostileCase[] = [
  {
    name: 'HPA maxReplicas 3,000,000,000',
    text: edit('maxReplicas: 5', 'maxReplicas: 3000000000'),
    expect: /policy\.maxReplicas: got 3000000000; expected a whole number ≤ 2147483647/,
  },
  {
    name: 'minReplicas 10^12',
    text: edit('minReplicas: 2', 'minReplicas: 1000000000000'),
    expect: /policy\.minReplicas: .*2147483647/,
  },
  {
    name: 'minReplicas 2.5',
    text: edit('minReplicas: 2', 'minReplicas: 2.5'),
    expect: /policy\.minReplicas: got 2\.5; expected a whole number/,
  },
  {
    name: 'priority above 10^9',
    text: edit('priority: 1000', 'priority: 2000000000'),
    expect: /policy\.priority: .*1000000000/,
  },
  {
    name: 'start-up time 0',
    text: edit('    dependsOn: []\n', '    dependsOn: []\n    startup: 0\n'),
    expect: /service web: startup: got 0; expected a start-up time above 0/,
  },
  {
    name: 'port 70000',
    text: edit('    dependsOn: []\n', '    dependsOn: []\n    port: 70000\n'),
    expect: /service web: port: got 70000/,
  },
  {
    name: 'negative port',
    text: edit('    dependsOn: []\n', '    dependsOn: []\n    port: -1\n'),
    expect: /service web: port: got -1/,
  },
  {
    name: 'rdsInstances quota 3e9',
    text: edit('    imageTag: "2.0.1"\n', '    imageTag: "2.0.1"\n  quotas: { rdsInstances: 3000000000 }\n'),
    expect: /quotas\.rdsInstances: .*2147483647/,
  },
  {
    name: 'changeableForDays 40000',
    text: edit('changeableForDays: 3', 'changeableForDays: 40000'),
    expect: /vaultLock\.changeableForDays: got 40000; expected at most 36500 days/,
  },
  {
    name: 'vault lock maxRetention 36501d',
    text: edit('maxRetention: 90d', 'maxRetention: 36501d'),
    expect: /vaultLock\.maxRetention: got "36501d"; expected a duration of at most 36500d/,
  },
  {
    name: 'vault lock minRetention 0',
    text: edit('minRetention: 1d', 'minRetention: 0'),
    expect: /vaultLock\.minRetention: got 0; expected whole days from 1d to 36500d/,
  },
  {
    name: 'vault lock minRetention 36h',
    text: edit('minRetention: 1d', 'minRetention: 36h'),
    expect: /vaultLock\.minRetention: got "36h"; expected whole days/,
  },
  {
    name: 'tier retention 36h',
    text: edit('retention: 14d', 'retention: 36h'),
    expect: /policy\.retention: got "36h"; expected whole days/,
  },
  {
    name: 'asset retention 0',
    text: edit(ASSET_AT, `${ASSET_AT}    retention: 0\n`),
    expect: /asset orders: retention: got 0; expected whole days/,
  },
  {
    name: 'a 400-digit RTO',
    text: edit('rto: 30m', `rto: ${'9'.repeat(400)}s`),
    expect: /asset orders: rto: .*expected a duration of at most 36500d/,
  },
  {
    name: 'a 400-digit vault lock',
    text: edit('maxRetention: 90d', `maxRetention: ${'9'.repeat(400)}d`),
    expect: /maxRetention: .*at most 36500d/,
  },
  {
    name: 'RTO of 40000 days',
    text: edit('rto: 30m', 'rto: 40000d'),
    expect: /asset orders: rto: got "40000d"; expected a duration of at most 36500d/,
  },
  { name: 'SLA .nan', text: edit('sla: 95', 'sla: .nan'), expect: /tier gold: sla: / },
  { name: 'SLA .inf', text: edit('sla: 95', 'sla: .inf'), expect: /tier gold: sla: / },
  { name: 'minReplicas 1e400', text: edit('minReplicas: 2', 'minReplicas: 1e400'), expect: /policy\.minReplicas: / },
];

const acceptance = (expires: string) =>
  edit(
    ASSET_AT,
    `${ASSET_AT}    accept:\n      - { mode: region, rto: 8h, reason: No second region exists for this yet., owner: ops, expires: ${expires} }\n`,
  );
const dateCases: HostileCase[] = [
  {
    name: 'expiry 2027-02-30',
    text: acceptance('2027-02-30'),
    expect: /accept\[0\]\.expires: got "2027-02-30"; expected an ISO date/,
  },
  { name: 'expiry 2027-13-01', text: acceptance('2027-13-01'), expect: /accept\[0\]\.expires: got "2027-13-01"/ },
  { name: 'expiry 2027-04-31', text: acceptance('2027-04-31'), expect: /accept\[0\]\.expires: got "2027-04-31"/ },
  { name: 'expiry 2027-6-30', text: acceptance('2027-6-30'), expect: /accept\[0\]\.expires: got "2027-6-30"/ },
  { name: 'expiry 2027-00-10', text: acceptance('2027-00-10'), expect: /accept\[0\]\.expires: got "2027-00-10"/ },
  {
    name: 'expiry 2026-02-29 (not a leap year)',
    text: acceptance('2026-02-29'),
    expect: /accept\[0\]\.expires: got "2026-02-29"/,
  },
];

const cronCases: HostileCase[] = [
  ['cron(garbage ; rm -rf /)', /expected an AWS cron expression .*expected 6 fields/],
  ['cron(0 5 * * MON *)', /exactly one of day-of-month and day-of-week/],
  ['cron(61 5 ? * MON *)', /minutes: `61` is not 0–59/],
  ['cron(0 24 ? * MON *)', /hours: `24` is not 0–23/],
  ['cron(0 5 ? * MON#6 *)', /day-of-week: `MON#6` is not/],
  ['cron(0 5 32 * ? *)', /day-of-month: `32` is not 1–31/],
  ['cron(0 5 ? 13 MON *)', /month: `13` is not 1–12/],
  ['cron(0 5 ? * MON 1969)', /year: `1969` is not 1970–2199/],
  ['cron(0 5 ? * FUNDAY *)', /day-of-week: `FUNDAY`/],
  ['cron(0 5 10-2 * ? *)', /runs backwards/],
  ['cron(0 */0 ? * MON *)', /step of `\*\/0` is out of range/],
  ['cron((0 5 ? * MON *))', /expected cron\(minutes/],
].map(([schedule, expect]) => ({
  name: `drill schedule ${schedule as string}`,
  text: withDrills(drill('pitr', 'pitr-restore', 'orders', schedule as string)),
  expect: expect as RegExp,
}));
cronCases.push(
  {
    name: 'Redis restore drill on the last day of the month (no Kubernetes equivalent)',
    text: withDrills(drill('rr', 'redis-restore', 'sess', 'cron(0 5 L * ? *)'), withAssets(redis('sess'))),
    expect: /drill rr: schedule: .*a schedule a Kubernetes CronJob can run: `L` and `W` have no Kubernetes equivalent/,
  },
  {
    name: 'Redis restore drill restricted to one year',
    text: withDrills(drill('rr', 'redis-restore', 'sess', 'cron(0 5 ? * MON 2027)'), withAssets(redis('sess'))),
    expect: /a Kubernetes CronJob cannot restrict the year/,
  },
);

const regionCases: HostileCase[] = [
  {
    name: 'primary Region xx-fake-9',
    text: edit('primary: eu-west-2', 'primary: xx-fake-9'),
    expect: /regions\.primary: got "xx-fake-9"; expected an AWS Region/,
  },
  {
    name: 'DR Region eu-west-9',
    text: edit('dr: eu-west-1 }', 'dr: eu-west-9 }'),
    expect: /regions\.dr: got "eu-west-9"; expected an AWS Region/,
  },
  {
    name: 'zones keyed by an unknown Region',
    text: edit('    eu-west-1: [', '    mars-north-1: ['),
    expect: /availabilityZones/,
  },
  {
    name: 'zone eu-west-2z',
    text: edit('[eu-west-2a, eu-west-2b, eu-west-2c]', '[eu-west-2a, eu-west-2z]'),
    expect: /availabilityZones\.eu-west-2\[1\]: got "eu-west-2z"; expected a zone of eu-west-2/,
  },
  {
    name: 'zone eu-west-2aa',
    text: edit('[eu-west-2a, eu-west-2b, eu-west-2c]', '[eu-west-2a, eu-west-2aa]'),
    expect: /availabilityZones\.eu-west-2\[1\]/,
  },
  {
    name: 'a Local Zone',
    text: edit('[eu-west-2a, eu-west-2b, eu-west-2c]', '[eu-west-2a, eu-west-2-lhr-1a]'),
    expect: /availabilityZones\.eu-west-2\[1\]/,
  },
];

const characterCases: HostileCase[] = [
  {
    name: 'NUL byte in the company',
    text: edit('company: Example Co', 'company: "Example\\0Co"'),
    expect: /company: got "Example\\u0000Co"; expected text without control/,
  },
  {
    name: 'CloudFormation dynamic reference in notes',
    text: edit('notes: Front end.', 'notes: "{{resolve:ssm:/prod/db-password}}"'),
    expect: /service web: notes: .*dynamic reference/,
  },
  {
    name: 'dynamic reference with spaces in a reason',
    text: acceptance('2027-06-30').replace(
      'No second region exists for this yet.',
      '"{{ resolve:secretsmanager:prod }} is why"',
    ),
    expect: /accept\[0\]\.reason: .*dynamic reference/,
  },
  {
    name: 'Fn::Sub syntax in a tier name',
    text: edit('name: Gold', 'name: "${AWS::AccountId}"'),
    expect: /tier gold: name: .*\$\{, which Fn::Sub/,
  },
  {
    name: 'shell substitution in backupMethod',
    text: edit('backupMethod: PITR', 'backupMethod: "${HOME}"'),
    expect: /asset orders: backupMethod: /,
  },
  {
    name: 'bidirectional override in a definition',
    text: edit('definition: Customer-facing.', 'definition: "Customer\\u202efacing"'),
    expect: /tier gold: definition: .*bidirectional/,
  },
  {
    name: 'escape sequence in a role',
    text: edit('role: Operations', 'role: "Ops\\e[31m"'),
    expect: /contact ops: role: .*control/,
  },
  {
    name: 'carriage return in a cluster name',
    text: edit('clusters: { primary: shop }', 'clusters: { primary: "shop\\rx" }'),
    expect: /kubernetes\.clusters\.primary: .*control/,
  },
  {
    name: 'DEL character in the interpretation',
    text: edit('interpretation: Region loss may cost an hour of data.', 'interpretation: "Region\\x7floss"'),
    expect: /region\.interpretation: .*control/,
  },
  {
    name: 'line separator in the company',
    text: edit('company: Example Co', 'company: "Example\\LCo"'),
    expect: /company: got "Example\\u2028Co"; expected text without control/,
  },
];

const cycleCases: HostileCase[] = [
  {
    name: 'rebuildFrom cycle cache-a ↔ cache-b',
    text: withAssets(
      `  - { id: cache-a, kind: redis-cache, rpo: rebuildable, rebuildFrom: cache-b, rto: 5m, owner: web, backupMethod: none }\n` +
        `  - { id: cache-b, kind: redis-cache, rpo: rebuildable, rebuildFrom: cache-a, rto: 5m, owner: web, backupMethod: none }\n`,
    ),
    expect:
      /asset cache-a: rebuildFrom: got "cache-b"; expected a chain that ends at an asset with its own backups; cache-a → cache-b → cache-a is a cycle/,
  },
  {
    name: 'rebuildFrom ring of three',
    text: withAssets(
      ['a', 'b', 'c']
        .map(
          (x, i) =>
            `  - { id: ring-${x}, kind: redis-cache, rpo: rebuildable, rebuildFrom: ring-${['b', 'c', 'a'][i]}, rto: 5m, owner: web, backupMethod: none }\n`,
        )
        .join(''),
    ),
    expect: /ring-a → ring-b → ring-c → ring-a is a cycle/,
  },
];

const pathCases: HostileCase[] = [
  {
    name: 'evidence at an absolute path',
    text: `${BASE}evidence: /etc/passwd\n`,
    expect: /catalog: evidence: got "\/etc\/passwd"; expected a path relative to the catalog's folder/,
  },
  {
    name: 'drillLog escaping with ..',
    text: `${BASE}drillLog: ../../../../tmp/drills.md\n`,
    expect: /catalog: drillLog: .*expected a file inside the project/,
  },
  {
    name: 'evidence one folder up',
    text: `${BASE}evidence: ../evidence.json\n`,
    expect: /catalog: evidence: .*must not escape it/,
  },
  {
    name: 'drillLog as a Windows path',
    text: `${BASE}drillLog: 'C:\\drills.md'\n`,
    expect: /catalog: drillLog: .*not an absolute one/,
  },
  {
    name: 'evidence naming the project folder itself',
    text: `${BASE}evidence: .\n`,
    expect: /catalog: evidence: .*inside the project/,
  },
];

const otherCases: HostileCase[] = [
  {
    name: 'image tag latest',
    text: edit('imageTag: "2.0.1"', 'imageTag: latest'),
    expect: /kubernetes\.imageTag: got "latest"; expected a version/,
  },
  {
    name: 'image digest that is not one',
    text: edit('imageTag: "2.0.1"', 'imageTag: "sha256:abc"'),
    expect: /kubernetes\.imageTag: got "sha256:abc"; expected an image tag such as 1\.0\.0, or a digest/,
  },
  { name: 'account of 13 digits', text: edit('"123456789012"', '"1234567890123"'), expect: /environment: account: / },
  { name: 'Kubernetes version 1.x', text: edit('version: "1.32"', 'version: "1.x"'), expect: /kubernetes\.version: / },
  {
    name: 'unknown key deep in a tier',
    text: edit('immutableBackups: false', 'immutableBackups: false\n      shred: true'),
    expect: /tier gold: policy\.shred: unknown key/,
  },
  {
    name: 'e-mail with a newline',
    text: edit('ops@example.com', '"ops@example.com\\nBcc: x@y.z"'),
    expect: /contact ops: email: /,
  },
  {
    name: 'healthPath without a slash',
    text: edit('    dependsOn: []\n', '    dependsOn: []\n    healthPath: health\n'),
    expect: /service web: healthPath: /,
  },
  { name: 'id with a slash', text: edit('  - id: web', '  - id: web/../../x'), expect: /service .*: id: / },
  {
    name: 'tier as a list',
    text: edit('tier: gold\n    rpo: stateless', 'tier: [gold]\n    rpo: stateless'),
    expect: /service web: tier: /,
  },
  {
    name: 'contacts as a map',
    text: edit(
      'contacts:\n  - { id: ops, role: Operations, email: ops@example.com, notify: true }',
      'contacts: { ops: 1 }',
    ),
    expect: /catalog: contacts: /,
  },
  { name: 'version as a string', text: edit('version: 1', 'version: "1"'), expect: /catalog: version: / },
];

export const HOSTILE_CASES: readonly HostileCase[] = [
  ...fileCases,
  ...nameCases,
  ...numberCases,
  ...dateCases,
  ...cronCases,
  ...regionCases,
  ...characterCases,
  ...cycleCases,
  ...pathCases,
  ...otherCases,
];
