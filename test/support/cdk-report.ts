/**
 * CDK prints its validation report to the console when the plugins (the DR checker among them) only warn: what a user
 * sees under `cdk synth`. A test that synthesizes such an app reads that report here instead of letting it run into
 * the suite's output, and can say what it must contain.
 */
export function reported<T>(synth: () => T): { readonly result: T; readonly report: string } {
  const printed: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
  });
  try {
    const result = synth();
    return { result, report: printed.join('\n') };
  } finally {
    spy.mockRestore();
  }
}
