import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../lib/project";
import { NODE_FLAGS } from "../ts-bundle";
import { measure, summarize, type Measurement } from "./measure";
import { generateTopology } from "./topology";

/** Targets on a 2-core machine (issue 10); printed beside the figures, never asserted. */
const TARGETS = { synthWarmMs: 1200, synthRssMb: 300, stockRatio: 7, perRegionMs: 100, testMs: 15_000 };

/**
 * `npm run bench`: what users wait for, measured end to end in one run so ratios compare
 * on a shared, noisy machine: `npm run synth` warm and cold (cold = empty transpile and
 * bundle cache), the app alone as synth runs it (`node --max-semi-space-size=4 tools/ts-run.js --bundle main.ts`) and
 * file by file as the other tools run (`node tools/ts-run.js main.ts`), a generated 30-region topology (per extra
 * region), the stock cdktf setup (`cdktf synth` with `npx ts-node main.ts` as app) and
 * `npm test`, each with wall time and peak RSS. Prints a table; asserts nothing.
 *
 * Flags: --runs N (default 5), --no-stock, --no-tests.
 */
function main(): void {
  const root = projectRoot(__dirname);
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf("--runs") + 1]) || 5;
  const withStock = !args.includes("--no-stock");
  const withTests = !args.includes("--no-tests");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  // A cache of the bench's own, so cold runs do not empty the user's.
  const warmCache = path.join(work, "cache-warm");
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", TS_RUN_CACHE_DIR: warmCache };
  const node = process.execPath;
  // As `npm run synth` and `cdktf synth` start it.
  const app = [...NODE_FLAGS, path.join(root, "tools", "ts-run.js"), "--bundle", "main.ts"];
  const perFile = [path.join(root, "tools", "ts-run.js"), "main.ts"];
  const total = 6 + (withStock ? 1 : 0) + (withTests ? 1 : 0);
  let n = 0;
  const step = (label: string) => process.stderr.write(`[${++n}/${total}] ${label}\n`);
  const rows: [string, Measurement][] = [];
  let out = 0;
  const outdir = () => path.join(work, `out-${out++}`);
  const repeat = (k: number, f: () => Measurement) => summarize(Array.from({ length: k }, f));

  try {
    step("warm-up: fill the transpile and bundle caches");
    measure(node, app, { cwd: root, env: { ...env, CDKTF_OUTDIR: outdir() } });
    measure(node, perFile, { cwd: root, env: { ...env, CDKTF_OUTDIR: outdir() } });

    step(`npm run synth, warm (median of ${runs})`);
    const warm = repeat(runs, () => measure("npm", ["run", "--silent", "synth"], { cwd: root, env: { ...env, CDKTF_OUTDIR: outdir() } }));
    rows.push(["npm run synth, warm (3 regions, 7 stacks)", warm]);

    step(`npm run synth, cold: empty transpile and bundle cache (median of ${Math.min(runs, 3)})`);
    const cold = repeat(Math.min(runs, 3), () => {
      const cache = fs.mkdtempSync(path.join(work, "cache-cold-"));
      return measure("npm", ["run", "--silent", "synth"], { cwd: root, env: { ...env, TS_RUN_CACHE_DIR: cache, CDKTF_OUTDIR: outdir() } });
    });
    rows.push(["npm run synth, cold", cold]);

    step(`app alone: node ${NODE_FLAGS.join(" ")} tools/ts-run.js --bundle main.ts (median of ${runs})`);
    const small = repeat(runs, () => measure(node, app, { cwd: root, env: { ...env, CDKTF_OUTDIR: outdir() } }));
    rows.push(["app alone, bundled (3 regions)", small]);

    step(`app alone, file by file: node tools/ts-run.js main.ts (median of ${runs})`);
    rows.push(["app alone, file by file (3 regions)", repeat(runs, () => measure(node, perFile, { cwd: root, env: { ...env, CDKTF_OUTDIR: outdir() } }))]);

    step(`app alone, generated 30-region topology (median of ${runs})`);
    const dir30 = path.join(work, "regions-30");
    fs.mkdirSync(dir30);
    const topo = generateTopology(30);
    fs.writeFileSync(path.join(dir30, "platform.json"), JSON.stringify(topo.settings));
    for (const r of topo.regions) fs.writeFileSync(path.join(dir30, `${r.name}.json`), JSON.stringify(r));
    const big = repeat(runs, () => measure(node, app, { cwd: root, env: { ...env, CDKTF_OUTDIR: outdir(), PLATFORM_REGIONS_DIR: dir30 } }));
    rows.push(["app alone, bundled (30 regions, 61 stacks)", big]);

    let stock: Measurement | undefined;
    if (withStock) {
      step("stock cdktf setup: cdktf synth --app 'npx ts-node main.ts' (1 run)");
      stock = measure(path.join(root, "node_modules", ".bin", "cdktf"), ["synth", "--app", "npx ts-node main.ts", "--output", outdir()], { cwd: root, env });
      rows.push(["stock: cdktf synth + ts-node (3 regions)", stock]);
    }
    if (withTests) {
      step("npm test (1 run)");
      rows.push(["npm test", measure("npm", ["test", "--silent"], { cwd: root, env })]);
    }

    const perRegion = (big.wallMs - small.wallMs) / 27;
    console.log(formatTable(rows));
    console.log(`\nper extra region: ${perRegion.toFixed(0)} ms (30-region minus 3-region app, over 27)`);
    if (stock) {
      console.log(`stock / npm run synth warm: ${(stock.wallMs / warm.wallMs).toFixed(1)}x wall${stock.peakRssMb && warm.peakRssMb ? `, ${(stock.peakRssMb / warm.peakRssMb).toFixed(1)}x RSS` : ""}`);
    }
    console.log(`targets (2 cores): npm run synth warm <= ${TARGETS.synthWarmMs / 1000} s and <= ${TARGETS.synthRssMb} MB, >= ${TARGETS.stockRatio}x faster than stock; ` +
      `<= ${TARGETS.perRegionMs} ms per extra region; npm test <= ${TARGETS.testMs / 1000} s`);
    console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (figures above the targets on a loaded machine are not a regression by themselves)`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The figures as a Markdown table (pasted into the README as is). */
function formatTable(rows: readonly [string, Measurement][]): string {
  const rss = (m: Measurement) => (m.peakRssMb === undefined ? "n/a" : `${m.peakRssMb.toFixed(0)} MB`);
  return ["", "| scenario | wall | peak RSS |", "| --- | ---: | ---: |", ...rows.map(([label, m]) => `| ${label} | ${(m.wallMs / 1000).toFixed(2)} s | ${rss(m)} |`)].join("\n");
}

main();
