/**
 * jest `runtime`: jest's own, but a worker compiles each module once.
 *
 * jest gives every test file a fresh module registry, and compiles each module it loads with `vm.compileFunction`,
 * which V8 never caches: a worker compiled aws-cdk-lib, the AWS SDK, zod and this repository's sources again for every
 * test file (70,000 compilations in a run). Here a module's source is compiled once per worker as a `vm.Script` that
 * evaluates to the same function, and that script runs in each test file's own context: the modules still run afresh
 * per file, but the parse and the bytecode of every function V8 has compiled so far are shared.
 *
 * A module whose source has a dynamic `import()` is compiled as jest does: its import hook belongs to one test file.
 */
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

const compileFunction = vm.compileFunction;
/** filename → the source compiled, and its script. */
const scripts = new Map();

vm.compileFunction = function compileOnce(code, params = [], options = {}) {
  // The import hook is left out: it belongs to one test file, and a module that could call it is not shared.
  const { filename, parsingContext, importModuleDynamically: _hook, ...rest } = options;
  if (filename === undefined || parsingContext === undefined || /\bimport\s*\(/.test(code)) {
    return compileFunction(code, params, options);
  }
  let entry = scripts.get(filename);
  if (entry === undefined || entry.code !== code) {
    // The wrapper's own line is line 0, so the module's lines and columns are its own (stack traces, source maps).
    const script = new vm.Script(`(function (${params.join(', ')}) {\n${code}\n})`, {
      ...rest,
      filename,
      lineOffset: -1,
    });
    entry = { code, params: params.join(), script };
    scripts.set(filename, entry);
  }
  if (entry.params !== params.join()) return compileFunction(code, params, options);
  return entry.script.runInContext(parsingContext);
};

module.exports = Runtime;
