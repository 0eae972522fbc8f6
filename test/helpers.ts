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

/** The folder of a fixture topology, laid out like `regions/`. */
export function topologyDir(name: string): string {
  return path.join(ROOT, "test", "fixtures", "topologies", name);
}

const cached = new Map<string, PlatformConfig>();

function loadValidated(sourceDir: string): PlatformConfig {
  let config = cached.get(sourceDir);
  if (!config) {
    config = validatePlatform(loadRegions({ sourceDir }), undefined, { today: TEST_TODAY });
    cached.set(sourceDir, config);
  }
  return config;
}

/**
 * A fixture topology from `test/fixtures/topologies/<name>/`, validated (loaded once per
 * test file; do not mutate). Unit and construct tests build from these, never from the
 * live `regions/`, so adding or editing a region never breaks them.
 */
export function fixtureConfig(name: string): PlatformConfig {
  return loadValidated(topologyDir(name));
}

/**
 * The topology unit and construct tests share: the `default` fixture topology (three
 * regions, EKS and GKE, us-east-1 the primary and observability hub).
 */
export function defaultConfig(): PlatformConfig {
  return fixtureConfig("default");
}

/**
 * The live topology in `regions/`, for the suites that must follow it: one snapshot
 * per stack, and the generated docs (diagram, failover table).
 */
export function liveConfig(): PlatformConfig {
  return loadValidated(path.join(ROOT, "regions"));
}

/** One region of the default fixture topology by name. */
export function defaultRegion(name: string): RegionConfig {
  const r = defaultConfig().regions.find((x) => x.name === name);
  if (!r) throw new Error(`no region ${name} in test/fixtures/topologies/default/`);
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

/** A region of the default fixture topology with some fields replaced (the original is untouched). */
export function regionWith(name: string, patch: Partial<RegionConfig>): RegionConfig {
  return { ...defaultRegion(name), ...patch };
}
