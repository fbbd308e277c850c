/**
 * One runbook per catalog entry (`dist/runbooks/<id>.md`, committed as `docs/runbooks/`): who to call, the
 * identifiers of what is deployed, and per failure mode the figures the posture proves, the acceptances, the steps of
 * each mechanism the artifacts implement, the team's own notes from the catalog and the drills that rehearse it.
 * Deterministic (catalog order, no clock), so it diffs in pull requests.
 */
import { figureText, humanDuration, type Asset, type Catalog, type Service } from '../catalog';
import { rtoAlarmOf, sloOf } from '../catalog-plan';
import { kindModule, MODES, type MechanismSpec, type Mode, type Status } from '../model';
import {
  azStopAlarmName,
  bucketName,
  databaseIdentifier,
  databaseUnavailableAlarmName,
  experimentName,
  databaseSecretName,
  dbSubnetGroupName,
  imageUri,
  k8s,
  k8sName,
  LABEL,
  rdbSnapshotPrefix,
  repositoryName,
  restoreTestingRoleName,
  secretName,
  sloAlarmName,
  SLO_WINDOW_SLUGS,
  snapshotBucketName,
  vaultName,
} from '../names';
import type { Posture, PostureEntry, PostureField, PostureMode } from '../posture';
import { stepFor, type Step, type StepContext } from './steps';

export const MODE_HEADING: Readonly<Record<Mode, readonly [title: string, what: string]>> = {
  instance: ['Instance', 'one DB instance, node, pod or process fails'],
  az: ['Zone', 'an availability zone of the primary Region is lost'],
  region: ['Region', 'the primary Region is lost'],
  corruption: ['Corruption', 'data is corrupted or deleted (a bad deploy, an operator, an attacker)'],
};
/** The anchor GitHub gives each mode's heading. */
export const modeAnchor = (mode: Mode) => MODE_HEADING[mode][0].toLowerCase();

const ICON: Readonly<Record<Status, string>> = {
  'n/a': '·',
  met: '✅',
  expected: '☑️',
  accepted: '🟡',
  unverified: '❔',
  gap: '❌',
};

export interface RunbookInput {
  readonly catalog: Catalog;
  readonly posture: Posture;
  /** The mechanisms the artifacts implement for an entry (the checker's reading). */
  readonly mechanisms: (id: string) => readonly MechanismSpec[];
  /** The posture Markdown, relative to the runbooks' folder. @default '../dr-posture.md' */
  readonly postureLink?: string;
}

const code = (s: string) => `\`${s}\``;
const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function contactsOf(catalog: Catalog, entry: Asset | Service, drills: Catalog['drills']): string[] {
  const why = new Map<string, string[]>();
  const add = (id: string, reason: string) => {
    if (catalog.contacts.some((c) => c.id === id)) why.set(id, [...(why.get(id) ?? []), reason]);
  };
  for (const c of catalog.contacts) if (c.notify) add(c.id, 'receives the DR alerts (failed jobs, tampering, alarms)');
  if ('owner' in entry) add(entry.owner, 'owns the asset');
  for (const d of drills) add(d.owner, `runs the ${d.frequency} drill “${d.name}”`);
  for (const owner of new Set(entry.acceptances.map((a) => a.owner))) {
    const mine = entry.acceptances.filter((a) => a.owner === owner);
    const modes = MODES.filter((m) => mine.some((a) => a.mode === m)).map((m) => MODE_HEADING[m][0].toLowerCase());
    const until = [...new Set(mine.map((a) => a.expires))].sort().join(', ');
    add(owner, `owns the acceptances of ${modes.join(', ')} (until ${until})`);
  }
  if (catalog.slaPolicy) {
    add(
      catalog.slaPolicy.reportTo,
      `is told of an SLA breach within ${humanDuration(catalog.slaPolicy.reportWithinSeconds)}; post-mortem within ${humanDuration(catalog.slaPolicy.postMortemWithinSeconds)}`,
    );
  }
  const rows = catalog.contacts
    .filter((c) => why.has(c.id))
    .map((c) => `| ${c.role} | ${c.email} | ${escape([...new Set(why.get(c.id))].join('; '))} |`);
  return ['## Who to call', '', '| Role | Contact | Why |', '|---|---|---|', ...rows, ''];
}

