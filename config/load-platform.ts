import { loadRegions, type LoadOptions } from "./load";
import type { PlatformConfig } from "./schema";
import { validatePlatform, type RawInput, type ValidateOptions } from "./validate";

/** A regions folder, loaded and validated. */
export interface LoadedPlatform {
  /** What the files held, as loaded: messages that name a file (the settings file) take it from here. */
  readonly raw: RawInput;
  /** The validated configuration, defaults applied. */
  readonly config: PlatformConfig;
}

/**
 * Loads every file of a regions folder and validates all of it in one pass: the one way
 * `main.ts`, the tools and the tests read configuration, so none of them can skip a rule.
 * Throws a `ConfigValidationError` listing every problem (load errors included).
 */
export function loadPlatform(opts: LoadOptions, validation: ValidateOptions = {}): LoadedPlatform {
  const raw = loadRegions(opts);
  return { raw, config: validatePlatform(raw, undefined, validation) };
}
