/**
 * jest `testEnvironment`: jest's node environment, but the test files a worker runs share one VM context.
 *
 * With a context per file, the modules test/support/worker-runtime.js keeps for the whole worker (aws-cdk-lib,
 * cdk8s, yaml, zod, …) would belong to the first file's realm: its `Array`, `Error` and `Promise` are not the next
 * file's. In one context they are everyone's. What a file leaves behind does not reach the next one: each file gets
 * its own `process` (so its `process.env`), its own mocks and timers; at its end every global it added (jest's own
 * state, a test's stub) is deleted again and every global it replaced is put back, except the few that kept modules
 * made for themselves (`keptGlobal`).
 */
const { TestEnvironment } = require('jest-environment-node');
const { ModuleMocker } = require('jest-mock');
const { LegacyFakeTimers, ModernFakeTimers } = require('@jest/fake-timers');

// As jest-environment-node has them.
function idToRef(id) {
  return {
    id,
    ref() {
      return this;
    },
    unref() {
      return this;
    },
  };
}

/**
 * Globals that the worker's kept modules made when they loaded, and still use: aws-cdk-lib's token map (its `Aws.*`
 * tokens are registered there once), zod's schema registry.
 */
const keptGlobal = (key) =>
  typeof key === 'symbol'
    ? /^@aws-cdk\//.test(key.description ?? '')
    : ['__cdkTokenMap', '__zod_globalRegistry', '__zod_globalConfig'].includes(key);

/** expect's matchers, equality testers and assertion counts: a global it makes once and that cannot be deleted. */
const EXPECT = Symbol.for('$$jest-matchers-object');

/** The worker's context, its global, and the global's own properties once jest had set it up. */
let shared;

class WorkerEnvironment extends TestEnvironment {
  constructor(config, context) {
    // jest builds a fresh context here; every file but a worker's first keeps only its `process`.
    super(config, context);
    if (shared === undefined) {
      shared = {
        context: this.context,
        global: this.global,
        proxy: this._globalProxy,
        properties: new Map(
          Reflect.ownKeys(this.global).map((k) => [k, Object.getOwnPropertyDescriptor(this.global, k)]),
        ),
      };
      return;
    }
    const { projectConfig } = config;
    const fresh = this.global;
    this.context = shared.context;
    this.global = shared.global;
    // The fresh context is let go (only its `process` is used).
    this._globalProxy = shared.proxy;
    this.global.process = fresh.process;
    this.moduleMocker = new ModuleMocker(this.global);
    this.fakeTimers = new LegacyFakeTimers({
      config: projectConfig,
      global: this.global,
      moduleMocker: this.moduleMocker,
      timerConfig: { idToRef, refToId: (timer) => timer?.id },
    });
    this.fakeTimersModern = new ModernFakeTimers({ config: projectConfig, global: this.global });
  }

  async teardown() {
    this.fakeTimers?.dispose();
    this.fakeTimersModern?.dispose();
    this.fakeTimers = null;
    this.fakeTimersModern = null;
    for (const key of Reflect.ownKeys(shared.global)) {
      if (!shared.properties.has(key) && !keptGlobal(key)) delete shared.global[key];
    }
    for (const [key, was] of shared.properties) {
      const now = Object.getOwnPropertyDescriptor(shared.global, key);
      const same = now !== undefined && now.value === was.value && now.get === was.get && now.set === was.set;
      if (!same && was.configurable) Object.defineProperty(shared.global, key, was);
    }
    // expect's own record starts empty for the next file, as it would in a new context: no matcher a file added with
    // expect.extend, no equality tester, no assertion count.
    const matchers = shared.global[EXPECT];
    if (matchers !== undefined) {
      for (const name of Object.keys(matchers.matchers)) delete matchers.matchers[name];
      matchers.customEqualityTesters.length = 0;
      matchers.state = {
        assertionCalls: 0,
        expectedAssertionsNumber: null,
        isExpectingAssertions: false,
        numPassingAsserts: 0,
        suppressedErrors: [],
      };
    }
    // jest's record of what was set on the global, which it would free at teardown: the values are gone already.
    shared.proxy.propertyToValue.clear();
    shared.proxy.leftovers = [];
    // The context stays for the worker's next file.
  }
}

module.exports = WorkerEnvironment;
