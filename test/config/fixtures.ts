import { ConfigValidationError, formatConfigError } from "../../config/errors";
import { loadRegions } from "../../config/load";
import type { PlatformConfig } from "../../config/schema";
import { validatePlatform, type RawInput } from "../../config/validate";
import { TEST_TODAY, topologyDir } from "../helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The default fixture topology as raw input, deep-copied so a test can break one field.
 * Messages name its files as `regions/<file>`, as they would for a user's regions.
 */
export function rawDefault(): RawInput & { settings: { file: string; data: Json }; regions: { file: string; data: Json }[] } {
  const raw = loadRegions({ sourceDir: topologyDir("default"), displayDir: "regions" });
  return JSON.parse(JSON.stringify(raw)) as ReturnType<typeof rawDefault>;
}

/** A raw region of the default input by file stem (`us-east-1`). */
export function regionOf(raw: ReturnType<typeof rawDefault>, stem: string): Json {
  const r = raw.regions.find((x) => x.file === `regions/${stem}.ts`);
  if (!r) throw new Error(`no regions/${stem}.ts`);
  return r.data as Json;
}

/** Validates and returns the one-line messages, or [] when valid. */
export function problems(raw: RawInput): string[] {
  try {
    validatePlatform(raw, undefined, { today: TEST_TODAY });
    return [];
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.errors.map(formatConfigError);
    throw e;
  }
}

/** Validates input that must be valid. */
export function valid(raw: RawInput): PlatformConfig {
  return validatePlatform(raw, undefined, { today: TEST_TODAY });
}
