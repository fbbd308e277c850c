/**
 * `DrTargets`: the DR targets of a CDK app, at its root — the catalog (a file or an object) plus the assets declared or
 * adopted in code — and the DR layer built from them. Every target is registered first; when the app synthesizes,
 * the effective catalog is validated and planned once (quotas, stack placement and shared vaults decided over all of
 * them), then the DR layer is built (constructs/app.ts `buildAwsApp`, the same code the generated app runs) and the
 * plan applied to the team's own resources (constructs/adopt.ts). Synth also writes the effective catalog into the
 * cloud assembly (`dr-targets.effective.yaml`), where `dr check` and the checker plugin read it.
 *
 *   const targets = DrTargets.fromFile(app, 'dr-targets.yaml');
 *   targets.protect(ordersDb, { asset: 'orders' });                       // an asset of the file
 *   targets.protect(mediaBucket, { asset: 'media', tier: 'tier-2', rpo: '1h', rto: '4h' }); // declared here
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { App, AspectPriority, Aspects, type Duration, type IAspect } from 'aws-cdk-lib';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { parse, stringify } from 'yaml';
import {
  CatalogError,
  catalogPathProblem,
  EFFECTIVE_CATALOG_FILE,
  FILE_LIMITS,
  formatDuration,
  loadCatalog,
  parseCatalog,
  readTextFile,
  TARGETS_SOURCE_ID,
  type Catalog,
  type TargetsSource,
} from '../lib/catalog';
import { planCatalog, type CatalogPlan } from '../lib/catalog-plan';
import { place, placementPath, resolvePlacement, type Placement } from '../lib/placement';
import { buildAwsApp, type Adopted, type AwsStacks } from './app';

/** The construct id of DrTargets at the app root: `DrTargets.of` and the checker plugin find it by it. */
const DR_TARGETS_ID = TARGETS_SOURCE_ID;

/** A duration as the catalog takes it: an aws-cdk-lib Duration, or the catalog's own text (`0`, `15m`, `4h`, `35d`). */
export type TargetDuration = Duration | string;

export interface ProtectOptions {
  /** The catalog asset the resource implements: an id of the catalog, or a new one declared with `tier`, `rpo`, `rto`. */
  readonly asset: string;
  /**
   * Declares the asset here: its tier (an id of the catalog's tiers). Give `tier`, `rpo` and `rto` together, for an id
   * the catalog does not have.
   * @default - the catalog's entry of `asset`
   */
  readonly tier?: string;
  /** How much data it may lose. A Duration, or `0`, `15m`, `stateless`, … @default - the catalog's entry */
  readonly rpo?: TargetDuration;
  /** How long it may be down. @default - the catalog's entry */
  readonly rto?: TargetDuration;
  /**
   * The catalog kind. Needed only for an imported DB instance, whose engine is unknown.
   * @default - postgres or mysql from an instance's engine; object-store for a bucket
   */
  readonly kind?: 'postgres' | 'mysql' | 'object-store';
  /** A service or contact id of the catalog. @default - the catalog's first contact */
  readonly owner?: string;
  /** How long backups and noncurrent versions are kept. @default - the tier's retention */
  readonly retention?: TargetDuration;
  /** What the team calls its backup method, for the posture. @default 'protected by DrTargets' */
  readonly backupMethod?: string;
  /**
   * Shortfalls the team accepts for an asset declared here, as the catalog's `accept:` takes them (an asset of the
   * catalog file accepts in the file). @default - none
   */
  readonly accept?: readonly AcceptOptions[];
}

/** One accepted shortfall of a failure mode: a ceiling per field (`unbounded` for none), with its reason and owner. */
export interface AcceptOptions {
  readonly mode: 'instance' | 'az' | 'region' | 'corruption';
  /** @default - the RPO is not accepted */
  readonly rpo?: TargetDuration;
  /** @default - the RTO is not accepted */
  readonly rto?: TargetDuration;
  /** One incident at the RTO past the SLA's monthly error budget (DR-SLA-BUDGET). @default - not accepted */
  readonly slaBudget?: TargetDuration;
  readonly reason: string;
  /** A contact or service id of the catalog. */
  readonly owner: string;
  /** YYYY-MM-DD. */
  readonly expires: string;
}