/** How the service's health is seen, and the alarm that fires once it has been unhealthy for its RTO. */
function healthRows(catalog: Catalog, service: Service): string[][] {
  const alarm = rtoAlarmOf(catalog.naming, service);
  if (!alarm) return [['Health signal', 'none declared (`DR-HEALTH-SIGNAL`): no alarm says when it is down or back']];
  const signal = alarm.signal;
  const seen =
    signal.kind === 'canary'
      ? `canary ${code(alarm.canaryName!)} requests ${code(signal.url)} every minute${signal.internal ? " from the cluster's subnets" : ''}`
      : [
          code(`${signal.namespace}/${signal.name}`),
          ...Object.entries(signal.dimensions).map(([k, v]) => `${k}=${v}`),
        ].join(' ') + ` (${signal.statistic}), healthy when ${code(`${signal.healthy.op} ${signal.healthy.value}`)}`;
  const slo = sloOf(catalog.naming, service);
  return [
    ['Health signal', seen],
    [
      'RTO alarm',
      `${code(alarm.alarmName)}: ALARM after ${alarm.evaluationPeriods} unhealthy minute(s) in a row (the RTO), OK once healthy again`,
    ],
    ...(slo
      ? [
          [
            'SLO alarms',
            `${slo.objective} % availability on the same signal: ${SLO_WINDOW_SLUGS.map((w) => code(sloAlarmName(catalog.naming, service.id, w))).join(', ')} (burn-rate pairs: the first two page, the last opens a ticket)`,
          ],
        ]
      : []),
  ];
}

/**
 * The fault-injection experiments that prove a mode of an entry (constructs/experiments.ts; `dr drill <id> --mode`
 * starts them): instance — a Multi-AZ database's forced failover, a service's or its Redis asset's pod deletion; az —
 * the zone experiments, when any service has a health signal to judge them.
 */
function experimentLines(
  catalog: Catalog,
  entry: Asset | Service,
  mode: Mode,
  specs: readonly MechanismSpec[],
): string[] {
  const n = catalog.naming;
  const signalled = new Set(catalog.services.filter((s) => s.health).map((s) => s.id));
  const multiAz = 'kind' in entry && specs.some((s) => s.id === 'rds-multi-az-instance');
  const drill = (m: Mode) => code(`dr drill ${entry.id} --mode ${m}`);
  if (mode === 'instance') {
    if (multiAz)
      return [
        `- ${drill('instance')}: the FIS experiment ${code(experimentName(n, 'instance', entry.id))} forces a Multi-AZ failover, stopped (a fail) by ${code(databaseUnavailableAlarmName(n, entry.id))}`,
      ];
    if (!('kind' in entry) && signalled.has(entry.id) && entry.workload !== 'overlay')
      return [
        `- ${drill('instance')}: the FIS experiment ${code(experimentName(n, 'instance', entry.id))} deletes one pod, stopped (a fail) by its RTO alarm`,
      ];
    if ('kind' in entry && entry.kind === 'redis' && signalled.has(entry.owner))
      return [
        `- ${drill('instance')}: the FIS experiment ${code(experimentName(n, 'instance', entry.id))} deletes one Redis pod — any of them: Sentinel moves the primary, so no template can name it — stopped (a fail) by ${entry.owner}'s RTO alarm`,
      ];
    return [];
  }
  if (mode !== 'az' || signalled.size === 0) return [];
  const covered =
    multiAz ||
    (!('kind' in entry) && signalled.has(entry.id)) ||
    ('kind' in entry && kindModule(entry.kind).backupResourceType === 'EBS');
  if (!covered) return [];
  const zones = catalog.environment.availabilityZones[n.primaryRegion] ?? [];
  return [
    `- ${drill('az')}: the FIS experiments ${zones.map((z) => code(experimentName(n, 'az', z))).join(', ')} (one per zone), stopped (a fail) by ${code(azStopAlarmName(n))}, any service past its RTO; every target must be found, so a zone that holds no database primary cannot start`,
  ];
}

