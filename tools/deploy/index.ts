import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../lib/project";
import { NODE_FLAGS } from "../ts-bundle";
import type { CdktfManifest } from "../stacks/order";
import { deployPlan, DeployTargetError, parseDeployArgs } from "./plan";

/**
 * `npm run --silent deploy -- <region>|global|--all [--dry-run] [--auto-approve]`:
 * synthesizes (to learn the stacks and their dependencies), prints the apply order and
 * the exact command, and runs `cdktf deploy` with that stack list unless `--dry-run`.
 * Exit: 0, 2 on a usage error, else cdktf's exit code.
 */
function main(argv: readonly string[]): number {
  let args: ReturnType<typeof parseDeployArgs>;
  try {
    args = parseDeployArgs(argv);
  } catch (e) {
    if (!(e instanceof DeployTargetError)) throw e;
    process.stderr.write(`${e.message}\nusage: npm run --silent deploy -- <region>|global|--all [--dry-run] [--auto-approve]\n`);
    return 2;
  }
  const root = projectRoot(__dirname);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-order-"));
  try {
    // The project's own synth entry, as `npm run synth` runs it; synth spawns nothing itself.
    const synth = spawnSync(process.execPath, [...NODE_FLAGS, path.join(root, "tools", "ts-run.js"), "--bundle", path.join(root, "main.ts")], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ["ignore", "ignore", "inherit"] });
    if (synth.status !== 0) return synth.status ?? 1;
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as CdktfManifest;
    const plan = deployPlan(manifest, args.target, { autoApprove: args.autoApprove });
    process.stdout.write("apply order:\n");
    plan.stacks.forEach((s, i) => process.stdout.write(`  ${i + 1}. ${s}${plan.dependencies.includes(s) ? "  (dependency: cdktf deploy needs it in the list and applies whatever is pending in it)" : ""}\n`));
    process.stdout.write(`command: ${plan.command.join(" ")}\n`);
    if (args.dryRun) return 0;
    const run = spawnSync(plan.command[0], plan.command.slice(1), { cwd: root, stdio: "inherit" });
    return run.status ?? 1;
  } catch (e) {
    if (!(e instanceof DeployTargetError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 2;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
