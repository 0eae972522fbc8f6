import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../lib/project";
import { measure, summarize, type Measurement } from "./measure";
import { generateTopology } from "./topology";

/**
 * `npm run bench`: synth speed and memory of the compiled app for the default topology
 * and a generated 30-region one, against the stock cdktf setup (`cdktf synth` running
 * `npx ts-node main.ts`) measured in the same run, plus `npm test`. Prints figures; it
 * asserts nothing (the machines are shared and noisy; compare ratios within one run).
 *
 * Flags: --runs N (default 3), --no-stock, --no-tests.
 */
function main(): void {
  const root = projectRoot(__dirname);
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf("--runs") + 1]) || 3;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
  const node = process.execPath;
  const rows: [string, Measurement][] = [];
  const step = (label: string, i: number, total: number) => process.stderr.write(`[${i}/${total}] ${label}\n`);
  const total = 2 + (args.includes("--no-stock") ? 0 : 1) + (args.includes("--no-tests") ? 0 : 1);

  try {
    const synthRuns = (regionsDir?: string) => summarize(Array.from({ length: runs }, (_, i) => measure(node, [path.join(root, "dist", "main.js")], {
      cwd: root,
      env: { ...env, CDKTF_OUTDIR: path.join(work, `out-${i}`), ...(regionsDir ? { PLATFORM_REGIONS_DIR: regionsDir } : {}) },
    })));

    step(`default topology (3 regions), compiled app, median of ${runs}`, 1, total);
    const small = synthRuns();
    rows.push(["default topology (3 regions)", small]);

    step(`generated topology (30 regions), compiled app, median of ${runs}`, 2, total);
    const dir30 = path.join(work, "regions-30");
    fs.mkdirSync(dir30);
    const topo = generateTopology(30);
    fs.writeFileSync(path.join(dir30, "platform.json"), JSON.stringify(topo.settings));
    for (const r of topo.regions) fs.writeFileSync(path.join(dir30, `${r.name}.json`), JSON.stringify(r));
    const big = synthRuns(dir30);
    rows.push(["generated topology (30 regions)", big]);

    let stock: Measurement | undefined;
    if (!args.includes("--no-stock")) {
      step("stock cdktf setup: cdktf synth --app 'npx ts-node main.ts' (default topology, 1 run)", 3, total);
      stock = measure(path.join(root, "node_modules", ".bin", "cdktf"), ["synth", "--app", "npx ts-node main.ts", "--output", path.join(work, "out-stock")], { cwd: root, env });
      rows.push(["stock: cdktf synth + ts-node (3 regions)", stock]);
    }
    if (!args.includes("--no-tests")) {
      step("npm test (unit + construct + snapshot)", total, total);
      rows.push(["npm test", measure("npm", ["test", "--silent"], { cwd: root, env })]);
    }

    const fmt = (m: Measurement) => `${(m.wallMs / 1000).toFixed(2).padStart(7)} s  ${m.peakRssMb === undefined ? "    n/a" : `${m.peakRssMb.toFixed(0).padStart(5)} MB`}`;
    console.log(`\n${"scenario".padEnd(44)}     wall   peak RSS`);
    for (const [label, m] of rows) console.log(`${label.padEnd(44)} ${fmt(m)}`);
    console.log(`\nper extra region: ${((big.wallMs - small.wallMs) / 27).toFixed(0)} ms (30-region minus 3-region, over 27)`);
    if (stock) {
      console.log(`stock / compiled, default topology: ${(stock.wallMs / small.wallMs).toFixed(1)}x wall, ${stock.peakRssMb && small.peakRssMb ? (stock.peakRssMb / small.peakRssMb).toFixed(1) + "x" : "n/a"} RSS`);
    }
    console.log("targets (2 cores): default <= 1.5 s and <= 300 MB; <= 100 ms per extra region; npm test <= 20 s");
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
