"use strict";
/**
 * Jest runtime (jest.config.js `runtime`) that loads cdktf, constructs, the cdktf providers
 * and a few large libraries once per worker instead of once per test file.
 *
 * Why: jest evaluates every module again for each test file. A file that synthesizes loads
 * cdktf and the provider modules it needs, and most files load zod and yaml: about half a
 * second of module loading before the first test, paid by most of the ~100 test files
 * (profiled: more than half of `npm test`'s CPU). The project's own modules are still
 * evaluated per test file, in the test's context, so `jest.spyOn` on them, module state and
 * mocks behave as before.
 *
 * What is shared: modules of the packages in tools/jest-shared-packages.js, required by
 * name from a test or a project module, are loaded by Node's own `require` in the worker
 * (outside the test's vm context) and handed to every test file of that worker. They hold
 * no state a test could see between files: cdktf's token map only grows, and constructs are
 * per App. A package a test mocks (`jest.mock("yaml")`) is jest's mock as before.
 *
 * Test files may also share values that stay the same for a whole run (parsed vendored
 * files, compiled validators) through test/worker-memo.ts, whose map this runtime hands to
 * every test file of the worker.
 *
 * The worker also compiles each project module once and runs that script in every test
 * file's context (see `compileOncePerWorker`), keeps module sources between test files
 * while the file is unchanged (`keepFileReads`), and disables each file's AsyncLocalStorage
 * stores when the file ends.
 *
 * Consequences of living outside the test's context, handled here:
 * - cdktf's token creation stacks come from tools/synth-stack-trace.js, as in synth (none
 *   unless PLATFORM_DEBUG=1, then the same frames as cdktf's, formatted on read).
 * - cdktf's jest matchers read `global.expect` of the context cdktf runs in: the worker's
 *   global gets an `expect` that is the current test file's.
 * - Objects cross between contexts (a test's object literal reaches cdktf, yaml or zod).
 *   These packages test values with `typeof`, `Array.isArray` and their own classes, which
 *   work across contexts (cdktf's `value.constructor === Object` only decides whether to
 *   look for dynamic blocks, which the project does not use); the snapshot suite checks
 *   that synthesized output is byte for byte what a per-file load gives.
 */
const path = require("path");
const Runtime = require("jest-runtime").default;

const { SHARED_PACKAGES } = require("./jest-shared-packages");

// cdktf requires its stack-trace module by relative path; seed Node's cache with synth's
// stand-in before cdktf is first loaded, so tests run cdktf as `npm run synth` does: no token
// creation stacks, unless PLATFORM_DEBUG=1 (then captured lazily). Capturing them was ~0.6 s
// of CPU in `npm test`; run a failing test with PLATFORM_DEBUG=1 to see where a token came from.
const CDKTF_STACK_TRACE = require.resolve("cdktf/lib/tokens/private/stack-trace.js");
if (!require.cache[CDKTF_STACK_TRACE]) {
  const seeded = new module.constructor(CDKTF_STACK_TRACE, module);
  seeded.filename = CDKTF_STACK_TRACE;
  seeded.loaded = true;
  seeded.exports = require("./synth-stack-trace.js");
  require.cache[CDKTF_STACK_TRACE] = seeded;
}

