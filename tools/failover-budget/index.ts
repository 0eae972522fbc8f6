import * as fs from "fs";
import * as path from "path";
import { ConfigValidationError } from "../../config/errors";
import { loadRegions } from "../../config/load";
import { validatePlatform } from "../../config/validate";
import { budgetSection, replaceBetweenMarkers } from "./section";

/**
 * `npm run docs:failover-budget`: writes the failover budget of the default topology
 * (`regions/`) into `docs/global.md` between its markers. With `--check`, writes nothing
 * and fails when the document is stale (for CI).
 */
function main(): number {
  // Compiled to dist/tools/failover-budget/index.js; the project root is three levels up.
  const root = path.resolve(__dirname, "..", "..", "..");
  const doc = path.join(root, "docs", "global.md");
  let config;
  try {
    config = validatePlatform(loadRegions({
      sourceDir: path.join(root, "regions"),
      moduleFor: (file) => path.join(root, "dist", "regions", path.basename(file, ".ts") + ".js"),
    }));
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const current = fs.readFileSync(doc, "utf8");
  const updated = replaceBetweenMarkers(current, budgetSection(config));
  if (process.argv.includes("--check")) {
    if (updated !== current) {
      console.error("docs/global.md: the failover budget table is stale; run npm run docs:failover-budget");
      return 1;
    }
    console.log("docs/global.md: failover budget table is up to date.");
    return 0;
  }
  fs.writeFileSync(doc, updated);
  console.log(`docs/global.md: failover budget table ${updated === current ? "unchanged" : "updated"}.`);
  return 0;
}

process.exitCode = main();
