import * as fs from "fs";
import * as path from "path";
import { loadProjectConfig, projectRoot } from "../lib/project";
import { formatQuotaTable, quotaNeeds, type PreflightStack } from "./needs";
import { QUOTA_CATALOG_SOURCE } from "./quota-catalog";

/**
 * `npm run preflight`: prints, per cloud and region, every quota the synthesized stacks of
 * `regions/` consume, the default, any value declared in settings.quotas, and the command
 * that raises each quota that does not fit. Reads `cdktf.out` (run `npm run synth` first;
 * CDKTF_OUTDIR overrides it). Exit code 0 even when quotas need raising: this is a checklist.
 */
function main(): number {
  const root = projectRoot(__dirname);
  const config = loadProjectConfig(root);
  if (!config) return 1;
  const stacksDir = path.join(process.env.CDKTF_OUTDIR ?? path.join(root, "cdktf.out"), "stacks");
  if (!fs.existsSync(stacksDir)) {
    process.stderr.write(`preflight: ${stacksDir} does not exist; run npm run synth first.\n`);
    return 2;
  }
  const stacks: Record<string, PreflightStack> = {};
  for (const name of fs.readdirSync(stacksDir)) {
    const file = path.join(stacksDir, name, "cdk.tf.json");
    if (fs.existsSync(file)) stacks[name] = JSON.parse(fs.readFileSync(file, "utf8")) as PreflightStack;
  }
  process.stdout.write(`Quotas the plan consumes (catalog compiled ${QUOTA_CATALOG_SOURCE.compiled}; defaults are new-account values):\n\n`);
  process.stdout.write(formatQuotaTable(quotaNeeds(config, stacks)));
  return 0;
}

process.exitCode = main();
