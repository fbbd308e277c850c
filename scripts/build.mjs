// Bundles the entry points with esbuild (no type-checking: `npm run typecheck` does that). Dependencies stay external.
import { build } from 'esbuild';

await build({
  entryPoints: { 'bin/app': 'bin/app.ts', 'bin/dr': 'bin/dr.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
