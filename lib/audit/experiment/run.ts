/**
 * `dr drill ENTRY --mode … --yes`: find the deployed template, start it, watch it to a terminal state, measure it.
 * Interrupted (Ctrl-C) or out of time, the experiment is stopped (fis:StopExperiment) before the drill returns.
 */
import { TERMINAL_STATES, type Experiment, type FisClient } from '../../aws';
import { AuditInputError } from '../errors';
import type { ExperimentPlan } from './plan';
import { identifyingTags } from './plan';
import { measureExperiment, type MeasureDeps, type Measurement } from './measure';
import { EXPERIMENT_TAG, type SynthesizedExperiment } from './templates';

export interface ExperimentDeps extends MeasureDeps {
  readonly fis: FisClient;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly progress: (line: string) => void;
  /** Aborted on Ctrl-C: the experiment is stopped and nothing is measured. */
  readonly signal?: AbortSignal;
}

export interface ExperimentRunOptions {
  readonly intervalMs: number;
  readonly timeoutSeconds: number;
  /** Names the run: the idempotency token and the `dr:drill` tag of the experiment. */
  readonly runId: string;
}

export interface ExperimentRun {
  readonly templateId: string;
  readonly experiment: Experiment;
  /** Why the drill stopped it, when it did. */
  readonly stoppedByDrill?: string;
  readonly measurement: Measurement;
}

/** The deployed template carrying every tag of the synthesized one (its id is only known after the deploy). */
export async function deployedTemplateId(fis: FisClient, template: SynthesizedExperiment): Promise<string> {
  const want = Object.entries(identifyingTags(template));
  const all = await fis.listExperimentTemplates();
  const found = all.filter((t) => want.every(([k, v]) => t.tags[k] === v));
  const tagText = want.map(([k, v]) => `${k}=${v}`).join(', ');
  if (found.length === 0) {
    throw new AuditInputError(
      `no deployed experiment template in ${fis.region} is tagged ${tagText} (${all.length} template(s) there): deploy stack ${template.stack} first`,
    );
  }
  if (found.length > 1) {
    throw new AuditInputError(
      `${found.length} deployed experiment templates in ${fis.region} are tagged ${tagText} (${found.map((t) => t.id).join(', ')}): remove the stale one`,
    );
  }
  return found[0]!.id;
}

const terminal = (e: Experiment) => (TERMINAL_STATES as readonly string[]).includes(e.state.status);

export async function runExperiment(
  deps: ExperimentDeps,
  plan: ExperimentPlan,
  o: ExperimentRunOptions,
): Promise<ExperimentRun> {
  const templateId = await deployedTemplateId(deps.fis, plan.template);
  deps.progress(`template ${templateId} (found by its tags)`);
  if (deps.signal?.aborted) throw new AuditInputError('interrupted before the experiment started: nothing was started');
  let experiment = await deps.fis.startExperiment({
    experimentTemplateId: templateId,
    clientToken: o.runId,
    tags: {
      'dr:drill': o.runId,
      [EXPERIMENT_TAG.asset]: plan.entry,
      [EXPERIMENT_TAG.mode]: plan.mode,
      ...(plan.zone ? { [EXPERIMENT_TAG.zone]: plan.zone } : {}),
    },
  });
  deps.progress(`experiment ${experiment.id} started: ${experiment.state.status}`);
  const startedAt = deps.now().getTime();
  const aborted = new Promise<void>((resolve) => {
    if (deps.signal?.aborted) resolve();
    deps.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  let stoppedByDrill: string | undefined;
  let last = experiment.state.status as string;
  while (!terminal(experiment)) {
    await Promise.race([deps.sleep(o.intervalMs), aborted]);
    if (!stoppedByDrill && deps.signal?.aborted) stoppedByDrill = 'interrupted (Ctrl-C)';
    if (!stoppedByDrill && (deps.now().getTime() - startedAt) / 1000 > o.timeoutSeconds)
      stoppedByDrill = `still ${experiment.state.status} after the --timeout`;
    if (stoppedByDrill) {
      deps.progress(`stopping experiment ${experiment.id}: ${stoppedByDrill}`);
      try {
        if (experiment.state.status !== 'stopping') experiment = await deps.fis.stopExperiment(experiment.id);
      } catch (e) {
        // It may have ended on its own meanwhile: then there is nothing to stop.
        experiment = await deps.fis.getExperiment(experiment.id);
        if (!terminal(experiment)) throw e;
      }
      // After a stop, read at once, then poll without the (already aborted) signal: a short pause between reads.
      if (!terminal(experiment)) experiment = await deps.fis.getExperiment(experiment.id);
      while (!terminal(experiment)) {
        await deps.sleep(Math.min(o.intervalMs, 5000));
        experiment = await deps.fis.getExperiment(experiment.id);
      }
      break;
    }
    experiment = await deps.fis.getExperiment(experiment.id);
    if (experiment.state.status !== last) {
      last = experiment.state.status;
      deps.progress(
        `experiment ${experiment.id}: ${last}${experiment.state.reason ? ` (${experiment.state.reason})` : ''}`,
      );
    }
  }
  const measurement = await measureExperiment(deps, plan, experiment, stoppedByDrill);
  return { templateId, experiment, ...(stoppedByDrill ? { stoppedByDrill } : {}), measurement };
}
