import type { ConfigError } from "./errors";
import type { PlatformSettings, RegionConfig } from "./schema";

/**
 * What parsed of one file: the top-level fields that passed the schema (with defaults
 * applied), and which those are. A file that failed the schema still yields the fields
 * that were right, so rules that read only those still run.
 */
export interface Parsed<T> {
  readonly value: Partial<T>;
  /** The fields of `value` that are known good; all of them when the file parsed whole. */
  readonly known: ReadonlySet<keyof T>;
}

/** A region as far as it parsed, with the file it came from. */
export interface ParsedRegion {
  readonly file: string;
  readonly region: Partial<RegionConfig>;
  readonly known: ReadonlySet<keyof RegionConfig>;
}

/**
 * A rule over one region, with the top-level fields it reads: the validator runs it when
 * every one of them parsed, whatever else in the file or elsewhere failed. `Pick` makes
 * the compiler hold the rule to the fields it declares.
 */
export interface RegionRule {
  /** Runs the rule directly on a region that parsed whole (tests, tools). */
  (settings: PlatformSettings, region: { readonly file: string; readonly region: RegionConfig }): ConfigError[];
  readonly settingsFields: readonly (keyof PlatformSettings)[];
  readonly regionFields: readonly (keyof RegionConfig)[];
  /** Called only when every declared field is known. */
  readonly run: (settings: Partial<PlatformSettings>, region: { readonly file: string; readonly region: Partial<RegionConfig> }) => ConfigError[];
}

/** Declares a region rule with the fields it reads. */
export function regionRule<S extends keyof PlatformSettings, R extends keyof RegionConfig>(
  settingsFields: readonly S[],
  regionFields: readonly R[],
  check: (settings: Pick<PlatformSettings, S>, region: { readonly file: string; readonly region: Pick<RegionConfig, R> }) => ConfigError[],
): RegionRule & typeof check {
  // The casts are what the validator guarantees: run() is only called when the fields are known.
  const run = (settings: Partial<PlatformSettings>, region: { readonly file: string; readonly region: Partial<RegionConfig> }) =>
    check(settings as Pick<PlatformSettings, S>, region as { file: string; region: Pick<RegionConfig, R> });
  return Object.assign((settings: Pick<PlatformSettings, S>, region: { readonly file: string; readonly region: Pick<RegionConfig, R> }) => check(settings, region), {
    settingsFields,
    regionFields,
    run,
  });
}

/** True when every field in `fields` is known. */
export function knows<T>(known: ReadonlySet<keyof T>, fields: readonly (keyof T)[]): boolean {
  return fields.every((f) => known.has(f));
}
