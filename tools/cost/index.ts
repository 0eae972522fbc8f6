import { loadProjectConfig, projectRoot } from "../lib/project";
import { costItemsFromConfig, formatCostReport, priceItems } from "./estimate";

/**
 * `npm run cost`: prints the monthly cost estimate of the regions in `regions/` as
 * Markdown (per region and in total). `--json` prints the priced lines instead.
 */
function main(argv: readonly string[]): number {
  const root = projectRoot(__dirname);
  const config = loadProjectConfig(root);
  if (!config) return 1;
  const lines = priceItems(costItemsFromConfig(config));
  process.stdout.write(argv.includes("--json") ? JSON.stringify(lines, null, 2) + "\n" : formatCostReport(lines));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