// Jest compiles the project's modules again for every test file (vm.compileFunction, in the
// file's context): ~7,000 compiles per worker of ~300 distinct sources, and every function a
// test calls is compiled lazily again in each file. A vm.Script does not belong to a context:
// the worker compiles each module once, as a script whose value is the same function
// compileFunction would make (the wrapper sits on the source's first line, so line numbers
// are unchanged), and runs it in each test file's context, which creates that file's own
// function objects over the shared bytecode (measured: `npm test` 13.5-14.0 s -> 12.1-12.3 s,
// runs alternating with the code-cache version this replaced). A source that differs from
// the one compiled (another transform) is compiled afresh. A module that uses dynamic
// import() keeps jest's compileFunction, whose import callback belongs to the test file's
// runtime, and so does one that starts with a hashbang (not valid inside a function).
const vm = require("vm");
const compileFunction = vm.compileFunction;
/** filename -> the source compiled, its wrapper's parameters and the script; also on each test file's global, for its test. */
const scripts = new Map();
const COMPILED_MODULES = Symbol.for("llmp.test.compiledModules");
vm.compileFunction = function compileOncePerWorker(code, params, options) {
  const filename = options?.filename;
  const context = options?.parsingContext;
  if (filename === undefined || context === undefined || options.contextExtensions || code.startsWith("#!") || /\bimport\s*\(/.test(code)) {
    return compileFunction(code, params, options);
  }
  const wrapperParams = params.join(", ");
  let known = scripts.get(filename);
  if (!known || known.code !== code || known.params !== wrapperParams) {
    const script = new vm.Script(`(function (${wrapperParams}) {${code}\n})`, { filename });
    known = { code, params: wrapperParams, script };
    scripts.set(filename, known);
  }
  return known.script.runInContext(context);
};

// Jest reads every module's source again for each test file (its file cache is per file):
// ~15,600 reads in an in-band run of ~400 distinct files (jest's own modules among them),
// each an open, fstat, read, close and a decode (profiled in band: ~1.5 s). The worker
// keeps each file's text and bytes with the file's stat (mtime, ctime, size, inode) and
// hands them to the next test file while that stat is unchanged, so a file rewritten during
// the run is read again.
const fs = require("fs");
/** filename -> { stamp, text?, bytes? }; also on each test file's global, for its test. */
const workerFiles = new Map();
const KEPT_FILES = Symbol.for("llmp.test.keptFiles");
function fileStamp(filename) {
  try {
    const s = fs.statSync(filename);
    return `${s.mtimeMs}:${s.ctimeMs}:${s.size}:${s.ino}`;
  } catch {
    return undefined;
  }
}
/** Makes a test file's jest file cache take each file's text and bytes from the worker's. */
function keepFileReads(fileCache) {
  // `method` of the file cache, whose per-file map is `own`, reuses the worker's `kind`.
  const keep = (method, own, kind) => {
    const read = fileCache[method].bind(fileCache);
    fileCache[method] = (filename) => {
      // Within one test file, the file cache's own map answers first, as before.
      const mine = own.get(filename);
      if (mine !== undefined) return mine;
      const stamp = fileStamp(filename);
      const known = workerFiles.get(filename);
      let value = stamp !== undefined && known?.stamp === stamp ? known[kind] : undefined;
      if (value === undefined) {
        value = read(filename);
        if (stamp !== undefined) workerFiles.set(filename, { ...(known?.stamp === stamp ? known : {}), stamp, [kind]: value });
      }
      own.set(filename, value);
      return value;
    };
  };
  keep("readFile", fileCache.strings, "text");
  keep("readFileBuffer", fileCache.buffers, "bytes");
}

/** test/worker-memo.ts's map: values computed once per worker, by key. */
const WORKER_MEMO = Symbol.for("llmp.test.workerMemo");
const workerMemo = new Map();

/** The global of the test file this worker runs now (one at a time per worker). */
let currentGlobal;
Object.defineProperty(globalThis, "expect", {
  configurable: true,
  get: () => currentGlobal?.expect,
});

// jest-circus (30.x) loads into every test file a module that creates an AsyncLocalStorage.
// On Node 20 each enabled store stays in async_hooks' list until it is disabled, and every
// promise created afterwards (circus makes a few per test event) is propagated to every store
// in that list: the cost of a file grew with the number of files the worker had run before
// it (profiled in band: ~0.85 s of `npm test`). Each file's stores are disabled when the
// file is torn down, after its last test and its results.
const asyncHooks = require("async_hooks");

/** Hands `runtime`'s test file an async_hooks whose AsyncLocalStorage records its stores in `stores`. */
function trackAsyncStores(runtime, stores) {
  class FileAsyncLocalStorage extends asyncHooks.AsyncLocalStorage {
    constructor(...args) {
      super(...args);
      stores.push(this);
    }
  }
  const fileAsyncHooks = Object.freeze({ ...asyncHooks, AsyncLocalStorage: FileAsyncLocalStorage });
  const core = runtime.coreModule;
  const coreRequire = core.require.bind(core);
  core.require = (name) => (name === "async_hooks" || name === "node:async_hooks" ? fileAsyncHooks : coreRequire(name));
}

class SharedPackagesRuntime extends Runtime {
  constructor(config, environment, ...rest) {
    super(config, environment, ...rest);
    currentGlobal = environment.global;
    currentGlobal[WORKER_MEMO] = workerMemo;
    currentGlobal[COMPILED_MODULES] = scripts;
    currentGlobal[KEPT_FILES] = workerFiles;
    keepFileReads(this.fileCache);
    this.llmpAsyncStores = [];
    trackAsyncStores(this, this.llmpAsyncStores);
  }

  teardown() {
    super.teardown();
    for (const store of this.llmpAsyncStores.splice(0)) store.disable();
  }

  requireModuleOrMock(from, moduleName) {
    if (SHARED_PACKAGES.test(moduleName) && !this.mockState.shouldMockCjs(from, moduleName).shouldMock) {
      return require(require.resolve(moduleName, { paths: [path.dirname(from)] }));
    }
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharedPackagesRuntime;
module.exports.default = SharedPackagesRuntime;
