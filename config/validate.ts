import type { z } from "zod";
import { ConfigValidationError, fromZodIssues, type ConfigError } from "./errors";
import { checkGlobal } from "./global-rules";
import { checkPlatform, checkRegion, type SourcedRegion } from "./rules";
import { checkGpuOperator } from "./gpu-operator-rules";
import { checkCapacity } from "./capacity";
import { checkColdStart } from "./cold-start-budget";
import { checkScaleFromZero } from "./scale-from-zero";
import { checkSizing } from "./sizing";
import { PlatformSettingsSchema, RegionSchema, type PlatformConfig, type PlatformSettings } from "./schema";

/** The raw input: what each file exported, before any checking. */
export interface RawInput {
  /** The regions folder as messages name it (`regions/`). */
  readonly dir: string;
  readonly settings: { readonly file: string; readonly data: unknown };
  readonly regions: readonly { readonly file: string; readonly data: unknown }[];
  /** Problems found while loading (an empty file, a module that threw). */
  readonly loadErrors?: readonly ConfigError[];
}

/** A rule over one parsed region; more rule sets (sizing, policies) plug in here. */
export type RegionRule = (settings: PlatformSettings, region: SourcedRegion) => ConfigError[];

/** The region rules validation runs, in order. */
export const REGION_RULES: readonly RegionRule[] = [checkRegion, checkCapacity, checkSizing, checkGpuOperator, checkScaleFromZero, checkColdStart];

function parse<S extends z.ZodType>(schema: S, file: string, data: unknown, errors: ConfigError[]): z.output<S> | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  errors.push(...fromZodIssues(file, data, result.error.issues, schema));
  return undefined;
}

/**
 * Validates the whole input and returns it typed with defaults applied, or throws one
 * ConfigValidationError listing every problem in every file.
 */
export function validatePlatform(input: RawInput, regionRules: readonly RegionRule[] = REGION_RULES): PlatformConfig {
  const errors: ConfigError[] = [...(input.loadErrors ?? [])];
  // A file that failed to load already has its error; do not add "is required" on top.
  const settings = input.settings.data === undefined && errors.some((e) => e.file === input.settings.file)
    ? undefined
    : parse(PlatformSettingsSchema, input.settings.file, input.settings.data, errors);
  const regions: SourcedRegion[] = [];
  for (const { file, data } of input.regions) {
    const region = parse(RegionSchema, file, data, errors);
    if (region) regions.push({ file, region });
  }
  if (settings) {
    for (const r of regions) for (const rule of regionRules) errors.push(...rule(settings, r));
    errors.push(...checkPlatform(settings, input.settings.file, regions, input.dir, regions.length === input.regions.length));
    errors.push(...checkGlobal(settings, input.settings.file, regions));
  }
  if (errors.length > 0 || !settings) throw new ConfigValidationError(errors);
  const sorted = [...regions].sort((a, b) => a.region.name.localeCompare(b.region.name)).map((r) => r.region);
  return { settings, regions: sorted };
}
