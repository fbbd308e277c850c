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
const DYNAMIC_IMPORT = /\bimport\s*\(/;
/** filename → the source and parameters compiled, and its script (null: compiled as jest does). */
const scripts = new Map();

function scriptFor(code, params, { filename, importModuleDynamically: _hook, parsingContext: _context, ...options }) {
  const known = scripts.get(filename);
  if (known !== undefined && known.code === code && known.params === params.join()) return known.script;
  // The import hook belongs to one test file: a module that could call it is not shared.
  const script = DYNAMIC_IMPORT.test(code)
    ? null
    : // The wrapper's own line is line 0, so the module's lines and columns are its own (stack traces, source maps).
      new vm.Script(`(function (${params.join(', ')}) {\n${code}\n})`, { ...options, filename, lineOffset: -1 });
  scripts.set(filename, { code, params: params.join(), script });
  return script;
}

vm.compileFunction = function compileOnce(code, params = [], options = {}) {
  const shareable = options.filename !== undefined && options.parsingContext !== undefined;
  const script = shareable ? scriptFor(code, params, options) : null;
  return script === null ? compileFunction(code, params, options) : script.runInContext(options.parsingContext);
};

module.exports = Runtime;
