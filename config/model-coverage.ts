import { show, type ConfigError } from "./errors";
import type { SourcedRegion } from "./rules";
import type { PlatformSettings } from "./schema";

/**
 * Which models a single region's failure leaves with no serving region. Every router
 * answers every model by spilling it to a region that serves it (config/spill.ts), so a
 * model served in one region only is lost everywhere while that region is down. Pure.
 */

/** For each model of the platform, the regions serving it, in region order. */
export function servingRegions(regions: readonly SourcedRegion[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { region } of regions) {
    for (const m of region.models) out.set(m.name, [...(out.get(m.name) ?? []), region.name]);
  }
  return out;
}

/**
 * A model served in one region fails validation unless `traffic.singleRegionModels`
 * accepts the outage; an entry there naming a model served in two regions fails, so
 * the list does not outlive the reason for it.
 */
export function checkModelCoverage(settings: PlatformSettings, settingsFile: string, regions: readonly SourcedRegion[]): ConfigError[] {
  // One region has nothing to fail over to: every model is lost with it, by design.
  if (regions.length < 2) return [];
  const accepted = settings.traffic.singleRegionModels;
  const serving = servingRegions(regions);
  const errors: ConfigError[] = [];
  for (const { file, region } of regions) {
    region.models.forEach((m, i) => {
      if (serving.get(m.name)?.length !== 1 || accepted.includes(m.name)) return;
      errors.push({
        file,
        path: `models[${i}].name`,
        message: `${show(m.name)} is served only in ${region.name}: if ${region.name} fails, no region serves it and every router answers 503 for it; ` +
          `serve it in a second region, or accept the outage by adding it to traffic.singleRegionModels in ${settingsFile}`,
      });
    });
  }
  // A name no region serves is not reported: it is harmless, and while a region file
  // fails its schema its models are unknown here.
  accepted.forEach((name, i) => {
    const count = serving.get(name)?.length ?? 0;
    if (count < 2) return;
    errors.push({
      file: settingsFile,
      path: `traffic.singleRegionModels[${i}]`,
      message: `${show(name)} is served in ${count} regions (${serving.get(name)!.join(", ")}); remove it from the list`,
    });
  });
  return errors;
}
