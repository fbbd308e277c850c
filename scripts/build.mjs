// Bundles the entry points with esbuild (no type-checking: `npm run typecheck` does that). Dependencies stay external.
import { build } from 'esbuild';

await build({
  // scripts/*: the scale benchmark's catalogs and its DR-off baseline entry (npm run bench).
  entryPoints: {
    'bin/app': 'bin/app.ts',
    'bin/dr': 'bin/dr.ts',
    'scripts/generate-catalog': 'scripts/generate-catalog.ts',
    'scripts/baseline-app': 'scripts/baseline-app.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