function identifiers(catalog: Catalog, entry: Asset | Service, specs: readonly MechanismSpec[]): string[][] {
  const n = catalog.naming;
  const ns = catalog.environment.kubernetes.namespace;
  const has = (id: MechanismSpec['id']) => specs.some((s) => s.id === id);
  const rows: string[][] = [];
  if (!('kind' in entry)) {
    rows.push([
      'Deployment',
      `${code(k8s.deployment(entry.id))} in namespace ${code(ns)}, pods labelled ${code(`${LABEL.service}=${entry.id}`)}`,
    ]);
    rows.push(['Image', code(imageUri(n, entry.id, catalog.environment.kubernetes.imageTag))]);
    rows.push(['ECR repository', `${code(repositoryName(n, entry.id))} (replicated to ${n.drRegion})`]);
    rows.push(...healthRows(catalog, entry));
    return rows;
  }
  switch (entry.kind) {
    case 'postgres':
    case 'mysql':
      rows.push(['DB instance', `${code(databaseIdentifier(n, entry.id))} in ${n.primaryRegion}`]);
      rows.push(['Master secret', code(databaseSecretName(n, entry.id))]);
      rows.push(['DB subnet group', code(dbSubnetGroupName(n))]);
      rows.push([
        'Health signal',
        'its Multi-AZ failover events (RDS-EVENT-0013 started, 0049 completed, 0015 to the standby, 0034 abandoned) reach the alerts topic',
      ]);
      break;
    case 'object-store':
      rows.push(['Bucket', code(bucketName(n, entry.id, 'primary'))]);
      if (has('s3-replication')) rows.push(['Replica bucket', code(bucketName(n, entry.id, 'dr'))]);
      break;
    case 'secret':
      rows.push(['Secret', code(secretName(n, entry.id))]);
      break;
    case 'redis':
      rows.push([
        'StatefulSet',
        `${code(k8sName(entry.id))} in namespace ${code(ns)} (Sentinel master ${code(k8sName(entry.id))})`,
      ]);
      if (has('redis-rdb-shipping')) {
        rows.push([
          'Shipped snapshots',
          `${code(`s3://${snapshotBucketName(n, 'primary')}/${rdbSnapshotPrefix(entry.id)}`)}, replicated to ${code(snapshotBucketName(n, 'dr'))}`,
        ]);
      }
      break;
    case 'redis-cache':
      rows.push(['Deployment', `${code(k8sName(entry.id))} in namespace ${code(ns)}`]);
      break;
    case 'git':
      rows.push(['Provider', entry.external?.provider ?? 'outside AWS']);
      break;
  }
  if (kindModule(entry.kind).backupResourceType && (has('backup-continuous') || has('backup-snapshot'))) {
    rows.push([
      'Backup vault',
      `${code(vaultName(n, entry.tier))} in ${n.primaryRegion}${has('backup-copy') ? ` and ${n.drRegion}` : ''}`,
    ]);
    rows.push(['Restore role', code(restoreTestingRoleName(n))]);
  }
  return rows;
}

function fieldText(name: string, f: PostureField, target: number | null): string {
  if (f.status === 'n/a') return `${name} n/a`;
  const figure = figureText(f.seconds, f.bound, f.atLeastSeconds);
  const measured = f.evidence
    ? ` (measured ${f.evidence.date}, ${f.evidence.source}${f.evidence.validUntil ? `, valid until ${f.evidence.validUntil}` : ''})`
    : '';
  return `${ICON[f.status]} ${name} ${figure}${measured} against ${target === null ? 'n/a' : humanDuration(target)}`;
}

