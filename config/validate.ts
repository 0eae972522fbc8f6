import type { z } from "zod";
import { ConfigValidationError, fromZodIssues, type ConfigError } from "./errors";
import { checkGlobal } from "./global-rules";
import { checkPlatform, checkRegion, type SourcedRegion } from "./rules";
import { checkGpuOperator } from "./gpu-operator-rules";
import { checkAccount, checkInstanceTypes, checkKubernetesVersion, versionWarnings } from "./account-rules";
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
export const REGION_RULES: readonly RegionRule[] = [checkRegion, checkSizing, checkGpuOperator];

function parse<S extends z.ZodType>(schema: S, file: string, data: unknown, errors: ConfigError[]): z.output<S> | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  errors.push(...fromZodIssues(file, data, result.error.issues, schema));
  return undefined;
}

/** What validation needs besides the input. */
export interface ValidateOptions {
  /** The day versions are judged on (end of standard support). @default - now; tests pin it */
  readonly today?: Date;
}

/**
 * Validates the whole input and returns it typed with defaults applied, or throws one
 * ConfigValidationError listing every problem in every file. Non-fatal findings (a version
 * whose support ends soon) come back in `warnings`.
 */
export function validatePlatform(input: RawInput, regionRules: readonly RegionRule[] = REGION_RULES, options: ValidateOptions = {}): PlatformConfig {
  const today = options.today ?? new Date();
  const dated: readonly RegionRule[] = [...regionRules, checkKubernetesVersion(today), checkInstanceTypes];
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
    for (const r of regions) for (const rule of dated) errors.push(...rule(settings, r));
    errors.push(...checkAccount(settings, input.settings.file, regions));
    errors.push(...checkPlatform(settings, input.settings.file, regions, input.dir, regions.length === input.regions.length));
    errors.push(...checkGlobal(settings, input.settings.file, regions));
  }
  if (errors.length > 0 || !settings) throw new ConfigValidationError(errors);
  const sorted = [...regions].sort((a, b) => a.region.name.localeCompare(b.region.name)).map((r) => r.region);
  return { settings, regions: sorted, warnings: versionWarnings(regions, today) };
}