export interface DrTargetsProps {
  /** The catalog, validated (lib/catalog `loadCatalog`, `parseCatalog`). */
  readonly catalog: Catalog;
  /**
   * The catalog as a document, to which declared assets are added before the effective catalog is validated.
   * @default - `catalog.file`, read again
   */
  readonly document?: Record<string, unknown>;
  /** The plan of `catalog`, when the caller has made it (the generated app). @default - planned at synth */
  readonly plan?: CatalogPlan;
  /** Which stack holds each asset. @default - the placement file beside the catalog, else placed afresh */
  readonly placement?: Placement;
}

interface Registration {
  readonly resource: rds.IDatabaseInstance | s3.IBucket;
  readonly options: ProtectOptions;
  /** Where `protect` was called for it: named in messages. */
  readonly path: string;
  /** The catalog entry it adds, when it declares one. */
  readonly entry?: Record<string, unknown>;
}

export class DrTargets extends Construct implements TargetsSource {
  /** Loads the catalog file (located errors: CatalogError) and puts DrTargets at the app's root. */
  static fromFile(app: App, file: string, props: Omit<DrTargetsProps, 'catalog' | 'document'> = {}): DrTargets {
    const catalog = loadCatalog(file);
    const document = parse(readTextFile(file, FILE_LIMITS.catalog)) as Record<string, unknown>;
    return new DrTargets(app, DR_TARGETS_ID, { ...props, catalog, document });
  }

  /** A catalog written in code, validated as a file would be; `file` anchors its relative paths (evidence). */
  static fromObject(app: App, document: Record<string, unknown>, file = 'dr-targets.yaml'): DrTargets {
    return new DrTargets(app, DR_TARGETS_ID, { catalog: parseCatalog(stringify(document), file), document });
  }

  /** A catalog already loaded (and planned and placed, as the generated app's entry does). */
  static fromCatalog(app: App, catalog: Catalog, props: Omit<DrTargetsProps, 'catalog'> = {}): DrTargets {
    return new DrTargets(app, DR_TARGETS_ID, { ...props, catalog });
  }

  /** The DrTargets of the app `scope` is in. */
  static of(scope: IConstruct): DrTargets {
    const found = scope.node.root.node.tryFindChild(DR_TARGETS_ID);
    if (!(found instanceof DrTargets))
      throw new Error(
        `${scope.node.path}: no DrTargets at the app root; add one first, e.g. DrTargets.fromFile(app, 'dr-targets.yaml')`,
      );
    return found;
  }