function summary(m: PostureMode): string[] {
  const out = [
    `**Posture:** ${fieldText('RPO', m.rpo, m.target.rpoSeconds)} · ${fieldText('RTO', m.rto, m.target.rtoSeconds)} — ${m.status}.`,
  ];
  const b = m.slaBudget;
  if (b && b.basis !== 'unaffected') {
    out.push(
      `**SLA budget:** one incident of ${humanDuration(b.incidentSeconds)} uses ${Math.round(b.share * 100)} % of the ` +
        `${humanDuration(Math.round(b.budgetSeconds))} a month ${b.slaPercent} % allows (${b.status}).`,
    );
  }
  if (m.rpo.evidence === undefined && m.rto.evidence === undefined && m.status !== 'n/a') {
    out.push('**Evidence:** none recorded for this mode: the figures are the model’s.');
  }
  for (const a of m.acceptances) {
    const from = a.inheritedFrom ? ` (written on ${a.inheritedFrom})` : '';
    out.push(
      `**Accepted** (${a.fields.join(', ')}; ${a.owner}, until ${a.expires})${from}: ${escape(a.reason.trim())}`,
    );
  }
  return out.flatMap((l) => [l, '']);
}

function stepLines(steps: readonly Step[]): string[] {
  return steps.flatMap((s, i) => [
    `${i + 1}. **${s.title}.** ${s.text}`,
    ...(s.commands && s.commands.length > 0 ? ['', '   ```sh', ...s.commands.map((c) => `   ${c}`), '   ```'] : []),
    '',
  ]);
}

function drillLines(catalog: Catalog, entry: Asset | Service, mode: Mode, specs: readonly MechanismSpec[]): string[] {
  const out: string[] = [...experimentLines(catalog, entry, mode, specs)];
  const drillable =
    'kind' in entry &&
    kindModule(entry.kind).backupResourceType !== null &&
    specs.some((s) => s.id === 'backup-continuous' || s.id === 'backup-snapshot');
  if (drillable && mode === 'corruption')
    out.push(
      `- ${code(`dr drill ${entry.id}`)}: restore the newest recovery point into a new resource, timed against the RTO`,
    );
  if (drillable && mode === 'region' && specs.some((s) => s.id === 'backup-copy'))
    out.push(
      `- ${code(`dr drill ${entry.id} --region ${catalog.naming.drRegion}`)}: restore the copy in the DR Region`,
    );
  for (const d of catalog.drills.filter((d) => d.assets.includes(entry.id))) {
    const fits =
      d.kind === 'region-failover'
        ? mode === 'region'
        : d.kind === 'service-failover'
          ? mode !== 'corruption'
          : mode === 'corruption';
    if (fits) out.push(`- the catalog's drill “${d.name}” (${d.frequency}, ${code(d.schedule)}, owner ${d.owner})`);
  }
  return out.length > 0 ? ['**Rehearse it:**', '', ...out, ''] : [];
}

