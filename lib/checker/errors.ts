/** Input the checker cannot read (a missing folder, invalid JSON or YAML, a malformed evidence record): exit 2. */
export class InputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}
