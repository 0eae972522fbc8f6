#!/usr/bin/env node
"use strict";
/**
 * Runs a TypeScript entry of this project without a type-check pass:
 *
 *   node tools/ts-run.js [--bundle] main.ts [args...]
 *
 * `npm run synth`, `cdktf synth` and every tool script start here. With `--bundle`
 * (`npm run synth`, `cdktf synth`, deploy) the entry and its imports run from one cached
 * esbuild bundle (tools/ts-bundle.js); without it, file by file as below. Types are checked by
 * `npm run typecheck` (CI and the editor), not on the way to a synth. Each `.ts` file is
 * transpiled by esbuild (pinned in package.json) when it is first required and the result is kept
 * in `node_modules/.cache/ts-run/`, keyed by the source text, the esbuild version and the
 * options below, so an edited file is transpiled again and an unchanged one never is; a
 * warm start does not load esbuild at all. (A V8 code cache for all ~700 modules, as the
 * `v8-compile-cache` package keeps, was measured and made loading slower: the provider
 * bindings serialize to ~20 MB that costs more to read and deserialize than to parse.)
 *
 * The entry runs as the main module (`require.main === module`), with `process.argv`
 * as if it had been started by `node entry.js args...`. Plain JavaScript on purpose:
 * this file is what makes TypeScript loadable.
 *
 * Stack traces name the lines of the transpiled code; run with `node --enable-source-maps`
 * for the lines of the .ts sources (the cached code carries inline source maps; enabling
 * them always would cost ~1 s, as Node then parses every source map in node_modules too).
 *
 * `TS_RUN_CACHE_DIR` moves the cache (the bench points it at an empty folder to measure
 * a cold start); `TS_RUN_CACHE_DIR=off` disables it.
 */
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const CACHE_DIR = process.env.TS_RUN_CACHE_DIR || path.join(ROOT, "node_modules", ".cache", "ts-run");
const CACHING = CACHE_DIR !== "off";

/**
 * esbuild options, mirroring tsconfig.json where emit depends on it: ES2022 class fields
 * (`useDefineForClassFields`, tsc's default for that target) and strict mode, CommonJS
 * like tsc's `module: commonjs`. `isolatedModules` in tsconfig.json keeps every file
 * transpilable alone, which is what esbuild needs.
 */
const OPTIONS = {
  loader: "ts",
  format: "cjs",
  target: "node20",
  sourcemap: "inline",
  tsconfigRaw: { compilerOptions: { target: "ES2022", useDefineForClassFields: true, alwaysStrict: true, esModuleInterop: true } },
};

let esbuild;
let esbuildVersion;
/** The esbuild version, read without loading esbuild (a warm start never needs it). */
function version() {
  if (esbuildVersion === undefined) {
    esbuildVersion = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
  }
  return esbuildVersion;
}

/** The transpiled JavaScript of one TypeScript file, from the cache when its source is unchanged. */
function transpile(source, filename) {
  // Keyed by the base name, not the path: a git worktree of another commit (plan-diff)
  // shares the entries of unchanged files, and the inline source map names the file
  // relative to itself, so it stays right wherever the file is.
  const name = path.basename(filename);
  const key = CACHING
    ? crypto.createHash("sha256").update(`${version()}\0${JSON.stringify(OPTIONS)}\0${name}\0`).update(source).digest("hex")
    : undefined;
  const cached = key && path.join(CACHE_DIR, key.slice(0, 2), `${key.slice(2)}.js`);
  if (cached) {
    try {
      return fs.readFileSync(cached, "utf8");
    } catch {
      // Not cached yet: transpile below.
    }
  }
  esbuild ??= require("esbuild");
  const { code } = esbuild.transformSync(source, { ...OPTIONS, sourcefile: name });
  if (cached) writeAtomically(cached, code);
  return code;
}

/** Writes through a temporary file and a rename, so a concurrent run never reads half a file. */
function writeAtomically(file, data) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch {
    // A read-only cache only costs speed.
  }
}

/**
 * Makes `require()` of a `.ts` file transpile it (and `.d.ts` files are never entries).
 * `bundled`: the project modules a bundle already holds (tools/ts-bundle.js), by path; a
 * file loaded at run time (a region file) that imports one of them gets that instance,
 * not a second copy of it and of everything it imports.
 */
function register(bundled) {
  Module._extensions[".ts"] = function loadTypeScript(module, filename) {
    const inBundle = bundled?.get(filename);
    if (inBundle) {
      module.exports = inBundle;
      return;
    }
    module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
  };
}

function run() {
  const argv = process.argv.slice(2);
  // --bundle: run the entry from one cached bundle of it and its imports (npm run synth).
  const bundle = argv[0] === "--bundle";
  const [entry, ...args] = bundle ? argv.slice(1) : argv;
  if (!entry) {
    process.stderr.write("usage: node tools/ts-run.js [--bundle] <entry.ts> [args...]\n");
    process.exit(2);
  }
  process.argv = [process.argv[0], path.resolve(entry), ...args];
  if (bundle && CACHING) {
    const { runBundled, registerModules } = require("./ts-bundle");
    register(registerModules());
    runBundled(path.resolve(entry), CACHE_DIR);
    return;
  }
  register();
  Module.runMain();
}

// Exported before run(): the bundle runner (tools/ts-bundle.js) requires this module back.
module.exports = { register, transpile, writeAtomically };

if (require.main === module) run();
