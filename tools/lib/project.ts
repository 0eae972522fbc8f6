import * as path from "path";
import { ConfigValidationError } from "../../config/errors";
import { loadRegions } from "../../config/load";
import type { PlatformConfig } from "../../config/schema";
import { validatePlatform } from "../../config/validate";

// The one project-root helper (constructs read helm-values/ and charts/ through it too):
// the nearest folder above holding package.json and helm-values/.
export { projectRoot } from "../../constructs/common";

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
