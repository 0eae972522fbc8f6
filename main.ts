import * as path from "path";
import { ConfigValidationError } from "./config/errors";
import { failoverBudgets, formatBudgetTable } from "./config/failover-budget";
import { loadRegions } from "./config/load";
import { validatePlatform } from "./config/validate";
import { synthesizePlatform } from "./stacks/synthesize";

/**
 * Entry point of `npm run synth` and `cdktf synth`: loads `regions/`, validates all of it,
 * and synthesizes one Terraform configuration per stack. The environment is read here
 * and nowhere else.
 *
 * - `CDKTF_OUTDIR`: output folder (set by the cdktf CLI). @default `<project>/cdktf.out`
 * - `PLATFORM_REGIONS_DIR`: region files to use instead of `<project>/regions`.
 */
function main(): number {
  // Compiled to dist/main.js; the project root is one level up.
  const root = path.basename(__dirname) === "dist" ? path.dirname(__dirname) : __dirname;
  const outdir = process.env.CDKTF_OUTDIR ?? path.join(root, "cdktf.out");
  const sourceDir = path.resolve(process.env.PLATFORM_REGIONS_DIR ?? path.join(root, "regions"));
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
    process.stdout.write(`failover budget (worst case, seconds):
${formatBudgetTable(config.settings, failoverBudgets(config.settings, config.regions))}
`);
    process.stdout.write(`synthesized ${stacks.length} stacks into ${path.relative(process.cwd(), outdir) || "."}: ${stacks.join(", ")}
`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      process.stderr.write(`${e.message}\nnothing was written.\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main();
