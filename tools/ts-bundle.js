"use strict";
/**
 * `node tools/ts-run.js --bundle main.ts`: runs an entry from one cached esbuild bundle of
 * it and everything it imports (project sources and the deep provider modules it uses),
 * instead of ~770 separate modules. What that saves on every warm synth: resolving and
 * stat-ing each module, reading provider files that carry inline source maps (a third of
 * their bytes), and compiling comments. The bundle is ~7.5 MB of code and nothing else:
 * whitespace and comments removed (names and code as written), ASCII only, so V8 holds it
 * as a one-byte string. It is compiled with V8's code cache (`compileWithCodeCache`).
 *
 * The bundle is rebuilt whenever an input may have changed. Its key is a sha256 over:
 * this file, tools/lazy-stack-trace.js and tools/synth-stack-trace.js, the esbuild version
 * and options, the entry's path, the text of every project file the bundle holds (the list
 * kept from the last build: a new import is an edit of a listed file, a deleted file fails
 * to read) and
 * `package-lock.json` plus `node_modules/.package-lock.json` (what npm installed; files
 * under node_modules are not hashed one by one, editing them by hand is not supported).
 * Region files are not in the bundle: `config/load.ts` requires them at run time, as data,
 * through the per-file transpiler of tools/ts-run.js, and the project modules they import
 * (config/schema) resolve to the bundle's own instances (see `registerModules`).
 *
 * Three rewrites at bundle time, all output-neutral:
 * - `__dirname`/`__filename` keep the values of the file they are written in (a bundle
 *   would otherwise give every file the cache folder's);
 * - cdktf's `tokens/private/stack-trace.js` is tools/synth-stack-trace.js: no creation
 *   stacks unless `PLATFORM_DEBUG=1`, which alone shows them (then the same frames as
 *   cdktf's, formatted only when an error message reads them: tools/lazy-stack-trace.js);
 * - cdktf's `lib/private/fs.js` loads the zip library `archiver` when it first zips an asset
 *   (`lazyArchiver`), not when synth starts.
 *
 * The bundle has an external source map; `PLATFORM_DEBUG=1` (main.ts prints the stack of
 * an internal error then) makes stack traces name the .ts and node_modules lines.
 */
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");
const { writeAtomically } = require("./ts-run");

const ROOT = path.resolve(__dirname, "..");
/** Where the bundle's manifest registers the project modules it holds (read by ts-run.js). */
const REGISTRY = Symbol.for("gpu-llm-platform.ts-run.modules");
const LAZY_STACK_TRACE = path.join(__dirname, "lazy-stack-trace.js");
const SYNTH_STACK_TRACE = path.join(__dirname, "synth-stack-trace.js");
const CDKTF_STACK_TRACE = path.join("node_modules", "cdktf", "lib", "tokens", "private", "stack-trace.js");
/** cdktf's file helpers, which load the zip library `archiver` (and its ~40 dependencies) at once. */
const CDKTF_PRIVATE_FS = path.join("node_modules", "cdktf", "lib", "private", "fs.js");
const ARCHIVER_REQUIRE = 'const archiver = require("archiver");';

/**
 * The Node flags every bundled synth starts with: `npm run synth` (package.json), `cdktf synth`
 * (cdktf.json), tools/deploy and the bench; test/tools/synth-node-flags.test.ts holds them to
 * this list. They only take effect on the command line: V8 sizes its heap when it starts.
 *
 * `--max-semi-space-size=4`: V8's young generation grows to 4 MB per semi-space instead of
 * 16 MB. Synth keeps most of what it allocates (the construct tree, the resolved stacks), so a
 * larger young generation mostly means copying survivors into fresh pages, and touching fresh
 * memory is what a short run pays most for on a VM (a minor page fault each 4 KB). Measured on
 * 2 cores, alternating runs of the app: 1.28 s -> 1.16-1.24 s for the default topology, no
 * change for 30 regions (1 MB: faster on the default, slower on 30 regions).
 */
const NODE_FLAGS = ["--max-semi-space-size=4"];

