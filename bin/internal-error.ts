/**
 * What the user sees when the code, not their input, went wrong: one line that says so and where to report it, exit 2
 * (never 1, which CI reads as a DR finding, nor 3, which `dr diff` uses for an added acceptance). The stack trace only
 * with DEBUG set, for the report.
 */
export const BUG_REPORT = 'CONTRIBUTING.md, "Reporting a bug"';

export function internalErrorText(program: string, e: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
  const line =
    `${program}: internal error (a bug in dr-targets-as-code, not a problem with your input): ${message}. ` +
    `Please report it (${BUG_REPORT}) with the output of the same command run with DEBUG=1.`;
  const stack = env.DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  return `${line}${stack}\n`;
}

export const INTERNAL_ERROR_EXIT = 2;
