import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadProjectConfig, projectRoot } from "../lib/project";
import { DRILL_TARGETS, runDrill } from "./drill";
import { DEBIAN_NJS_MODULE } from "./loopback-site";
import { formatResults } from "./measure";

/**
 * `npm run drill`: the measured failover drill (see drill.ts) for the topology in
 * `regions/`. Prints the table, and fails when a scenario misses its target or a contract
 * check fails. Fails loudly when nginx, its njs module or openssl is missing; never
 * passes by skipping.
 *
 * Environment: NGINX (binary, default `nginx`), DRILL_RATE (requests per second, default 20).
 */
async function main(): Promise<number> {
  const root = projectRoot(__dirname);
  const nginx = process.env.NGINX ?? "nginx";
  const hint = "install it (Debian: apt-get install -y nginx libnginx-mod-http-js openssl) or see .ci/steps/drill.sh";
  for (const [bin, args] of [[nginx, ["-v"]], ["openssl", ["version"]]] as const) {
    try {
      execFileSync(bin, [...args], { stdio: "pipe" });
    } catch {
      throw new Error(`'${bin}' is not runnable; ${hint}`);
    }
  }
  if (!fs.existsSync(DEBIAN_NJS_MODULE)) throw new Error(`${DEBIAN_NJS_MODULE} is missing; ${hint}`);

  // Tools run from source (tools/ts-run.js): regions/*.ts load as they are.
  const config = loadProjectConfig(root);
  if (!config) return 1;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "drill-"));
  process.once("exit", () => fs.rmSync(work, { recursive: true, force: true }));
  const rate = Number(process.env.DRILL_RATE ?? 20);
  const outcome = await runDrill({ config, nginx, workDir: work, ratePerSecond: rate, log: (l) => console.log(`drill: ${l}`) });

  console.log("");
  console.log(`Failover drill: ${outcome.model}, steady ${rate} req/s (half streamed) on ${outcome.local}'s router, spilling to ${outcome.peer}.`);
  console.log(`Targets: first good response <= ${DRILL_TARGETS.maxSpillMs / 1000} s after the fault, <= ${DRILL_TARGETS.maxFailedRatio * 100}% failed requests started during the fault, health path 503 within ${DRILL_TARGETS.maxHealthDownMs / 1000} s when a required model dies (and 200 throughout saturation).`);
  console.log("");
  console.log(formatResults(outcome.results));
  console.log("");
  console.log("Not simulated: DNS (Route53/Cloud DNS detection and TTLs: see the failover budget), Ray's own detection of a dead replica (the fake's dashboard flips at the fault), GPU node start and model load (the cold start), real generation.");
  if (outcome.failures.length > 0) {
    console.error(`drill: FAILED:\n  ${outcome.failures.join("\n  ")}`);
    return 1;
  }
  console.log("drill: every scenario met its targets");
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (e: Error) => {
  console.error(`drill: ${e.message}`);
  process.exitCode = 1;
});
