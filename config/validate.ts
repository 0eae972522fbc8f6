import type { z } from "zod";
import { ConfigValidationError, fromZodIssues, type ConfigError } from "./errors";
import { checkGlobal, GLOBAL_FIELDS, type RoutedRegion } from "./global-rules";
import { checkGpuOperator } from "./gpu-operator-rules";
import { checkCapacity, checkCapacityVersions } from "./capacity";
import { checkCapacityFailover, checkPeakLoad, type CapacityRegion } from "./capacity-failover";
import { checkColdStart } from "./cold-start-budget";
import { checkModelCoverage } from "./model-coverage";
import { knows, type Parsed, type ParsedRegion, type RegionRule } from "./rule";
import { checkPlatform, REGION_FILE_RULES, type SourcedRegion } from "./rules";
import { checkScaleFromZero } from "./scale-from-zero";
import { checkSizing } from "./sizing";
import { checkAccount, checkKubernetesVersion, versionWarnings } from "./account-rules";
import { checkTags, tagTargets } from "./tag-rules";
import { servingImageWarnings } from "./serving-image-rules";
import { RAY_IMAGE } from "../constructs/llm-serving";
import { PlatformSettingsSchema, RegionSchema, type PlatformConfig, type PlatformSettings, type RegionConfig } from "./schema";

/** The raw input: what each file exported, before any checking. */
export interface RawInput {
  /** The regions folder as messages name it (`regions/`). */
  readonly dir: string;
  readonly settings: { readonly file: string; readonly data: unknown };
  readonly regions: readonly { readonly file: string; readonly data: unknown }[];
  /** Problems found while loading (an empty file, a module that threw, a stray file). */
  readonly loadErrors?: readonly ConfigError[];
  /**
   * True when some region file could not be loaded: rules that count over all regions
   * (one hub, one primary) then report only what the missing file could not change.
   */
  readonly regionsMissing?: boolean;
}

export type { RegionRule } from "./rule";

/** The region rules validation runs, in order; each runs when the fields it reads parsed. */
export const REGION_RULES: readonly RegionRule[] = [...REGION_FILE_RULES, checkCapacity, checkCapacityVersions, checkSizing, checkGpuOperator, checkScaleFromZero, checkColdStart, checkPeakLoad];

/**
 * Parses one file against an object schema. When the file fails, every issue is reported
 * and each top-level field is parsed on its own, so the fields that are right stay known
 * and the rules that read only them still run.
 */
export function parseFields<T>(schema: z.ZodObject, file: string, data: unknown, errors: ConfigError[]): Parsed<T> {
  const whole = schema.safeParse(data);
  const keys = Object.keys(schema.shape) as (keyof T)[];
  if (whole.success) return { value: whole.data as Partial<T>, known: new Set(keys) };
  errors.push(...fromZodIssues(file, data, whole.error.issues, schema));
  // Not an object at all: nothing is known (defaults would pass for what the user wrote).
  if (data === null || typeof data !== "object" || Array.isArray(data)) return { value: {}, known: new Set() };
  const value: Partial<T> = {};
  const known = new Set<keyof T>();
  for (const key of keys) {
    const field = (schema.shape as Record<string, z.ZodType>)[key as string].safeParse((data as Record<string, unknown>)[key as string]);
    if (field.success) {
      value[key] = field.data as T[keyof T];
      known.add(key);
    }
  }
  return { value, known };
}

/** What validation needs besides the input. */
export interface ValidateOptions {
  /** The day versions are judged on (end of standard support). @default - now; tests pin it */
  readonly today?: Date;
}

/**
 * Validates the whole input in one pass and returns it typed with defaults applied, or
 * throws one ConfigValidationError listing every problem in every file. A schema error
 * in one file, or in one field, hides nothing else: every rule runs on whatever parsed.
 * Non-fatal findings (a version whose support ends soon, an Azure region on a serving image
 * that cannot read azure:// URIs) come back in `warnings`.
 */
