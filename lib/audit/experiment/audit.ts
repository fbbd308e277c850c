/**
 * `dr audit --evidence`: the finished runs of the project's experiment templates (found by the synthesized templates'
 * tags, as the drill finds them), each measured as the drill measures its own (measure.ts) and recorded as evidence,
 * or named with why it is none. An AZ template names no entry: its runs count for the entry that `dr drill` tagged
 * the experiment with (`dr:asset`), and a run started elsewhere is reported, not guessed.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { RDSClient } from '@aws-sdk/client-rds';
import { TERMINAL_STATES, type FisClient } from '../../aws';
import type { Posture } from '../../posture';
import type { EvidenceRecord } from '../evidence';
import { experimentEvidence, measureExperiment, runText } from './measure';
import { alarmsFor, databaseOf, identifyingTags } from './plan';
import type { NamingContext } from '../../names';
import { EXPERIMENT_TAG, type SynthesizedExperiment } from './templates';

export interface ExperimentAuditClients {
  fis(region: string): FisClient;
  rds(region: string): RDSClient;
  cloudwatch(region: string): CloudWatchClient;
}

export interface ExperimentAudit {
  readonly records: EvidenceRecord[];
  /** One line per run that is not evidence, and per template not deployed. */
  readonly notes: string[];
}

export async function auditExperiments(
  clients: ExperimentAuditClients,
  experiments: readonly SynthesizedExperiment[],
  posture: Posture,
  since: Date,
  naming: NamingContext,
): Promise<ExperimentAudit> {
  const defaultRegion = naming.primaryRegion;
  const records: EvidenceRecord[] = [];
  const notes: string[] = [];
  const byRegion = new Map<string, SynthesizedExperiment[]>();
  for (const t of experiments) {
    const region = t.region ?? defaultRegion;
    byRegion.set(region, [...(byRegion.get(region) ?? []), t]);
  }
  for (const [region, synthesized] of byRegion) {
    const fis = clients.fis(region);
    const deployed = await fis.listExperimentTemplates();
    for (const t of synthesized) {
      const want = Object.entries(identifyingTags(t));
      const matches = deployed.filter((d) => want.every(([k, v]) => d.tags[k] === v));
      if (matches.length === 0) {
        notes.push(`${t.stack}/${t.logicalId}: not deployed in ${region} (no template carries its tags)`);
        continue;
      }
      for (const d of matches) {
        // Finished runs in the audit's window; one still running is read by a later audit.
        const runs = (await fis.listExperiments(d.id)).filter(
          (s) =>
            (s.creationTime === undefined || s.creationTime >= since) &&
            (TERMINAL_STATES as readonly string[]).includes(s.state.status),
        );
        for (const s of runs) {
          const e = await fis.getExperiment(s.id);
          const entry = t.asset ?? e.tags[EXPERIMENT_TAG.asset];
          const drill = e.tags['dr:drill'];
          const by = [drill ? `dr drill ${drill}` : '', t.zone ? `zone ${t.zone}` : ''].filter(Boolean).join(', ');
          const run = runText(e, d.id, by || undefined);
          if (!entry) {
            notes.push(`${run}: a ${t.mode}-mode run that names no entry (dr:asset): started outside dr drill`);
            continue;
          }
          const rto = posture.entries.find((x) => x.id === entry)?.modes[t.mode as 'instance']?.target.rtoSeconds;
          if (rto === null || rto === undefined) {
            notes.push(`${run}: ${entry} has no ${t.mode}-mode RTO target in the posture`);
            continue;
          }
          const database = databaseOf(t, entry, naming);

          const m = await measureExperiment(
            { rds: clients.rds(region), cloudwatch: clients.cloudwatch(region) },
            {
              rtoSeconds: rto,
              ...(database ? { database } : {}),
              ...alarmsFor(t, entry),
            },
            e,
          );
          if (m.outcome === 'not-measured') notes.push(`${entry} · ${t.mode}: ${run}: ${m.why}`);
          else records.push(experimentEvidence(entry, t.mode, region, m, run));
        }
      }
    }
  }
  return { records, notes };
}
