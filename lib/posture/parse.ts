/** Reading a posture file back (for `dr diff`): every problem located as `file: path: expected …`. */
import { parseJsonText } from '../catalog';
import { MODES, STATUSES } from '../model';
import { POSTURE_VERSION, REPORT_BOUNDS, type Posture } from './report';

export class PostureError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PostureError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parsePosture(text: string, file: string): Posture {
  let data: unknown;
  try {
    data = parseJsonText(text, file);
  } catch (e) {
    throw new PostureError([(e as Error).message]);
  }
  const problems: string[] = [];
  const expect = (ok: boolean, path: string, expected: string, got: unknown) => {
    if (!ok) problems.push(`${file}: ${path}: expected ${expected}, got ${JSON.stringify(got) ?? 'nothing'}`);
    return ok;
  };
  const seconds = (v: unknown) => v === null || (typeof v === 'number' && v >= 0);
  if (!expect(isObject(data), '(top)', 'a posture object', data)) throw new PostureError(problems);
  const p = data as Record<string, unknown>;
  expect(p.version === POSTURE_VERSION, 'version', String(POSTURE_VERSION), p.version);
  if (!expect(Array.isArray(p.entries), 'entries', 'a list', p.entries)) throw new PostureError(problems);
  (p.entries as unknown[]).forEach((e, i) => {
    const at = `entries[${i}]`;
    if (!expect(isObject(e), at, 'an entry', e)) return;
    const entry = e as Record<string, unknown>;
    for (const key of ['id', 'kind', 'tier'] as const)
      expect(typeof entry[key] === 'string', `${at}.${key}`, 'text', entry[key]);
    expect(Array.isArray(entry.dependsOn), `${at}.dependsOn`, 'a list', entry.dependsOn);
    if (!expect(isObject(entry.modes), `${at}.modes`, 'the four modes', entry.modes)) return;
    for (const mode of MODES) {
      const m = (entry.modes as Record<string, unknown>)[mode];
      const mp = `${at}.modes.${mode}`;
      if (!expect(isObject(m), mp, 'a mode', m)) continue;
      const mm = m as Record<string, unknown>;
      const target = isObject(mm.target) ? mm.target : {};
      const achieved = isObject(mm.achieved) ? mm.achieved : {};
      expect(seconds(target.rpoSeconds), `${mp}.target.rpoSeconds`, 'seconds or null', target.rpoSeconds);
      expect(seconds(target.rtoSeconds), `${mp}.target.rtoSeconds`, 'seconds or null', target.rtoSeconds);
      expect(seconds(achieved.rpoSeconds), `${mp}.achieved.rpoSeconds`, 'seconds or null', achieved.rpoSeconds);
      expect(seconds(achieved.rtoSeconds), `${mp}.achieved.rtoSeconds`, 'seconds or null', achieved.rtoSeconds);
      expect(
        REPORT_BOUNDS.includes(achieved.bound as never),
        `${mp}.achieved.bound`,
        `one of ${REPORT_BOUNDS.join(', ')}`,
        achieved.bound,
      );
      expect(Array.isArray(achieved.mechanisms), `${mp}.achieved.mechanisms`, 'a list', achieved.mechanisms);
      for (const s of ['rpoStatus', 'rtoStatus', 'status'] as const) {
        expect(STATUSES.includes(mm[s] as never), `${mp}.${s}`, `one of ${STATUSES.join(', ')}`, mm[s]);
      }
    }
  });
  if (problems.length > 0) throw new PostureError(problems);
  return data as Posture;
}
