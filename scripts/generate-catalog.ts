/**
 * Synthetic catalogs for the scale benchmark (`npm run bench`): N data assets of every kind, three tiers, services
 * that own and depend on them, drills. The same (assets, seed, today, changedTargets) always give the same bytes.
 *
 * A catalog must synthesize, so the gaps the planner cannot close are accepted — honestly: each acceptance is
 * generated from a shortfall of the plan (its ceiling is what the best configuration achieves, or `unbounded` when
 * nothing protects or no figure is published), carries a generated reason and owner, and expires a year after `today`.
 *
 * Build and run: `node scripts/build.mjs && node dist/scripts/generate-catalog.js --assets 100 --seed 1 --out c.yaml`
 * (`--changed 5` tightens five assets' targets: the head of a `dr diff`; `--today YYYY-MM-DD` dates the acceptances).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import {
  formatDuration,
  parseCatalog,
  parseDuration,
  slaOf,
  type Asset,
  type Catalog,
  contextFor,
} from '../lib/catalog';
import {
  assess,
  boundByDependencies,
  judgeBudget,
  MODES,
  type Acceptance,
  type Assessment,
  type MechanismSpec,
  type Mode,
} from '../lib/model';
import { dependenciesOf, planCatalog } from '../lib/catalog-plan';

export interface GenerateOptions {
  /** Data assets (at least 7: one of each kind). */
  readonly assets: number;
  readonly seed: number;
  /** ISO date the acceptances are generated on; they expire 365 days later. */
  readonly today: string;
  /** Assets whose targets are tightened after generation (a second posture of the same size). @default 0 */
  readonly changedTargets?: number;
}

export interface GeneratedCatalog {
  readonly yaml: string;
  readonly catalog: Catalog;
  /** How many acceptances were generated (assets and services). */
  readonly acceptances: number;
}

const M = 60;
const H = 3600;
const KINDS = ['postgres', 'mysql', 'redis', 'redis-cache', 'object-store', 'secret', 'git'] as const;
type Kind = (typeof KINDS)[number];
/** Share of each kind after the first seven assets (one of each). */
const KIND_WEIGHTS: Readonly<Record<Kind, number>> = {
  postgres: 25,
  mysql: 10,
  redis: 10,
  'redis-cache': 10,
  'object-store': 20,
  secret: 15,
  git: 10,
};
const PREFIX: Readonly<Record<Kind, string>> = {
  postgres: 'pg',
  mysql: 'my',
  redis: 'rd',
  'redis-cache': 'rc',
  'object-store': 'os',
  secret: 'sec',
  git: 'git',
};
/** Targets per kind: menus the generator picks from (a large catalog repeats its targets). */
const TARGETS: Readonly<
  Record<Kind, { readonly rpo: readonly (number | 'rebuildable')[]; readonly rto: readonly number[] }>
> = {
  postgres: { rpo: [0, 15 * M, H, 4 * H, 24 * H], rto: [15 * M, 30 * M, H, 2 * H, 4 * H] },
  mysql: { rpo: [15 * M, H, 4 * H, 24 * H], rto: [15 * M, 30 * M, H, 4 * H] },
  redis: { rpo: [H, 4 * H, 24 * H], rto: [5 * M, 15 * M, 30 * M] },
  'redis-cache': { rpo: ['rebuildable'], rto: [5 * M, 15 * M] },
  'object-store': { rpo: [0, 15 * M, H, 4 * H], rto: [10 * M, H, 4 * H] },
  secret: { rpo: [0, H], rto: [5 * M, 10 * M] },
  git: { rpo: [0], rto: [5 * M, 15 * M] },
};
const SERVICE_RTO = [5 * M, 15 * M, 30 * M, H, 2 * H];
const TIERS = ['gold', 'silver', 'bronze'] as const;
const OWNER = 'platform';