  readonly catalog: Catalog;
  private readonly document: Record<string, unknown>;
  private readonly registrations = new Map<string, Registration>();
  private planned?: CatalogPlan;
  private built?: AwsStacks;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: DrTargetsProps,
  ) {
    if (!App.isApp(scope)) throw new Error(`DrTargets: \`scope\` must be the App, got ${scope.node.path}`);
    super(scope, id);
    this.catalog = props.catalog;
    this.document = structuredClone(
      props.document ?? (parse(readTextFile(props.catalog.file, FILE_LIMITS.catalog)) as Record<string, unknown>),
    );
    // The deploying account (lib/catalog withAccount) replaces the file's, in the effective catalog too.
    const environment = this.document.environment as Record<string, unknown> | undefined;
    if (environment) environment.account = props.catalog.environment.account;
    if (props.plan && props.plan.catalog !== props.catalog)
      throw new Error('DrTargets: `plan` was made for another catalog than `catalog`');
    this.planned = props.plan;
    // Built once every construct has registered: when the app synthesizes, before anything is resolved.
    const build: IAspect = {
      visit: (node) => {
        if (node === scope) this.build();
      },
    };
    Aspects.of(scope).add(build, { priority: AspectPriority.MUTATING });
    this.node.addValidation({ validate: () => this.writeEffectiveCatalog(scope.outdir) });
  }

  /**
   * Protects a resource the team defines as a catalog asset: the plan's settings are applied to it when the app
   * synthesizes, and the DR layer protects it (backup plans, vaults, replicas). An imported resource gets a warning per
   * setting it cannot take, which the checker reports (DR-ADOPTION).
   */
  protect(resource: rds.IDatabaseInstance | s3.IBucket, options: ProtectOptions): void {
    const path = resource.node.path;
    if (this.planned || this.built)
      throw new Error(
        `${path}: DrTargets.protect('${options.asset}') came after the targets were planned: protect every resource before the app synthesizes`,
      );
    const existing = this.registrations.get(options.asset);
    if (existing)
      throw new Error(
        `${path}: \`asset\` '${options.asset}' is already protected at ${existing.path}; one resource per asset`,
      );
    const kind = kindOf(resource, options);
    const declared = [options.tier, options.rpo, options.rto].filter((x) => x !== undefined).length;
    const inFile = this.catalog.assets.find((a) => a.id === options.asset);
    if (declared > 0 && declared < 3)
      throw new Error(`${path}: give \`tier\`, \`rpo\` and \`rto\` together to declare asset '${options.asset}'`);
    if (declared === 3 && inFile)
      throw new Error(
        `${path}: asset '${options.asset}' is already in ${this.catalog.file}; protect it without \`tier\`, \`rpo\` and \`rto\`, or give another \`asset\``,
      );
    if (options.accept !== undefined && inFile)
      throw new Error(
        `${path}: asset '${options.asset}' is in ${this.catalog.file}; accept its shortfalls there, not with \`accept\``,
      );
    if (declared === 0 && !inFile)
      throw new Error(
        `${path}: \`asset\` '${options.asset}' is not in ${this.catalog.file}; give \`tier\`, \`rpo\` and \`rto\` to declare it here`,
      );
    if (inFile && kind !== undefined && inFile.kind !== kind)
      throw new Error(
        `${path}: asset '${options.asset}' is a ${inFile.kind} in ${this.catalog.file}, but the resource is a ${kind}`,
      );
    const entry =
      declared === 3
        ? {
            id: options.asset,
            kind: kind ?? missingKind(path),
            tier: options.tier,
            rpo: durationText(options.rpo!),
            rto: durationText(options.rto!),
            owner: options.owner ?? this.catalog.contacts[0]?.id,
            backupMethod: options.backupMethod ?? 'protected by DrTargets',
            ...(options.retention !== undefined ? { retention: durationText(options.retention) } : {}),
            ...(options.accept !== undefined ? { accept: options.accept.map(acceptEntry) } : {}),
          }
        : undefined;
    this.registrations.set(options.asset, { resource, options, path, ...(entry ? { entry } : {}) });
  }

  /** The catalog with the assets declared in code: validated and planned once, on first use. */
  effectiveCatalog(): Catalog {
    return this.plan().catalog;
  }

  /** The plan of every target, made once; no resource may be protected after it. */
  plan(): CatalogPlan {
    if (!this.planned) this.planned = planCatalog(this.effective());
    return this.planned;
  }

  /** Builds the DR layer (once): the DR stacks beside the app's own, and the plan applied to protected resources. */
  build(): AwsStacks {
    if (this.built) return this.built;
    const plan = this.plan();
    const placement =
      this.props.placement ??
      (existsSync(placementPath(plan.catalog.file)) ? resolvePlacement(plan).placement : place(plan, new Map()));
    const adopted = new Map<string, Adopted>(
      [...this.registrations].map(([id, r]) => [
        id,
        'bucketName' in r.resource
          ? { kind: 'bucket', bucket: r.resource }
          : { kind: 'database', instance: r.resource },
      ]),
    );
    this.built = buildAwsApp(this.node.root as App, plan, placement, { adopted });
    return this.built;
  }

  /** The effective catalog as a document: the file's, with the declared assets. */
  private effectiveDocument(): Record<string, unknown> {
    const declared = [...this.registrations.values()].flatMap((r) => (r.entry ? [r.entry] : []));
    const doc = structuredClone(this.document);
    doc.assets = [...((doc.assets as unknown[] | undefined) ?? []), ...declared];
    return doc;
  }

  private effective(): Catalog {
    const declared = [...this.registrations.values()].filter((r) => r.entry);
    if (declared.length === 0) return this.catalog;
    const fileAssets = this.catalog.assets.length;
    try {
      return parseCatalog(stringify(this.effectiveDocument()), this.catalog.file);
    } catch (e) {
      if (!(e instanceof CatalogError)) throw e;
      // The document was re-written: name the construct that declared the entry, not a line of it.
      const lines = e.problems.map((p) => {
        const i = p.path[0] === 'assets' && typeof p.path[1] === 'number' ? p.path[1] - fileAssets : -1;
        const field = p.path.slice(2).join('.') || 'asset';
        const value = p.value === undefined ? '' : `got ${JSON.stringify(p.value)}; `;
        return i >= 0
          ? `${declared[i]!.path}: \`${field}\`: ${value}${p.message}`
          : `${p.subject}: ${p.field}: ${value}${p.message}`;
      });
      throw new Error(
        `DrTargets: the assets protected in code do not fit ${this.catalog.file}:\n  - ${lines.join('\n  - ')}`,
        { cause: e },
      );
    }
  }

  /** Writes the effective catalog into the cloud assembly, its file paths re-anchored there. */
  private writeEffectiveCatalog(outdir: string): string[] {
    const doc = this.effectiveDocument();
    const file = join(outdir, EFFECTIVE_CATALOG_FILE);
    const from = dirname(resolve(this.catalog.file));
    const notes: string[] = [];
    for (const key of ['evidence', 'drillLog'] as const) {
      const target = resolve(from, key === 'evidence' ? this.catalog.evidence : this.catalog.drillLog);
      const path = relative(outdir, target);
      // A cloud assembly outside the catalog's project cannot name the file in it: dr check takes --evidence then.
      if (catalogPathProblem(file, path) === undefined) doc[key] = path;
      else {
        delete doc[key];
        notes.push(`# ${key}: ${target} is outside this cloud assembly's project (dr check --evidence FILE)`);
      }
    }
    mkdirSync(outdir, { recursive: true });
    const header = [
      `# The effective DR targets of this app: ${this.catalog.file} and the assets protected in code (DrTargets).`,
      ...notes,
    ];
    writeFileSync(file, `${header.join('\n')}\n${stringify(doc)}`);
    return [];
  }
}

