/**
 * jest `runtime`: jest's own, but a worker compiles each module once and keeps the pure ones loaded.
 *
 * jest gives every test file a fresh module registry: each file loaded aws-cdk-lib, yaml, zod and this repository's
 * sources anew, and ran them cold, without the type feedback and optimized code V8 had built for them in the worker's
 * previous files (a YAML manifest parses 4–5 times slower cold than warm).
 * - Compiled once: jest compiles each module with `vm.compileFunction`, which V8 never caches (70,000 compilations in
 *   a run). Here a module's source becomes one `vm.Script` per worker that evaluates to the same function, so the parse
 *   and the bytecode are shared. A module whose source has a dynamic `import()` is compiled as jest does: its import
 *   hook belongs to one test file.
 * - Kept: the heavy pure packages, and this repository's sources whose imports reach nothing else, are loaded once per
 *   worker and shared by its files (test/support/worker-environment.js gives them one context, so one realm). What
 *   tests stub or mock (the AWS SDK, and whatever imports it; everything, in a file that calls `jest.mock`) is still
 *   loaded afresh for each file.
 */
const { readFileSync } = require('node:fs');
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;
const { IN_KEPT_PACKAGE, keptSources } = require('./kept-sources');

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

/** path → module, for every kept module the worker has loaded. */
const keptModules = new Map();
let sources;

/** A file's module registry, with the kept modules' entries in the worker's one registry. */
class Registry extends Map {
  constructor(keepsSources) {
    super();
    this.keeps = (path) =>
      typeof path === 'string' && (IN_KEPT_PACKAGE.test(path) || (keepsSources && sources.has(path)));
  }
  get(path) {
    return this.keeps(path) ? keptModules.get(path) : super.get(path);
  }
  has(path) {
    return this.keeps(path) ? keptModules.has(path) : super.has(path);
  }
  set(path, module) {
    if (this.keeps(path)) keptModules.set(path, module);
    else super.set(path, module);
    return this;
  }
  delete(path) {
    return this.keeps(path) ? keptModules.delete(path) : super.delete(path);
  }
}

/** The runtime of the file the worker runs now. */
let live;
/** module path → its source map, for every module the worker transformed: a kept module is transformed once. */
const sourceMaps = new Map();

class WorkerRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    sources ??= keptSources(this._config.rootDir);
    // A file that mocks a module (jest.mock, jest.doMock) gets its own copy of this repository's sources, built on
    // its mocks; the kept packages it shares all the same.
    const mocks = /\bjest\.(mock|doMock|setMock|unstable_mockModule)\(/.test(readFileSync(this._testPath, 'utf8'));
    this.registries.moduleRegistry = new Registry(!mocks);
    // jest maps each file's stack traces through the source maps of what that file transformed: a kept source's
    // lines stay its TypeScript lines in the files after the one that loaded it.
    this.transformCache.sourceMaps = sourceMaps;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the worker's one record of which file runs now
    live = this;
  }

  // A kept module requires lazily (aws-cdk-lib's namespaces, for one) through the runtime of the file that loaded it,
  // which may be torn down: such a require goes to the file that runs now. Anything else a torn-down file requires
  // (a timer it left behind) gets jest's own error, as before.
  requireModuleOrMock(from, moduleName) {
    return live !== this && live !== undefined && keptModules.has(from)
      ? live.requireModuleOrMock(from, moduleName)
      : super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = WorkerRuntime;
