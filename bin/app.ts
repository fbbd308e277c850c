/** The app entry point of `npm run synth` and `cdk synth` (cdk.json's "app"): see bin/entry.ts. */
import { main } from './entry';

process.exitCode = main();
