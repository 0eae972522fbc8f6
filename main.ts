import * as path from "path";
import { ConfigValidationError } from "./config/errors";
import { CAPACITY_BUDGET_FILE, capacityBudgetRecord, capacityRows, formatCapacityTable } from "./config/capacity-failover";
import { COLD_START_BUDGET_FILE, coldStartBudgetRecord, coldStartBudgets, formatColdStartTable } from "./config/cold-start-budget";
import { failoverBudgets, formatBudgetTable } from "./config/failover-budget";
import { loadPlatform } from "./config/load-platform";
import { formatSuppression, PolicyViolationError } from "./policies/engine";
import { StackBuildError } from "./stacks/stack-error";
import { synthesizePlatform } from "./stacks/synthesize";
import { quotaNeeds, quotaWarnings, type PreflightStack } from "./tools/preflight/needs";
import * as fs from "fs";

/** Where {@link main} writes its messages: errors to stderr, the success report to stdout. */
export interface MessageSink {
  write(text: string): unknown;
}

/**
 * Entry point of `npm run synth` and `cdktf synth`: loads `regions/`, validates all of it,
 * and synthesizes one Terraform configuration per stack. The environment is read here
 * and nowhere else.
 *
 * - `CDKTF_OUTDIR`: output folder (set by the cdktf CLI). @default `<project>/cdktf.out`
 * - `PLATFORM_REGIONS_DIR`: region files to use instead of `<project>/regions`.
 * - `PLATFORM_TODAY`: the day (YYYY-MM-DD) Kubernetes support is judged on. @default - today
 * - `PLATFORM_DEBUG=1`: also print the stack trace of an internal error. Read from the process
 *   environment, it also makes cdktf record where each token was created, which its
 *   resolution errors then name (tools/synth-stack-trace.js; off otherwise, to save time).
 *
 * Returns the exit code: 0; 1 for invalid input or a policy violation; 2 for an internal
 * error (input that passed validation and still failed: one line naming the stack and
 * region). On 1 and 2 nothing is written.
 * Exported so tests run the real entry in-process; `node tools/ts-run.js main.ts` runs it on load.
 */
export function main(
  env: NodeJS.ProcessEnv = process.env,
  stderr: MessageSink = process.stderr,
  stdout: MessageSink = process.stdout,
): number {
  try {
    return synth(env, stderr, stdout);
  } catch (e) {
    // A gap in validation or a bug, never the user's stack trace: one line, exit 2.
    const what = e instanceof StackBuildError ? `while building stack ${e.message}` : `during synth: ${e instanceof Error ? e.message : String(e)}`;
    stderr.write(`internal error ${what.split("\n")[0]} (not an input problem; rerun with PLATFORM_DEBUG=1 for the stack trace)\nnothing was written.\n`);
    if (env.PLATFORM_DEBUG === "1") stderr.write(`${debugTrace(e)}\n`);
    return 2;
  }
}

function debugTrace(e: unknown): string {
  const cause = e instanceof StackBuildError ? e.cause : e;
  return cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
}

// What main() runs; anything it throws is an internal error.
function synth(env: NodeJS.ProcessEnv, stderr: MessageSink, stdout: MessageSink): number {
  // Always run as source (tools/ts-run.js, jest, ts-node): this file sits in the project root.
  const root = __dirname;
  const outdir = env.CDKTF_OUTDIR ?? path.join(root, "cdktf.out");
  const sourceDir = path.resolve(env.PLATFORM_REGIONS_DIR ?? path.join(root, "regions"));
  const inProject = !path.relative(root, sourceDir).startsWith("..");

  // The settings file as messages name it, once loading has found it.
  let settingsFile = "";
  try {
    // Region files load as they are: .ts through the same transpiler as this file, .js, .json.
    const { raw, config } = loadPlatform(
      { sourceDir, displayDir: inProject ? path.relative(root, sourceDir) : sourceDir },
      env.PLATFORM_TODAY ? { today: new Date(`${env.PLATFORM_TODAY}T12:00:00Z`) } : {},
    );
    settingsFile = raw.settings.file;
    const localStateDir = path.relative(path.join(path.resolve(outdir), "stacks", "x"), root) || ".";
    const stacks = synthesizePlatform(config, outdir, localStateDir);
    stdout.write(`failover budget (worst case, seconds):\n${formatBudgetTable(config.settings, failoverBudgets(config.settings, config.regions))}\n`);
    stdout.write(`${formatColdStartTable(config.settings, coldStartBudgets(config.regions))}\n`);
    // Beside the stacks, for plan-diff's cold-start budget before and after (tools/plan-diff/cold-start-budget.ts).
    fs.writeFileSync(path.join(outdir, COLD_START_BUDGET_FILE), `${JSON.stringify(coldStartBudgetRecord(config.settings, config.regions), null, 2)}\n`);
    const capacity = capacityRows(config.settings, config.regions);
    stdout.write(`${formatCapacityTable(config.settings, capacity, config.regions)}\n`);
    // Beside the stacks, for plan-diff's capacity budget before and after (tools/plan-diff/capacity-budget.ts).
    fs.writeFileSync(path.join(outdir, CAPACITY_BUDGET_FILE), `${JSON.stringify(capacityBudgetRecord(config.settings, capacity), null, 2)}\n`);
    stdout.write(`synthesized ${stacks.length} stacks into ${path.relative(process.cwd(), outdir) || "."}: ${stacks.join(", ")}\n`);
    // Warnings do not fail synth: a version nearing its end of support, a quota above its default.
    const warnings = [...(config.warnings ?? []), ...quotaWarnings(quotaNeeds(config, readStacks(outdir, stacks)))];
    for (const w of warnings) stderr.write(`warning: ${w}\n`);
    const suppressions = config.settings.suppressions;
    if (suppressions.length > 0) {
      stdout.write(`policy suppressions in force (${suppressions.length}):\n${suppressions.map((s) => `  ${formatSuppression(s)}`).join("\n")}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigValidationError || e instanceof PolicyViolationError) {
      const message = e instanceof PolicyViolationError ? PolicyViolationError.describe(e.violations, e.unused, settingsFile) : e.message;
      stderr.write(`${message}\nnothing was written.\n`);
      return 1;
    }
    throw e;
  }
}

/** The synthesized stacks' Terraform JSON, for the quota check. */
function readStacks(outdir: string, names: readonly string[]): Record<string, PreflightStack> {
  const out: Record<string, PreflightStack> = {};
  for (const name of names) {
    const file = path.join(outdir, "stacks", name, "cdk.tf.json");
    if (fs.existsSync(file)) out[name] = JSON.parse(fs.readFileSync(file, "utf8")) as PreflightStack;
  }
  return out;
}

if (require.main === module) process.exitCode = main();
