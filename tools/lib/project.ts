import * as path from "path";
import { ConfigValidationError } from "../../config/errors";
import { loadPlatform } from "../../config/load-platform";
import type { PlatformConfig } from "../../config/schema";

// The one project-root helper (constructs read helm-values/ and charts/ through it too):
// the nearest folder above holding package.json and helm-values/.
export { projectRoot } from "../../constructs/common";

/**
 * Loads and validates `regions/` (or `PLATFORM_REGIONS_DIR`, as for `npm run synth`) through
 * the loader `main.ts` uses. Prints every config error and returns undefined when the input
 * is invalid: what every tool does first.
 */
export function loadProjectConfig(root: string): PlatformConfig | undefined {
  try {
    return loadPlatform({ sourceDir: path.resolve(process.env.PLATFORM_REGIONS_DIR ?? path.join(root, "regions")) }).config;
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      process.stderr.write(`${e.message}\n`);
      return undefined;
    }
    throw e;
  }
}
