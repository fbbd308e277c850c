/** Every rule of the registry is a row of docs/posture.md's findings table, with its severity, and nothing else is. */
import { readFileSync } from 'node:fs';
import { RULES } from '../../lib/checker';

test('docs/posture.md lists exactly the registry rules with their severities', () => {
  const rows = readFileSync('docs/posture.md', 'utf8')
    .split('\n')
    .flatMap((l) => {
      const m = /^\| `(DR-[A-Z-]+)` \| (\w+) \|/.exec(l);
      return m ? [`${m[1]} ${m[2]}`] : [];
    });
  expect(rows.sort()).toEqual(
    Object.values(RULES)
      .map((r) => `${r.id} ${r.severity}`)
      .sort(),
  );
});
