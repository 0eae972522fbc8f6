import * as path from "path";
import { ConfigValidationError } from "../../config/errors";
import { loadRegions } from "../../config/load";
import type { PlatformConfig } from "../../config/schema";
import { validatePlatform } from "../../config/validate";

/** The project root: the folder holding the `tools/` folder that `dirname` is in. */
export function projectRoot(dirname: string): string {
  let dir = dirname;
  while (path.basename(dir) !== "tools") {
    if (path.dirname(dir) === dir) throw new Error(`projectRoot: ${dirname} is not inside a tools/ folder`);
    dir = path.dirname(dir);
  }
  return path.dirname(dir);
}

/**
 * Loads and validates `regions/` the way `main.ts` does. Prints every config error and
 * returns undefined when the input is invalid.
 */
export function loadProjectConfig(root: string): PlatformConfig | undefined {
  const raw = loadRegions({ sourceDir: path.join(root, "regions") });
  try {
    return validatePlatform(raw);
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      process.stderr.write(`${e.message}\n`);
      return undefined;
    }
    throw e;
  }
}
