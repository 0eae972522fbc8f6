import { gcpGeoRegion } from "../catalog/dns-locations";
import { show, type ConfigError } from "./errors";
import { checkFailoverBudget } from "./failover-budget";
import { checkModelCoverage } from "./model-coverage";
import type { SourcedRegion } from "./rules";
import type { PlatformSettings } from "./schema";

/**
 * Rules of the global layer: the failover budget against the SLO, what the DNS
 * authority can express, and that no single region's failure loses a model unannounced. Pure; returns every problem it finds.
 */
export function checkGlobal(settings: PlatformSettings, settingsFile: string, regions: readonly SourcedRegion[]): ConfigError[] {
  return [
    ...checkFailoverBudget(settings, settingsFile, regions.map((r) => r.region)),
    ...checkDnsRouting(settings, settingsFile, regions),
    ...checkModelCoverage(settings, settingsFile, regions),
  ];
}

const ROUTE53_ZONE_ID_RE = /^Z[0-9A-Z]{1,32}$/;
const MANAGED_ZONE_NAME_RE = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** What Route53 or Cloud DNS cannot express for the chosen routing and regions. */
export function checkDnsRouting(settings: PlatformSettings, settingsFile: string, regions: readonly SourcedRegion[]): ConfigError[] {
  const errors: ConfigError[] = [];
  const { authority, zoneId } = settings.dns;
  const routing = settings.traffic.routing;

  if (zoneId !== undefined && authority === "route53" && !ROUTE53_ZONE_ID_RE.test(zoneId)) {
    errors.push({ file: settingsFile, path: "dns.zoneId", message: `must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ, got ${show(zoneId)}` });
  }
  if (zoneId !== undefined && authority === "cloud-dns" && !MANAGED_ZONE_NAME_RE.test(zoneId)) {
    errors.push({ file: settingsFile, path: "dns.zoneId", message: `must be a Cloud DNS managed zone name (a-z, 0-9, '-', at most 63), got ${show(zoneId)}` });
  }
  if (authority !== "cloud-dns") return errors;

  if (routing === "failover" && regions.length < 2) {
    errors.push({
      file: settingsFile,
      path: "traffic.routing",
      message: `failover on Cloud DNS needs a primary and at least one backup region; add a region or use weighted, got ${regions.length} region(s)`,
    });
  }
  // Geo items (latency, and the backups of failover) need one region per location.
  const ordered = [...regions].sort((a, b) => a.region.traffic.priority - b.region.traffic.priority);
  const geo = routing === "latency" ? ordered : routing === "failover" ? ordered.slice(1) : [];
  const seen = new Map<string, string>();
  for (const { file, region } of geo) {
    const location = gcpGeoRegion(region.cloud, region.region);
    if (location === undefined) continue; // an unknown cloud region is reported by checkRegion
    const other = seen.get(location);
    if (other) {
      errors.push({
        file,
        path: "region",
        message: `routes as Cloud DNS location ${location}, as ${other} does; ${routing} routing on Cloud DNS needs one region per location, got ${show(region.region)}`,
      });
    } else {
      seen.set(location, file);
    }
  }
  return errors;
}
