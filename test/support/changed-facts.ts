/**
 * A stand-in for lib/model/facts.ts whose figures a test can change for a moment, installed with
 *
 *   jest.mock('../../lib/model/facts', () => jest.requireActual<typeof import('../support/changed-facts')>('../support/changed-facts').changedFacts());
 *
 * A construct or chart that follows a changed figure reads it from the facts table; one that copied the number does
 * not, and its test fails. Unchanged figures are the real ones, so plans made outside `withFact` are the real plans.
 */
import type * as Facts from '../../lib/model/facts';

const actual = jest.requireActual<typeof Facts>('../../lib/model/facts');
const changed = new Map<Facts.FactId, number>();

/** The facts module with `factValue` answering changed figures (a fact's main value; named values stay real). */
export function changedFacts(): typeof Facts {
  return {
    ...actual,
    factValue: (id: Facts.FactId, name?: string) =>
      (name === undefined ? changed.get(id) : undefined) ?? actual.factValue(id, name),
  };
}

/** Runs `body` while fact `id` publishes `value`. */
export function withFact<T>(id: Facts.FactId, value: number, body: () => T): T {
  changed.set(id, value);
  try {
    return body();
  } finally {
    changed.delete(id);
  }
}
