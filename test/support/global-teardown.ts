import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const dir = process.env.DR_TEST_SYNTH_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
