/**
 * The `dr` command. Exit codes: 0 fine, 1 a finding (gap, breach, regression), 2 bad input or could not run.
 * User mistakes print located messages, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { version } from '../package.json';
import { CatalogError, FileReadError, formatProblem } from '../lib/catalog';
import { InputError } from '../lib/checker';
import { COMMANDS } from './commands';
import { internalErrorText, INTERNAL_ERROR_EXIT } from './internal-error';
import { processIo, type Io } from './io';

export class UsageError extends Error {}

export function buildProgram(io: Io): Command {
  const program = new Command('dr')
    .description(
      'DR targets as code: validate the catalog, check synthesized artifacts, diff postures, audit and drill',
    )
    .version(version, '-V, --version', 'print the version of dr-targets-as-code')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  for (const register of COMMANDS) register(program, io);
  return program;
}

export async function run(argv: readonly string[], io: Io = processIo): Promise<void> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; anything else commander rejects is a usage mistake.
      io.exit(e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? 0 : 2);
    } else if (e instanceof CatalogError) {
      for (const p of e.problems) io.err(formatProblem(p));
      io.err(`${e.problems.length} problem(s) in the catalog.`);
      io.exit(2);
    } else if (e instanceof UsageError) {
      io.err(`dr: ${e.message}`);
      io.exit(2);
    } else if (e instanceof FileReadError || e instanceof InputError) {
      io.err(e.message);
      io.exit(2);
    } else {
      io.err(internalErrorText('dr', e).trimEnd());
      io.exit(INTERNAL_ERROR_EXIT);
    }
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(internalErrorText('dr', e));
    process.exitCode = INTERNAL_ERROR_EXIT;
  });
}