/** esbuild options; see tools/ts-run.js for why these compiler options mirror tsconfig.json. */
const OPTIONS = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // No comments, whitespace or inline source maps of the inputs: less to read and parse.
  // Names and code are kept as written (no identifier or syntax minification), so
  // behaviour is the sources'; stack traces map back through the external source map.
  // ASCII output (non-ASCII escaped) lets V8 keep the source as a one-byte string.
  legalComments: "none",
  minifyWhitespace: true,
  charset: "ascii",
  sourcemap: "external",
  sourcesContent: false,
  logLevel: "silent",
  tsconfigRaw: { compilerOptions: { target: "ES2022", useDefineForClassFields: true, alwaysStrict: true, esModuleInterop: true } },
};

function sha256(...parts) {
  const h = crypto.createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex");
}

function readOrEmpty(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return "";
  }
}

/** What every bundle's key starts with: the bundler, its options and the installed packages. */
function baseKey(entry) {
  const esbuildVersion = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
  return sha256(
    esbuildVersion,
    JSON.stringify(OPTIONS),
    fs.readFileSync(__filename),
    fs.readFileSync(LAZY_STACK_TRACE),
    fs.readFileSync(SYNTH_STACK_TRACE),
    entry,
    readOrEmpty(path.join(ROOT, "package-lock.json")),
    readOrEmpty(path.join(ROOT, "node_modules", ".package-lock.json")),
  );
}

/** The key over the base and the project files' text; undefined when one cannot be read. */
function inputsKey(base, inputs) {
  const h = crypto.createHash("sha256").update(base);
  for (const file of inputs) {
    let text;
    try {
      text = fs.readFileSync(file);
    } catch {
      return undefined;
    }
    h.update(`\0${file}\0`).update(text);
  }
  return h.digest("hex");
}

/**
 * Prepends the values `__dirname` and `__filename` have in the file itself, and makes
 * every project module register its exports (`REGISTRY`, by absolute path) once it has
 * run, through a self-import that esbuild turns into the module's namespace object.
 */
function plugin(read) {
  return {
    name: "ts-run-paths",
    setup(build) {
      build.onLoad({ filter: /\.(ts|js|cjs|mjs)$/ }, (args) => {
        const file = args.path;
        if (file.endsWith(CDKTF_STACK_TRACE)) {
          return { contents: fs.readFileSync(SYNTH_STACK_TRACE, "utf8"), loader: "js", resolveDir: __dirname };
        }
        let contents = fs.readFileSync(file, "utf8");
        if (file.endsWith(CDKTF_PRIVATE_FS)) contents = lazyArchiver(contents, file);
        const inProject = !path.relative(ROOT, file).split(path.sep).includes("node_modules");
        if (inProject) read.add(file);
        if (/__dirname|__filename/.test(contents)) {
          contents = `var __dirname = ${JSON.stringify(path.dirname(file))}, __filename = ${JSON.stringify(file)};\n${contents}`;
        }
        if (inProject && file.endsWith(".ts") && !file.endsWith(".d.ts") && /^\s*(import|export)\s/m.test(contents)) {
          contents +=
            `\nimport * as __tsRunSelf from ${JSON.stringify(file)};\n` +
            `(globalThis as any)[Symbol.for(${JSON.stringify(REGISTRY.description)})]?.set(${JSON.stringify(file)}, __tsRunSelf);\n`;
        }
        return { contents, loader: file.endsWith(".ts") ? "ts" : "js", resolveDir: path.dirname(file) };
      });
    },
  };
}

/**
 * cdktf's lib/private/fs.js with `archiver` loaded on first use: cdktf calls it only to zip an
 * asset of type ARCHIVE (the platform's assets are directories), and loading it with its
 * dependencies (streams, zlib, glob, graceful-fs's patching of fs) cost every synth ~20 ms.
 * Throws if the line is not there (another cdktf), so the bundle never silently differs.
 */
function lazyArchiver(contents, file) {
  if (contents.split(ARCHIVER_REQUIRE).length !== 2) throw new Error(`ts-run: ${file} no longer has the line ${ARCHIVER_REQUIRE} once`);
  return contents.replace(ARCHIVER_REQUIRE, 'const archiver = (...args) => require("archiver")(...args);');
}

