/**
 * Large catalogs generated in code for the sharding tests: data assets of every kind in a fixed rotation, so the same
 * size always gives the same catalog and asset i is the same asset in every size (a catalog of n + 1 is a catalog of n
 * plus one asset, a service every 50 assets, and the drill's second database once it exists). Two tiers keep backups
 * in RDS and S3 (`immutableBackups: false`); every `vaultedEvery`-th asset is in a third tier that backs up into a
 * locked vault, so shards hold backup selections too.
 *
 * The catalogs stay within the account quotas the planner works around (RDS replicates automated backups of 20
 * instances per destination Region, RDS-13; Backup Audit Manager takes 50 controls, BKP-19): database slots past
 * `databases` become object stores, so what these tests see is sharding alone.
 */
import { stringify } from 'yaml';
import { parseCatalog, type Catalog } from '../../lib/catalog';

/** The rotation of kinds: 20 assets, mostly databases and buckets, as a large backend would have. */
const ROTATION = [
  'postgres',
  'object-store',
  'postgres',
  'secret',
  'mysql',
  'postgres',
  'redis',
  'object-store',
  'postgres',
  'git',
  'postgres',
  'object-store',
  'mysql',
  'secret',
  'postgres',
  'redis-cache',
  'object-store',
  'postgres',
  'redis',
  'postgres',
] as const;
type Kind = (typeof ROTATION)[number];

const PREFIX: Readonly<Record<Kind, string>> = {
  postgres: 'pg',
  mysql: 'my',
  'object-store': 'os',
  secret: 'sec',
  redis: 'rd',
  'redis-cache': 'rc',
  git: 'git',
};

export interface LargeCatalogOptions {
  /** Every n-th asset backs up into a locked vault (a Backup Audit Manager control each). @default 37 */
  readonly vaultedEvery?: number;
  /** Database slots of the rotation past this many are object stores (at least 1). @default 20 */
  readonly databases?: number;
  /** File name the catalog says it was read from. @default 'large-targets.yaml' */
  readonly file?: string;
}

const isDatabase = (kind: Kind) => kind === 'postgres' || kind === 'mysql';
const PER_ROTATION = ROTATION.filter(isDatabase).length;

/** The kind of asset i: its slot in the rotation, unless that is a database slot past the cap. */
function kindOf(i: number, databases: number): Kind {
  const slot = ROTATION[i % ROTATION.length]!;
  if (!isDatabase(slot)) return slot;
  const before =
    Math.floor(i / ROTATION.length) * PER_ROTATION + ROTATION.slice(0, i % ROTATION.length).filter(isDatabase).length;
  return before < databases ? slot : 'object-store';
}

export function assetId(i: number, databases = 20): string {
  return `${PREFIX[kindOf(i, databases)]}-${String(i).padStart(4, '0')}`;
}

/** The index of the n-th database (0-based). */
function nthDatabase(n: number): number {
  let i = 0;
  for (let seen = -1; ; i++) if (isDatabase(ROTATION[i % ROTATION.length]!) && ++seen === n) return i;
}

function tier(id: string, immutableBackups: boolean): Record<string, unknown> {
  return {
    id,
    name: id,
    definition: `${id} data.`,
    sla: 99.9,
    policy: {
      minReplicas: 2,
      maxReplicas: 4,
      priority: 1000,
      retention: '14d',
      immutableBackups,
      vaultLock: { mode: 'governance', minRetention: '1d', maxRetention: '100d' },
      backupWindow: { start: '1h', completion: '2h' },
      evidenceValidity: '90d',
      region: { rpo: '24h', rto: '24h', interpretation: 'A Region loss may cost a day.' },
    },
  };
}

function asset(i: number, vaultedEvery: number, databases: number): Record<string, unknown> {
  const kind = kindOf(i, databases);
  const id = assetId(i, databases);
  const base = {
    id,
    kind,
    owner: `svc-${String(Math.floor(i / 50)).padStart(2, '0')}`,
    backupMethod: 'generated',
    tier: i % vaultedEvery === 0 ? 'vaulted' : i % 3 === 0 ? 'bronze' : 'gold',
  };
  switch (kind) {
    case 'postgres':
    case 'mysql':
      return { ...base, rpo: '1h', rto: '1h', ...(i % 7 === 0 ? { preDeploySnapshot: true } : {}) };
    case 'object-store':
      return { ...base, rpo: i % 2 === 0 ? '0' : '1h', rto: '1h' };
    case 'secret':
      return { ...base, rpo: '0', rto: '15m' };
    case 'redis':
      return { ...base, rpo: '1h', rto: '15m' };
    case 'redis-cache':
      return { ...base, rpo: 'rebuildable', rebuildFrom: assetId(i - 1, databases), rto: '15m' };
    case 'git':
      return {
        ...base,
        rpo: '0',
        rto: '15m',
        external: {
          provider: 'GitHub',
          evidence: 'Every clone holds full history.',
          unaffected: ['instance', 'az', 'region'],
        },
      };
  }
}

/** The catalog document: `assets` assets plus the services that own them. */
export function largeCatalogDoc(assets: number, options: LargeCatalogOptions = {}): Record<string, unknown> {
  const vaultedEvery = options.vaultedEvery ?? 37;
  const databases = options.databases ?? 20;
  const list = Array.from({ length: assets }, (_, i) => asset(i, vaultedEvery, databases));
  if (databases < 1) throw new Error('largeCatalogDoc: `databases` must be at least 1 (the drill restores pg-0000)');
  const drilled = [...new Set([0, nthDatabase(databases - 1)])]
    .filter((i) => i < assets)
    .map((i) => assetId(i, databases));
  // A Redis keeps its password in a secret its clients read: a service owning one depends on the first secret.
  const secret = list.find((a) => a.kind === 'secret')?.id as string | undefined;
  const ownsRedis = (id: string) => list.some((a) => a.owner === id && String(a.kind).startsWith('redis'));
  const services = [...new Set(list.map((a) => a.owner as string))].map((id) => ({
    id,
    tier: 'gold',
    rpo: 'stateless',
    rto: '10m',
    notes: 'Generated.',
    owns: [],
    dependsOn: secret && ownsRedis(id) ? [secret] : [],
  }));
  return {
    version: 1,
    company: 'Acme Scale',
    profile: 'production',
    environment: {
      account: '222222222222',
      regions: { primary: 'us-east-1', dr: 'us-west-2' },
      availabilityZones: {
        'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
        'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c'],
      },
      kubernetes: { version: '1.30', namespace: 'scale', clusters: { primary: 'scale-prod' }, imageTag: '1.0.0' },
    },
    contacts: [{ id: 'ops', role: 'Operations', email: 'ops@acme.example', notify: true }],
    tiers: [tier('vaulted', true), tier('gold', false), tier('bronze', false)],
    services,
    assets: list,
    drills: [
      { id: 'pitr', name: 'PITR restore', kind: 'pitr-restore', frequency: 'quarterly', owner: 'ops', assets: drilled },
    ],
  };
}

export function largeCatalog(assets: number, options: LargeCatalogOptions = {}): Catalog {
  return parseCatalog(stringify(largeCatalogDoc(assets, options)), options.file ?? 'large-targets.yaml');
}
