import * as fs from "fs";
import * as path from "path";
import { ConfigValidationError } from "../../config/errors";
import { loadRegions } from "../../config/load";
import { validatePlatform } from "../../config/validate";
import { projectRoot } from "../lib/project";
import { BUDGET_DOCS, budgetSection, replaceBetweenMarkers } from "./section";

/**
 * `npm run docs:failover-budget`: writes the failover budget of the default topology
 * (`regions/`) into the README and `docs/global.md` between their markers. With `--check`, writes nothing
 * and fails when the document is stale (for CI).
 */
function main(): number {
  const root = projectRoot(__dirname);
  let config;
  try {
    config = validatePlatform(loadRegions({ sourceDir: path.join(root, "regions") }));
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const doc of BUDGET_DOCS) {
    const file = path.join(root, doc);
    const current = fs.readFileSync(file, "utf8");
    const updated = replaceBetweenMarkers(current, budgetSection(config));
    if (check) {
      if (updated !== current) {
        console.error(`${doc}: the failover budget table is stale; run npm run docs:failover-budget`);
        stale++;
      } else {
        console.log(`${doc}: failover budget table is up to date.`);
      }
      continue;
    }
    fs.writeFileSync(file, updated);
    console.log(`${doc}: failover budget table ${updated === current ? "unchanged" : "updated"}.`);
  }
  if (stale > 0) return 1;
  return 0;
}

process.exitCode = main();