/** mulberry32: a small, fast, seedable generator; deterministic across Node versions. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Picker = <T>(list: readonly T[]) => T;

function picker(rand: () => number): Picker {
  return <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
}

function weighted<K extends string>(rand: () => number, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let r = rand() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return entries[entries.length - 1]![0];
}

const duration = (seconds: number): string => formatDuration(seconds);
const pad = (n: number) => String(n).padStart(4, '0');

type RawAcceptance = {
  mode: Mode;
  rpo?: string;
  rto?: string;
  slaBudget?: string;
  reason: string;
  owner: string;
  expires: string;
};
type RawAsset = Record<string, unknown> & { id: string; kind: Kind; accept?: RawAcceptance[] };
type RawService = Record<string, unknown> & {
  id: string;
  owns: string[];
  dependsOn: string[];
  accept?: RawAcceptance[];
};
interface RawDocument {
  readonly head: Record<string, unknown>;
  readonly services: RawService[];
  readonly assets: RawAsset[];
  readonly drills: Record<string, unknown>[];
}

function tier(id: (typeof TIERS)[number], rank: number): Record<string, unknown> {
  const windows = [
    { start: '1h', completion: '2h' },
    { start: '1h', completion: '3h' },
    { start: '1h', completion: '4h' },
  ][rank]!;
  const region = [
    { rpo: '1h', rto: '4h' },
    { rpo: '24h', rto: '24h' },
    { rpo: '24h', rto: '72h' },
  ][rank]!;
  return {
    id,
    name: id.charAt(0).toUpperCase() + id.slice(1),
    definition: `Generated tier ${rank + 1} of the scale benchmark.`,
    sla: [99.9, 99.5, 99.0][rank],
    policy: {
      minReplicas: rank === 2 ? 1 : 2,
      maxReplicas: [10, 6, 4][rank],
      priority: [1000000, 100000, 10000][rank],
      retention: '35d',
      immutableBackups: true,
      vaultLock:
        rank === 2
          ? { mode: 'governance', minRetention: '1d', maxRetention: '400d' }
          : { mode: 'compliance', changeableForDays: 3, minRetention: '1d', maxRetention: '400d' },
      backupWindow: windows,
      evidenceValidity: ['90d', '180d', '365d'][rank],
      region: { ...region, interpretation: `Region-loss targets of generated tier ${rank + 1}.` },
    },
  };
}

/** The catalog without acceptances: assets, services that own and depend on them, drills. */
function document(options: GenerateOptions): RawDocument {
  const rand = random(options.seed);
  const pick = picker(rand);
  const assets: RawAsset[] = [];
  for (let i = 0; i < options.assets; i++) {
    const kind: Kind = i < KINDS.length ? KINDS[i]! : weighted(rand, KIND_WEIGHTS);
    const id = `${PREFIX[kind]}-${pad(i + 1)}`;
    const rpo = pick(TARGETS[kind].rpo);
    const asset: RawAsset = {
      id,
      kind,
      rpo: rpo === 'rebuildable' ? rpo : duration(rpo),
      rto: duration(pick(TARGETS[kind].rto)),
    };
    if (kind === 'redis-cache') {
      const databases = assets.filter((a) => a.kind === 'postgres' || a.kind === 'mysql');
      asset.rebuildFrom = pick(databases).id;
    }
    assets.push(asset);
  }

  const serviceCount = Math.max(2, Math.ceil(options.assets / 4));
  const services: RawService[] = Array.from({ length: serviceCount }, (_, i) => ({
    id: `svc-${pad(i + 1)}`,
    tier: pick(TIERS),
    rpo: rand() < 0.6 ? 'stateless' : duration(pick([H, 4 * H, 24 * H])),
    rto: duration(pick(SERVICE_RTO)),
    notes: 'Generated service of the scale benchmark.',
    owns: [],
    dependsOn: [],
  }));
  const secrets = assets.filter((a) => a.kind === 'secret');
  const repos = assets.filter((a) => a.kind === 'git');
  const data = assets.filter((a) => a.kind !== 'secret' && a.kind !== 'git');

  // Secrets and repositories belong to the platform contact; data assets to a service, tier inherited or their own.
  for (const a of [...secrets, ...repos]) Object.assign(a, { tier: pick(TIERS), owner: OWNER });
  for (const a of repos) {
    a.external = {
      provider: 'GitHub',
      evidence: 'Generated: manifests are applied from Git by GitOps.',
      unaffected: ['instance', 'az', 'region'],
    };
  }
  for (const [i, a] of data.entries()) {
    // Every service owns something: the first services take the first assets, the rest go at random.
    const owner = i < services.length ? services[i]! : pick(services);
    owner.owns.push(a.id);
    a.owner = owner.id;
    if (rand() < 0.5) a.tier = pick(TIERS);
  }
  for (const a of assets) {
    a.backupMethod = `generated ${a.kind} asset`;
    if ((a.kind === 'postgres' || a.kind === 'mysql') && rand() < 0.05) a.personalData = true;
  }
  for (const s of services) {
    // A service reads one secret (Redis keeps its AUTH password in a secret its clients read) and may use other data.
    const deps = new Set([pick(secrets).id]);
    if (rand() < 0.5) deps.add(pick(repos).id);
    const extra = Math.floor(rand() * 3);
    for (let k = 0; k < extra; k++) deps.add(pick(data).id);
    s.dependsOn = [...deps].filter((d) => !s.owns.includes(d));
  }

  const databases = assets.filter((a) => a.kind === 'postgres' || a.kind === 'mysql');
  const redis = assets.filter((a) => a.kind === 'redis');
  const drills: Record<string, unknown>[] = [
    {
      id: 'pitr-restore',
      name: 'Database PITR restore',
      kind: 'pitr-restore',
      frequency: 'quarterly',
      owner: OWNER,
      assets: databases.slice(0, 2).map((a) => a.id),
    },
    {
      id: 'redis-restore',
      name: 'Redis restore',
      kind: 'redis-restore',
      frequency: 'monthly',
      owner: OWNER,
      assets: redis.slice(0, 1).map((a) => a.id),
    },
    { id: 'tabletop', name: 'Runbook walkthrough', kind: 'tabletop', frequency: 'quarterly', owner: OWNER, assets: [] },
  ];

  const head = {
    version: 1,
    company: 'Bench Co',
    profile: 'production',
    environment: {
      account: '111111111111',
      regions: { primary: 'eu-west-2', dr: 'eu-west-1' },
      availabilityZones: {
        'eu-west-2': ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
        'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      },
      kubernetes: { version: '1.29', namespace: 'bench', clusters: { primary: 'bench-primary' }, imageTag: '1.0.0' },
    },
    contacts: [{ id: OWNER, role: 'Platform team', email: 'platform@bench.example', notify: true }],
    tiers: TIERS.map((t, rank) => tier(t, rank)),
  };
  return { head, services, assets, drills };
}

/** Tightens the RPO (or, without one, the RTO) of `count` assets to the next stricter value of their menu. */
function changeTargets(doc: RawDocument, count: number, seed: number): void {
  const rand = random(seed ^ 0x5bd1e995);
  const candidates = doc.assets.filter((a) => a.kind !== 'redis-cache');
  for (let k = 0; k < Math.min(count, candidates.length); k++) {
    const a = candidates.splice(Math.floor(rand() * candidates.length), 1)[0]!;
    const menu = TARGETS[a.kind];
    const rpos = menu.rpo.filter((r): r is number => typeof r === 'number');
    const rpo = rpos.indexOf(parseSeconds(a.rpo));
    if (rpo > 0) a.rpo = duration(rpos[rpo - 1]!);
    else a.rto = duration(Math.max(60, parseSeconds(a.rto) / 2));
  }
}

function parseSeconds(value: unknown): number {
  const seconds = parseDuration(value);
  if (seconds === undefined) throw new Error(`generateCatalog: not a duration: ${String(value)}`);
  return seconds;
}

function render(doc: RawDocument): string {
  const catalog = {
    ...doc.head,
    services: doc.services,
    assets: doc.assets,
    drills: doc.drills,
    drillLog: 'drills.md',
    evidence: 'evidence.json',
  };
  return `# Generated by scripts/generate-catalog.ts for the scale benchmark; do not edit.\n${stringify(catalog, { lineWidth: 0 })}`;
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/**
 * One acceptance per mode that falls short: ceilings are what the plan achieves, `unbounded` where nothing is known;
 * and where one incident at the RTO uses more than the SLA's monthly error budget, that incident (`slaBudget`).
 */
function acceptancesFor(
  assessment: Assessment,
  slaPercent: number,
  context: { readonly seed: number; readonly today: string },
): RawAcceptance[] {
  const result: RawAcceptance[] = [];
  for (const mode of MODES) {
    const m = assessment[mode];
    const fields = (['rpo', 'rto'] as const).filter((f) => (f === 'rpo' ? m.rpoStatus : m.rtoStatus) === 'gap');
    const budget = judgeBudget(m.target.rtoSeconds, m.rto, slaPercent, []);
    const overBudget = budget.status === 'over';
    if (fields.length === 0 && !overBudget) continue;
    const ceilings: Partial<Record<'rpo' | 'rto' | 'slaBudget', string>> = {};
    const why: string[] = [];
    if (overBudget) {
      ceilings.slaBudget = duration(budget.incidentSeconds);
      why.push(
        `one incident at the RTO (${duration(budget.incidentSeconds)}) uses ${Math.round(budget.share * 100)} % of the monthly budget of SLA ${slaPercent} %`,
      );
    }
    for (const f of fields) {
      const field = m[f];
      const target = f === 'rpo' ? m.target.rpoSeconds : m.target.rtoSeconds;
      const known = field.kind === 'figure' && field.figure.seconds !== null ? Math.ceil(field.figure.seconds) : null;
      ceilings[f] = known === null ? 'unbounded' : duration(known);
      const achieved =
        known === null
          ? field.kind === 'figure'
            ? 'has no published figure'
            : 'is unprotected'
          : `is ${duration(known)}`;
      why.push(`the ${f.toUpperCase()} ${achieved} (target ${duration(target ?? 0)})`);
    }
    const reason = `Generated ${context.today} for the scale benchmark (seed ${context.seed}): with the planner's best configuration, in ${mode} ${why.join(' and ')}.`;
    result.push({ mode, ...ceilings, reason, owner: OWNER, expires: addDays(context.today, 365) });
  }
  return result;
}

/**
 * A catalog of `assets` data assets. Plans it once; accepts what the plan leaves short for each asset, then for each
 * service what is still short after the weakest-link bound (asset acceptances carry over where they cover it).
 */
export function generateCatalog(options: GenerateOptions): GeneratedCatalog {
  if (!Number.isInteger(options.assets) || options.assets < KINDS.length) {
    throw new Error(
      `generateCatalog: \`assets\` must be a whole number ≥ ${KINDS.length} (one of each kind), got ${options.assets}`,
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today))
    throw new Error(`generateCatalog: \`today\` must be YYYY-MM-DD, got ${options.today}`);
  const doc = document(options);
  if (options.changedTargets) changeTargets(doc, options.changedTargets, options.seed);
  const file = `generated-${options.assets}.yaml`;
  const plain = parseCatalog(render(doc), file);
  const plan = planCatalog(plain);
  const context = { seed: options.seed, today: options.today };

  const accepted = new Map<string, Assessment>();
  const acceptancesOf = new Map<string, Acceptance[]>();
  let count = 0;
  for (const [raw, asset] of doc.assets.map((a, i) => [a, plain.assets[i]!] as const)) {
    const p = plan.assets.get(asset.id)!;
    const accept = acceptancesFor(p.assessment, slaOf(plain, asset.id), context);
    if (accept.length > 0) {
      raw.accept = accept;
      count += accept.length;
    }
    acceptancesOf.set(asset.id, accept.map(toAcceptance));
    accepted.set(asset.id, accept.length > 0 ? reassess(plain, asset, p.mechanisms, accept) : p.assessment);
  }
  for (const [raw, service] of doc.services.map((s, i) => [s, plain.services[i]!] as const)) {
    const own = plan.services.get(service.id)!.assessment;
    const effective = boundByDependencies(
      service,
      own,
      dependenciesOf(service).map((id) => ({
        id,
        assessment: accepted.get(id)!,
        acceptances: acceptancesOf.get(id) ?? [],
      })),
    );
    const accept = acceptancesFor(effective, service.sla, context);
    if (accept.length > 0) {
      raw.accept = accept;
      count += accept.length;
    }
  }
  const yaml = render(doc);
  return { yaml, catalog: parseCatalog(yaml, file), acceptances: count };
}

function toAcceptance(a: RawAcceptance): Acceptance {
  return {
    mode: a.mode,
    ...(a.rpo !== undefined ? { rpoSeconds: a.rpo === 'unbounded' ? 'unbounded' : parseSeconds(a.rpo) } : {}),
    ...(a.rto !== undefined ? { rtoSeconds: a.rto === 'unbounded' ? 'unbounded' : parseSeconds(a.rto) } : {}),
    ...(a.slaBudget !== undefined ? { slaBudgetSeconds: parseSeconds(a.slaBudget) } : {}),
    reason: a.reason,
    owner: a.owner,
    expires: a.expires,
  };
}

/** An asset's assessment with its new acceptances: the plan's mechanisms, judged again. */
function reassess(
  catalog: Catalog,
  asset: Asset,
  mechanisms: readonly MechanismSpec[],
  accept: readonly RawAcceptance[],
): Assessment {
  return assess({ ...asset, acceptances: accept.map(toAcceptance) }, mechanisms, contextFor(catalog, asset.tier));
}

function main(argv: readonly string[]): void {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      assets: { type: 'string' },
      seed: { type: 'string', default: '1' },
      today: { type: 'string', default: new Date().toISOString().slice(0, 10) },
      changed: { type: 'string', default: '0' },
      out: { type: 'string' },
    },
  });
  if (values.assets === undefined || values.out === undefined) {
    throw new Error('usage: generate-catalog --assets N --out FILE [--seed S] [--today YYYY-MM-DD] [--changed K]');
  }
  const generated = generateCatalog({
    assets: Number(values.assets),
    seed: Number(values.seed),
    today: values.today,
    changedTargets: Number(values.changed),
  });
  writeFileSync(values.out, generated.yaml);
  process.stdout.write(
    `${values.out}: ${generated.catalog.assets.length} assets, ${generated.catalog.services.length} services, ${generated.acceptances} acceptances\n`,
  );
}

if (require.main === module) main(process.argv.slice(2));