/** The catalog kind a resource can be, from what it is. */
function kindOf(resource: rds.IDatabaseInstance | s3.IBucket, options: ProtectOptions): string | undefined {
  if ('bucketName' in resource) {
    if (options.kind !== undefined && options.kind !== 'object-store')
      throw new Error(`${resource.node.path}: \`kind\` ${options.kind} for a bucket; expected object-store`);
    return 'object-store';
  }
  const family = (resource as rds.IDatabaseInstance).engine?.engineFamily;
  const fromEngine = family === 'POSTGRESQL' ? 'postgres' : family === 'MYSQL' ? 'mysql' : undefined;
  if (family !== undefined && fromEngine === undefined)
    throw new Error(
      `${resource.node.path}: engine family ${family} is not one of the catalog's kinds (postgres, mysql)`,
    );
  if (options.kind !== undefined && fromEngine !== undefined && options.kind !== fromEngine)
    throw new Error(`${resource.node.path}: \`kind\` ${options.kind}, but the instance's engine is ${fromEngine}`);
  if (options.kind === 'object-store')
    throw new Error(`${resource.node.path}: \`kind\` object-store for a DB instance; expected postgres or mysql`);
  return fromEngine ?? options.kind;
}

function missingKind(path: string): never {
  throw new Error(`${path}: the instance's engine is unknown (imported): give \`kind\` postgres or mysql`);
}

/** A Duration as catalog text (`20m`); text as it is, for validation to judge. */
function acceptEntry(a: AcceptOptions): Record<string, unknown> {
  return {
    mode: a.mode,
    ...(a.rpo !== undefined ? { rpo: durationText(a.rpo) } : {}),
    ...(a.rto !== undefined ? { rto: durationText(a.rto) } : {}),
    ...(a.slaBudget !== undefined ? { slaBudget: durationText(a.slaBudget) } : {}),
    reason: a.reason,
    owner: a.owner,
    expires: a.expires,
  };
}

function durationText(d: TargetDuration): string | number {
  if (typeof d === 'string') return d;
  const seconds = d.toSeconds();
  return seconds === 0 ? 0 : formatDuration(seconds);
}