/** Builds the bundle of `entry` and writes it, its map and its manifest into `dir`. */
function build(entry, dir, manifestFile, base, previous) {
  const esbuild = require("esbuild");
  const read = new Set();
  // esbuild runs plugins only in its asynchronous build; only a cold start waits on it.
  return esbuild
    .build({ ...OPTIONS, entryPoints: [entry], outfile: path.join(dir, "bundle.js"), write: false, metafile: true, plugins: [plugin(read)] })
    .then((out) => {
      // Everything esbuild read that npm did not install (an imported .json too).
      for (const input of Object.keys(out.metafile.inputs)) {
        const file = path.resolve(input);
        if (!path.relative(ROOT, file).split(path.sep).includes("node_modules") && fs.existsSync(file)) read.add(file);
      }
      const inputs = [...read].sort();
      const key = inputsKey(base, inputs);
      if (!key) return undefined;
      const js = out.outputFiles.find((f) => f.path.endsWith(".js"));
      const map = out.outputFiles.find((f) => f.path.endsWith(".map"));
      const bundle = path.join(dir, `${key}.js`);
      writeAtomically(`${bundle}.map`, map.contents);
      writeAtomically(bundle, Buffer.concat([Buffer.from(js.text.replace(/\/\/# sourceMappingURL=.*\n?$/, "")), Buffer.from(`//# sourceMappingURL=${key}.js.map\n`)]));
      writeAtomically(manifestFile, JSON.stringify({ entry, key, inputs }));
      // One bundle per entry is kept (each is ~13 MB with its map): the one it replaces goes.
      if (previous && previous !== key) removeBundle(dir, previous);
      pruneGone(dir);
      return bundle;
    });
}

function removeBundle(dir, key) {
  for (const name of fs.readdirSync(dir)) {
    if (name === `${key}.js` || name === `${key}.js.map` || (name.startsWith(`${key}.js.`) && name.endsWith(".cache"))) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * Removes the bundles of entries that no longer exist: plan-diff synthesizes the base
 * commit in a temporary worktree that shares node_modules (and so this cache).
 */
function pruneGone(dir) {
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
      if (!manifest.entry || fs.existsSync(manifest.entry)) continue;
      removeBundle(dir, manifest.key);
      fs.rmSync(path.join(dir, name), { force: true });
    } catch {
      // Another run is writing or removing it.
    }
  }
}

/**
 * The cached bundle of `entry` when its key still matches, else undefined.
 * `cacheDir` is tools/ts-run.js's cache folder.
 */
function cachedBundle(entry, cacheDir) {
  const dir = path.join(cacheDir, "bundles");
  const manifestFile = path.join(dir, `${sha256(entry).slice(0, 16)}.json`);
  const base = baseKey(entry);
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  } catch {
    manifest = undefined;
  }
  if (manifest && inputsKey(base, manifest.inputs) === manifest.key) {
    const bundle = path.join(dir, `${manifest.key}.js`);
    if (fs.existsSync(bundle)) return { bundle };
  }
  return { rebuild: () => build(entry, dir, manifestFile, base, manifest?.key) };
}

/** Makes the bundle's project modules answer `require()` of their source files. */
function registerModules() {
  const modules = new Map();
  globalThis[REGISTRY] = modules;
  return modules;
}

/**
 * Where the code cache of `bundle` is kept for this process's Node flags: V8 rejects a cache
 * made under other flags, so a run started without {@link NODE_FLAGS} (by hand, or with
 * `--cpu-prof`) keeps its own cache instead of rewriting the one synth uses.
 */
function codeCacheFile(bundle) {
  const flags = `${process.execArgv.join("\0")}\0${process.env.NODE_OPTIONS ?? ""}`;
  return `${bundle}.${sha256(flags).slice(0, 12)}.cache`;
}

/**
 * Compiles the bundle with V8's code cache (`<bundle>.<flags>.cache`, next to it) when there is one,
 * and writes the cache at the end of the first run that had none (or whose cache V8
 * rejected: another Node version). Written at exit, the cache also holds the functions the
 * run compiled lazily, so a warm run neither parses the ~7 MB bundle nor compiles what synth
 * calls. V8 checks the cache against the source and its own version and flags, and falls
 * back to compiling when it does not match; the code that runs is the same either way.
 */
function compileWithCodeCache(module, filename) {
  const cacheFile = codeCacheFile(filename);
  const { source, cachedData } = readWrappedWithCache(filename, cacheFile);
  const script = new vm.Script(source, { filename, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once("exit", () => {
      try {
        writeAtomically(cacheFile, script.createCachedData());
      } catch {
        // A read-only cache folder: the next run compiles again.
      }
    });
  }
  const require = Module.createRequire(filename);
  script.runInThisContext().call(module.exports, module.exports, require, module, filename, path.dirname(filename));
}

/**
 * The bundle's text inside Node's module wrapper (what `Module.wrap` makes, the text the code
 * cache was made for), and the code cache when there is one, read through one buffer: the
 * source is read into it between the wrapper's two halves and copied out as one flat
 * one-byte string (the bundle is ASCII), then the cache is read over it. `Module.wrap()` of
 * a string read with `readFileSync` would touch about twice the memory (a read buffer, a
 * decoded string and V8's flat copy of the concatenation, plus a buffer for the cache), and
 * fresh memory is what a short run pays most for (a page fault every 4 KB).
 */
function readWrappedWithCache(filename, cacheFile) {
  const [head, tail] = Module.wrapper;
  const fd = fs.openSync(filename, "r");
  let cacheFd;
  try {
    cacheFd = fs.openSync(cacheFile, "r");
  } catch {
    cacheFd = undefined;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const cacheSize = cacheFd === undefined ? 0 : fs.fstatSync(cacheFd).size;
    const length = head.length + size + tail.length;
    const buffer = Buffer.allocUnsafeSlow(Math.max(length, cacheSize));
    buffer.write(head, 0, "latin1");
    readFully(fd, buffer, head.length, size, filename);
    buffer.write(tail, head.length + size, "latin1");
    const source = buffer.toString("latin1", 0, length);
    if (cacheFd === undefined || cacheSize === 0) return { source, cachedData: undefined };
    readFully(cacheFd, buffer, 0, cacheSize, cacheFile);
    return { source, cachedData: buffer.subarray(0, cacheSize) };
  } finally {
    fs.closeSync(fd);
    if (cacheFd !== undefined) fs.closeSync(cacheFd);
  }
}

/** Reads `size` bytes of `fd` from its start into `buffer` at `offset`. */
function readFully(fd, buffer, offset, size, file) {
  for (let done = 0; done < size; ) {
    const n = fs.readSync(fd, buffer, offset + done, size - done, done);
    if (n === 0) throw new Error(`ts-run: ${file} ended after ${done} of ${size} bytes`);
    done += n;
  }
}

/**
 * Runs `entry` from its bundle as the main module (`require.main === module` holds in
 * the entry, `process.argv[1]` names the entry). Returns a promise only when it had to build.
 */
function runBundled(entry, cacheDir) {
  const load = (bundle) => {
    if (!bundle) throw new Error(`ts-run: an input of ${entry} changed while it was being bundled; run again`);
    if (process.env.PLATFORM_DEBUG === "1") {
      // Node's own loader, which reads the bundle's source map, so stack traces name the
      // .ts lines (a script compiled with a code cache gets no source map).
      process.setSourceMapsEnabled(true);
      Module._load(bundle, null, true);
      return;
    }
    // Node loads it as the main module (process.mainModule, require.main), compiled here.
    // Node names a module by its real path (node_modules may be a symlink).
    const real = fs.realpathSync(bundle);
    const js = Module._extensions[".js"];
    Module._extensions[".js"] = (module, filename) => (filename === real ? compileWithCodeCache(module, filename) : js(module, filename));
    try {
      Module._load(bundle, null, true);
    } finally {
      Module._extensions[".js"] = js;
    }
  };
  const found = cachedBundle(entry, cacheDir);
  // Warm: load at once, in the same tick as an unbundled run would.
  if (found.bundle) return load(found.bundle);
  return found.rebuild().then(load);
}

module.exports = { runBundled, registerModules, NODE_FLAGS, REGISTRY };
