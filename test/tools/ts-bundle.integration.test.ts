import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NODE_FLAGS } from "../../tools/ts-bundle";
import { ROOT } from "../helpers";

/**
 * `npm run synth` runs main.ts from one cached, whitespace-minified esbuild bundle compiled
 * with V8's code cache (tools/ts-bundle.js); `node tools/ts-run.js main.ts` loads the same
 * sources file by file. Both must write the same bytes and print the same lines.
 */

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/**
 * `node tools/ts-run.js [args] main.ts` in project `root`, writing into `outdir`; a bundled run
 * starts with the Node flags `npm run synth` gives it, unless `nodeFlags` says otherwise.
 */
function runMain(root: string, args: string[], outdir: string, env: NodeJS.ProcessEnv = {}, nodeFlags = args.includes("--bundle") ? NODE_FLAGS : []) {
  return spawnSync(process.execPath, [...nodeFlags, path.join(root, "tools", "ts-run.js"), ...args, path.join(root, "main.ts")], {
    cwd: root,
    env: { ...process.env, ...env, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
    timeout: 120_000,
  });
}

function synth(args: string[], outdir: string, env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string } {
  const r = runMain(ROOT, args, outdir, env);
  expect(r.status).toBe(0);
  // The output folder's own name is the only difference the two runs may print.
  return { stdout: r.stdout.split(path.basename(outdir)).join("<out>"), stderr: r.stderr };
}

/**
 * The bundle of `root`'s main.ts in ts-run cache folder `cacheDir`, from its manifest
 * (named for the entry path, as tools/ts-bundle.js names it).
 */
function bundleOf(root: string, cacheDir: string): string {
  const bundles = path.join(cacheDir, "bundles");
  const entry = path.join(root, "main.ts");
  const name = crypto.createHash("sha256").update(entry).update("\0").digest("hex").slice(0, 16);
  const manifest = JSON.parse(fs.readFileSync(path.join(bundles, `${name}.json`), "utf8")) as { entry: string; key: string };
  expect(manifest.entry).toBe(entry);
  return path.join(bundles, `${manifest.key}.js`);
}

/** The code caches kept beside `bundle`, one per set of Node flags it ran under. */
function codeCaches(bundle: string): string[] {
  const name = path.basename(bundle);
  return fs.readdirSync(path.dirname(bundle)).filter((f) => f.startsWith(`${name}.`) && f.endsWith(".cache"));
}

describe("tools/ts-bundle.js (npm run synth)", () => {
  let dir: string;
  // The bundled runs of the first two tests get a cache folder of their own (TS_RUN_CACHE_DIR),
  // empty at the start: a fresh clone has no bundle yet, and no other test's run may supply one.
  let cache: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-"));
    cache = { TS_RUN_CACHE_DIR: path.join(dir, "ts-run-cache") };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the bundled run, without and then with its code cache, writes and prints exactly what the file-by-file run does", () => {
    // Sibling folders: the local state paths in the stacks are relative to the output folder.
    const plain = synth([], path.join(dir, "out-files"));
    // No bundle and no code cache yet: the first bundled run builds the bundle, compiles it
    // and writes its code cache; the second uses both.
    expect(fs.existsSync(cache.TS_RUN_CACHE_DIR!)).toBe(false);
    const first = synth(["--bundle"], path.join(dir, "out-cold"), cache);
    const warm = synth(["--bundle"], path.join(dir, "out-warm"), cache);
    for (const run of [first, warm]) {
      expect(run.stdout).toBe(plain.stdout);
      expect(run.stderr).toBe(plain.stderr);
    }
    const expected = files(path.join(dir, "out-files"));
    expect(expected.size).toBeGreaterThan(10);
    for (const name of ["out-cold", "out-warm"]) {
      const got = files(path.join(dir, name));
      expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [file, bytes] of expected) expect({ file, same: bytes.equals(got.get(file)!) }).toEqual({ file, same: true });
    }
  });

  test("the bundle is ASCII only (V8 keeps it as a one-byte string), has its code cache beside it after a run, holds synth's stand-in for cdktf's stack-trace module and loads archiver lazily", () => {
    const newest = bundleOf(ROOT, cache.TS_RUN_CACHE_DIR!);
    const text = fs.readFileSync(newest);
    expect(text.findIndex((b) => b > 0x7f)).toBe(-1);
    expect(codeCaches(newest)).toHaveLength(1);
    // tools/synth-stack-trace.js in place of cdktf's lib/tokens/private/stack-trace.js.
    expect(text.toString("latin1")).toMatch(/function captureStackTrace\d*\(below\)\{return CAPTURE\?/);
    // cdktf's lib/private/fs.js loads archiver when it first zips, not when the bundle starts.
    expect(text.toString("latin1")).toContain("var archiver=(...args)=>require_archiver()(...args);");
    expect(text.toString("latin1")).not.toContain("var archiver=require_archiver();");
  });

  test("a bundled synth loads neither archiver nor zlib (cdktf zips only ARCHIVE assets)", () => {
    const preload = path.join(dir, "report-builtins.js");
    fs.writeFileSync(preload, 'process.on("exit", () => process.stderr.write(`builtins: ${process.moduleLoadList.join(",")}\\n`));\n');
    const r = runMain(ROOT, ["--bundle"], path.join(dir, "out-builtins"), cache, [...NODE_FLAGS, "-r", preload]);
    expect(r.status).toBe(0);
    const loaded = r.stderr.split("\n").find((l) => l.startsWith("builtins: "))!.slice("builtins: ".length).split(",");
    expect(loaded).toContain("NativeModule crypto");
    expect(loaded).not.toContain("NativeModule zlib");
  });

  // Node names a module by its real path: a bundle under a symlinked node_modules (a
  // worktree or a copy sharing one install) must still be compiled with its code cache.
  test("a copy of the project whose node_modules is a symlink writes and uses the bundle's code cache too; PLATFORM_DEBUG=1 maps an internal error's stack to the .ts lines", () => {
    const copy = path.join(dir, "copy");
    fs.mkdirSync(copy);
    for (const name of fs.readdirSync(ROOT)) {
      if (["node_modules", ".git", "cdktf.out", "dist", "coverage"].includes(name)) continue;
      fs.cpSync(path.join(ROOT, name), path.join(copy, name), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
    const out = path.join(copy, "cdktf.out");
    expect(runMain(copy, ["--bundle"], out).status).toBe(0);
    const bundle = bundleOf(copy, path.join(ROOT, "node_modules", ".cache", "ts-run"));
    expect(codeCaches(bundle)).toHaveLength(1);
    expect(runMain(copy, ["--bundle"], out).status).toBe(0);

    // Started without synth's Node flags (V8 would reject the cache made under them), a run
    // keeps a code cache of its own and leaves synth's untouched.
    const [synthCache] = codeCaches(bundle);
    const written = fs.statSync(path.join(path.dirname(bundle), synthCache)).mtimeMs;
    expect(runMain(copy, ["--bundle"], out, {}, []).status).toBe(0);
    expect(codeCaches(bundle)).toHaveLength(2);
    expect(codeCaches(bundle)).toContain(synthCache);
    expect(runMain(copy, ["--bundle"], out).status).toBe(0);
    expect(fs.statSync(path.join(path.dirname(bundle), synthCache)).mtimeMs).toBe(written);

    // PLATFORM_DEBUG=1: an internal error's stack names the .ts lines (through the source map).
    const catalog = path.join(copy, "catalog", "gke-driver-installer.ts");
    const text = fs.readFileSync(catalog, "utf8");
    fs.writeFileSync(catalog, text.replace(/(export function cosDriverInstallerUrl\([^\n]*\{\n)/, "$1  throw new Error(\"debug probe\");\n"));
    const debug = runMain(copy, ["--bundle"], out, { PLATFORM_DEBUG: "1" });
    expect(debug.status).toBe(2);
    expect(debug.stderr).toContain("Error: debug probe");
    expect(debug.stderr).toMatch(/at cosDriverInstallerUrl \(\S*catalog\/gke-driver-installer\.ts:\d+:\d+\)/);
  });
});
