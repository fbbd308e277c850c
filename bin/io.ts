/** What a command may do to the outside world; tests pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  exit(code: number): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => {
    process.exitCode = code;
  },
};
