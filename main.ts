import * as path from "path";
import { ConfigValidationError } from "./config/errors";
import { coldStartBudgets, formatColdStartTable } from "./config/cold-start-budget";
import { failoverBudgets, formatBudgetTable } from "./config/failover-budget";
import { loadRegions } from "./config/load";
import { validatePlatform } from "./config/validate";
import { formatSuppression, PolicyViolationError } from "./policies/engine";
import { synthesizePlatform } from "./stacks/synthesize";

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
 *
 * Returns the exit code: 0, or 1 for invalid input or a policy violation (nothing written).
 * Exported so tests run the real entry in-process; `node dist/main.js` runs it on load.
 */
export function main(
  env: NodeJS.ProcessEnv = process.env,
  stderr: MessageSink = process.stderr,
  stdout: MessageSink = process.stdout,
): number {
  // Compiled to dist/main.js; the project root is one level up.
  const root = path.basename(__dirname) === "dist" ? path.dirname(__dirname) : __dirname;
  const outdir = env.CDKTF_OUTDIR ?? path.join(root, "cdktf.out");
  const sourceDir = path.resolve(env.PLATFORM_REGIONS_DIR ?? path.join(root, "regions"));
  const compiledDir = path.join(__dirname, path.relative(root, sourceDir));
  const inProject = !path.relative(root, sourceDir).startsWith("..");
  const compiled = __filename.endsWith(".js");

  const raw = loadRegions({
    sourceDir,
    displayDir: inProject ? path.relative(root, sourceDir) : sourceDir,
    // Compiled, the project's region files are loaded from dist/ (others must be .js or
    // .json); under ts-node (the stock cdktf setup) the .ts sources load directly.
    moduleFor: (file) => (compiled && inProject && file.endsWith(".ts") ? path.join(compiledDir, path.basename(file, ".ts") + ".js") : file),
  });
  try {
    const config = validatePlatform(raw);
    const localStateDir = path.relative(path.join(path.resolve(outdir), "stacks", "x"), root) || ".";
    const stacks = synthesizePlatform(config, outdir, localStateDir);
    stdout.write(`failover budget (worst case, seconds):\n${formatBudgetTable(config.settings, failoverBudgets(config.settings, config.regions))}\n`);
    stdout.write(`${formatColdStartTable(config.settings, coldStartBudgets(config.regions))}\n`);
    stdout.write(`synthesized ${stacks.length} stacks into ${path.relative(process.cwd(), outdir) || "."}: ${stacks.join(", ")}\n`);
    const suppressions = config.settings.suppressions;
    if (suppressions.length > 0) {
      stdout.write(`policy suppressions in force (${suppressions.length}):\n${suppressions.map((s) => `  ${formatSuppression(s)}`).join("\n")}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigValidationError || e instanceof PolicyViolationError) {
      const message = e instanceof PolicyViolationError ? PolicyViolationError.describe(e.violations, e.unused, raw.settings.file) : e.message;
      stderr.write(`${message}\nnothing was written.\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main();
