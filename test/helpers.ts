import * as path from "path";
import { App, Testing, type TerraformStack } from "cdktf";
import { loadRegions } from "../config/load";
import type { PlatformConfig, RegionConfig } from "../config/schema";
import { validatePlatform } from "../config/validate";
import { KUBERNETES_VERSIONS_SOURCE } from "../catalog/kubernetes-versions";

/**
 * The day tests judge Kubernetes support on: the version catalog's compile date, so the
 * suite does not start failing the day a version leaves standard support (the catalog is
 * refreshed then, and this date with it).
 */
export const TEST_TODAY = new Date(`${KUBERNETES_VERSIONS_SOURCE.compiled}T12:00:00Z`);

/** The project root. */
export const ROOT = path.resolve(__dirname, "..");

let cached: PlatformConfig | undefined;

/** The default topology from `regions/`, validated (loaded once per test file). */
export function defaultConfig(): PlatformConfig {
  cached ??= validatePlatform(loadRegions({ sourceDir: path.join(ROOT, "regions") }), undefined, { today: TEST_TODAY });
  return cached;
}

/** One region of the default topology by name. */
export function defaultRegion(name: string): RegionConfig {
  const r = defaultConfig().regions.find((x) => x.name === name);
  if (!r) throw new Error(`no region ${name} in regions/`);
  return r;
}

/** A fresh cdktf test app (no output written). */
export function testApp(): App {
  return Testing.app();
}

/** The synthesized JSON of a stack, parsed. */
export function synthJson(stack: TerraformStack): { resource: Record<string, Record<string, Record<string, unknown>>>; [k: string]: unknown } {
  return JSON.parse(Testing.synth(stack));
}

/** Every resource of a type in a synthesized stack, by logical id. */
export function resourcesOf(stack: TerraformStack, type: string): Record<string, Record<string, unknown>> {
  return synthJson(stack).resource[type] ?? {};
}

/** A region of the default topology with some fields replaced (the original is untouched). */
export function regionWith(name: string, patch: Partial<RegionConfig>): RegionConfig {
  return { ...defaultRegion(name), ...patch };
}
