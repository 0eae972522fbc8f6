import * as path from "path";
import { ConfigValidationError } from "../../config/errors";
import { loadRegions } from "../../config/load";
import type { PlatformConfig } from "../../config/schema";
import { validatePlatform } from "../../config/validate";

// The one project-root helper (constructs read helm-values/ and charts/ through it too);
// it works from dist/tools/<tool>/ and from sources under ts-jest alike.
export { projectRoot } from "../../constructs/common";

/**
 * Loads and validates `regions/` the way `main.ts` does (compiled region files when run
 * from `dist/`). Prints every config error and returns undefined when the input is invalid.
 */
export function loadProjectConfig(root: string, compiledRoot: string): PlatformConfig | undefined {
  const sourceDir = path.join(root, "regions");
  const raw = loadRegions({
    sourceDir,
    moduleFor: (file) => (file.endsWith(".ts") && compiledRoot !== root ? path.join(compiledRoot, "regions", path.basename(file, ".ts") + ".js") : file),
  });
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