function modeSection(
  input: RunbookInput,
  entry: Asset | Service,
  p: PostureEntry,
  mode: Mode,
  ctx: StepContext,
): string[] {
  const [title, what] = MODE_HEADING[mode];
  const m = p.modes[mode];
  const out = [`## ${title}`, '', `_${what}_`, '', ...summary(m)];
  if (m.status === 'n/a') return [...out, 'Nothing to recover: this failure cannot touch it, or it keeps nothing.', ''];
  const specs = input.mechanisms(entry.id);
  // With continuous backup the restore is to a point in time: the snapshot rules' points are the same restore.
  const continuous = specs.some((s) => s.id === 'backup-continuous');
  const steps = specs
    .filter((s) => !(continuous && s.id === 'backup-snapshot'))
    .map((s) => stepFor(ctx, s, mode))
    .filter((s): s is Step => s !== undefined);
  const notes: Step[] = entry.runbook
    .filter((r) => r.modes.includes(mode))
    .map((r) => ({
      title: r.title,
      text: r.text,
      ...(r.command ? { commands: r.command.trimEnd().split('\n') } : {}),
    }));
  const all = [...steps, ...notes];
  out.push(...(all.length > 0 ? stepLines(all) : ['No step of its own in this mode.', '']));
  if (p.dependsOn.length > 0) {
    out.push(
      `**Depends on:** ${p.dependsOn.map((d) => `[${d}](${d}.md#${modeAnchor(mode)}) (${input.posture.entries.find((e) => e.id === d)?.modes[mode].status ?? '?'})`).join(', ')}`,
      '',
    );
  }
  out.push(...drillLines(input.catalog, entry, mode, specs));
  return out;
}

export function entryRunbook(input: RunbookInput, id: string): string {
  const { catalog } = input;
  const entry: Asset | Service = catalog.assets.find((a) => a.id === id) ?? catalog.services.find((s) => s.id === id)!;
  const p = input.posture.entries.find((e) => e.id === id);
  if (!p) throw new Error(`runbook: the posture has no entry ${id}`);
  const tier = catalog.tiers.find((t) => t.id === entry.tier)!;
  const ctx: StepContext = {
    catalog,
    naming: catalog.naming,
    id,
    ...('kind' in entry ? { asset: entry } : {}),
    tier: entry.tier,
    namespace: catalog.environment.kubernetes.namespace,
  };
  const kind = 'kind' in entry ? entry.kind : 'service';
  const about = 'kind' in entry ? `owner ${entry.owner} · ${entry.backupMethod}` : `${entry.notes}`;
  const drills = catalog.drills.filter((d) => d.assets.includes(id));
  const rows = identifiers(catalog, entry, input.mechanisms(id));
  return [
    `# Runbook: ${id}`,
    '',
    `${kind} · ${tier.id} (${tier.name}) · ${escape(about)}`,
    '',
    `Generated by \`npm run synth\` from ${code(catalog.file)} and the synthesized artifacts: change those, not this file. ` +
      `Figures and statuses are the [DR posture](${input.postureLink ?? '../dr-posture.md'})'s, as of ${input.posture.asOf}. ` +
      `Primary Region ${catalog.naming.primaryRegion}, DR Region ${catalog.naming.drRegion}, account ${catalog.naming.account}.`,
    '',
    ...contactsOf(catalog, entry, drills),
    ...(rows.length > 0
      ? ['## Identifiers', '', '| What | Name |', '|---|---|', ...rows.map(([w, v]) => `| ${w} | ${v} |`), '']
      : []),
    ...MODES.flatMap((mode) => modeSection(input, entry, p, mode, ctx)),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()
    .concat('\n');
}

/** The index: every entry's runbook with its modes' statuses. */
export function runbookIndex(input: RunbookInput): string {
  const rows = input.posture.entries.map(
    (e) =>
      `| [${e.id}](${e.id}.md) | ${e.kind} | ${e.tier} | ${MODES.map((m) => `[${ICON[e.modes[m].status]} ${e.modes[m].status}](${e.id}.md#${modeAnchor(m)})`).join(' | ')} |`,
  );
  return [
    `# Runbooks — ${input.catalog.company}`,
    '',
    `One per catalog entry, generated by \`npm run synth\` with the [DR posture](${input.postureLink ?? '../dr-posture.md'}) (as of ${input.posture.asOf}). Each is rehearsed by the drills it names.`,
    '',
    '| Entry | Kind | Tier | Instance | Zone | Region | Corruption |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** Every runbook and the index, by file name. */
export function runbooks(input: RunbookInput): ReadonlyMap<string, string> {
  const files = new Map<string, string>([['README.md', runbookIndex(input)]]);
  for (const e of input.posture.entries) files.set(`${e.id}.md`, entryRunbook(input, e.id));
  return files;
}