export function validatePlatform(input: RawInput, regionRules: readonly RegionRule[] = REGION_RULES, options: ValidateOptions = {}): PlatformConfig {
  const today = options.today ?? new Date();
  // Rules judged on a date, and the account's (issue 12), after the file's own rules.
  const allRules: readonly RegionRule[] = [...regionRules, checkKubernetesVersion(today)];
  const errors: ConfigError[] = [...(input.loadErrors ?? [])];
  const loadFailed = (file: string) => errors.some((e) => e.file === file);
  // A file that failed to load already has its error; do not add "is required" on top.
  const settings: Parsed<PlatformSettings> = input.settings.data === undefined && loadFailed(input.settings.file)
    ? { value: {}, known: new Set() }
    : parseFields<PlatformSettings>(PlatformSettingsSchema, input.settings.file, input.settings.data, errors);
  const regions: ParsedRegion[] = input.regions.map(({ file, data }) => {
    const { value, known } = parseFields<RegionConfig>(RegionSchema, file, data, errors);
    return { file, region: value, known };
  });
  // A region file that did not load (syntax error) may hold the hub or the primary.
  const complete = !input.regionsMissing;

  for (const r of regions) {
    for (const rule of allRules) {
      if (knows(settings.known, rule.settingsFields) && knows(r.known, rule.regionFields)) errors.push(...rule.run(settings.value, r));
    }
  }
  errors.push(...checkPlatform(settings, input.settings.file, regions, input.dir, complete));
  errors.push(...checkAccount(settings, input.settings.file, regions));
  if (knows(settings.known, GLOBAL_FIELDS.settings)) {
    const routed = regions.filter((r) => knows(r.known, GLOBAL_FIELDS.region)) as unknown as RoutedRegion[];
    // Counting rules need every region; one that failed these fields may be the one.
    const all = complete && routed.length === regions.length;
    errors.push(...checkGlobal(settings.value as PlatformSettings, input.settings.file, routed, all));
  }
  // Which models a single region's failure loses: needs every region's models, and only
  // valid ones (a model already reported would only repeat as "served in one region").
  const modelsValid = !errors.some((e) => /^models(\[|\.|$)/.test(e.path));
  if (complete && modelsValid && settings.known.has("traffic") && regions.every((r) => r.known.has("name") && r.known.has("models"))) {
    errors.push(...checkModelCoverage(settings.value as PlatformSettings, input.settings.file, regions as unknown as SourcedRegion[]));
  }
  // Where a failed region's load goes and whether the survivors carry it: every region's
  // models, pools and traffic, and settings that parsed; after the rules above passed.
  const capacityFields = ["name", "cloud", "models", "gpuPools", "traffic"] as const;
  // Only on valid inputs of the check: figures from a pool or model already reported would mislead.
  const inputsValid = !errors.some((e) => /^(models|gpuPools|traffic|dns)(\[|\.|$)/.test(e.path));
  if (complete && inputsValid && settings.known.has("traffic") && settings.known.has("dns") &&
    regions.every((r) => capacityFields.every((f) => r.known.has(f)))) {
    const sourced = regions.map((r) => ({ file: r.file, region: r.region as CapacityRegion }));
    errors.push(...checkCapacityFailover(settings.value as PlatformSettings, input.settings.file, sourced));
  }
  if (settings.known.has("tags")) {
    const clouds = regions.filter((r) => r.known.has("cloud")).map((r) => r.region.cloud!);
    errors.push(...checkTags(settings.value.tags!, input.settings.file, tagTargets(clouds, settings.value.dns?.authority)));
  }

  const allParsed = settings.known.size === Object.keys(PlatformSettingsSchema.shape).length &&
    regions.every((r) => r.known.size === Object.keys(RegionSchema.shape).length);
  if (errors.length > 0 || !allParsed) throw new ConfigValidationError(errors);
  const sorted = regions.map((r) => r.region as RegionConfig).sort((a, b) => a.name.localeCompare(b.name));
  const filed = regions.map((r) => ({ file: r.file, region: r.region as RegionConfig }));
  const warnings = [...versionWarnings(filed, today), ...servingImageWarnings(filed, RAY_IMAGE)];
  return { settings: settings.value as PlatformSettings, regions: sorted, warnings };
}
