/**
 * The benchmark's baseline (npm run bench): the same app entry as bin/app.ts (bin/entry.ts) without the DR checker plugin and the
 * posture, to measure the policy layer's overhead side by side. Not a way to skip the check: it is not the app that
 * `npm run synth` or `cdk synth` run (cdk.json names bin/app.ts), and it is built only into dist/scripts/.
 */
import { main } from '../bin/entry';

process.exitCode = main({ drCheck: false });
