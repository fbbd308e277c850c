/** Removes the run's scratch folder (jest.config.js points TMPDIR at it), whatever the suites left there. */
import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const dir = process.env.DR_TEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
