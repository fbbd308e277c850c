/** The app entry point of `npm run synth` and `cdk synth` (cdk.json's "app"): see bin/entry.ts. */
import type * as Entry from './entry';
import { internalErrorText, INTERNAL_ERROR_EXIT } from './internal-error';

// Whatever escapes main() — even while loading the app's modules — is a bug: one line and exit 2, never Node's
// default trace and exit 1, which CI would read as a DR finding.
process.on('uncaughtException', (e) => {
  process.stderr.write(internalErrorText('synth', e));
  process.exit(INTERNAL_ERROR_EXIT);
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require('./entry') as typeof Entry;
// `npm run synth -- --out DIR`: this catalog's outputs under DIR (bin/outputs.ts).
const at = process.argv.findIndex((a) => a === '--out' || a.startsWith('--out='));
const out =
  at < 0 ? undefined : process.argv[at]!.startsWith('--out=') ? process.argv[at]!.slice(6) : process.argv[at + 1];
process.exitCode = main(out ? { out } : {});
