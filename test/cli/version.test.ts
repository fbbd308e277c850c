/** `dr --version` prints the package's version and exits 0; the shim runs the current sources (bin/dr.js). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { run } from '../../bin/dr';
import type { Io } from '../../bin/io';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

test('dr --version and -V print the package version and exit 0', async () => {
  for (const flag of ['--version', '-V']) {
    const out: string[] = [];
    let code: number | undefined;
    const io: Io = { out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`), exit: (c) => (code = c) };
    await run([flag], io);
    expect([flag, out, code]).toEqual([flag, [VERSION], 0]);
  }
});

test('the npm shim (bin/dr.js) builds what is stale, then runs it: --version through a fresh process', () => {
  const r = spawnSync(process.execPath, ['bin/dr.js', '--version'], { encoding: 'utf8' });
  expect([r.status, r.stdout.trim()]).toEqual([0, VERSION]);
});
