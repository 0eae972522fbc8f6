import { awsLatencyRegion, dnsLocationTable, gcpGeoRegion } from "../catalog/dns-locations";
import { regionZones } from "../catalog/machine-types";
import { show, type ConfigError } from "./errors";
import { checkFailoverBudget } from "./failover-budget";
import type { PlatformSettings, RegionConfig } from "./schema";

/**
 * Rules of the global layer: the failover budget against the SLO, and what the DNS
 * authority can express. Pure; returns every problem it finds.
 */
export function checkGlobal(
  settings: Pick<PlatformSettings, "dns" | "traffic">,
  settingsFile: string,
  regions: readonly RoutedRegion[],
  complete = true,
): ConfigError[] {
  return [
    ...checkFailoverBudget(settings, settingsFile, regions.map((r) => r.region)),
    ...checkDnsRouting(settings, settingsFile, regions, complete),
  ];
}

/** The fields the global rules read, of the settings and of each region. */
export const GLOBAL_FIELDS = { settings: ["dns", "traffic"], region: ["name", "cloud", "region", "traffic"] } as const;

/** A region as the global rules read it. */
export interface RoutedRegion {
  readonly file: string;
  readonly region: Pick<RegionConfig, "name" | "cloud" | "region" | "traffic">;
}

const ROUTE53_ZONE_ID_RE = /^Z[0-9A-Z]{1,32}$/;
const MANAGED_ZONE_NAME_RE = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** What Route53 or Cloud DNS cannot express for the chosen routing and regions. */
export function checkDnsRouting(
  settings: Pick<PlatformSettings, "dns" | "traffic">,
  settingsFile: string,
  regions: readonly RoutedRegion[],
  complete = true,
): ConfigError[] {
  const errors: ConfigError[] = [];
  const { authority, zoneId } = settings.dns;
  const routing = settings.traffic.routing;

  if (zoneId !== undefined && authority === "route53" && !ROUTE53_ZONE_ID_RE.test(zoneId)) {
    errors.push({ file: settingsFile, path: "dns.zoneId", message: `must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ, got ${show(zoneId)}` });
  }
  if (zoneId !== undefined && authority === "cloud-dns" && !MANAGED_ZONE_NAME_RE.test(zoneId)) {
    errors.push({ file: settingsFile, path: "dns.zoneId", message: `must be a Cloud DNS managed zone name (a-z, 0-9, '-', at most 63), got ${show(zoneId)}` });
  }
  if (authority === "route53") return [...errors, ...checkRoute53Latency(routing, regions)];

  if (routing === "failover" && regions.length < 2 && complete) {
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
    if (location === undefined) {
      // A region unknown to the catalog is reported by checkLocation; a known one without a
      // location would stop the Cloud DNS construct.
      if (inCatalog(region)) {
        const table = dnsLocationTable("cloud-dns", region.cloud);
        errors.push({ file, path: "region", message: `has no Cloud DNS location in catalog/dns-locations.ts (${table?.name}: ${table?.regions.join(", ")}); ${routing} routing on Cloud DNS needs one, got ${show(region.region)}` });
      }
      continue;
    }
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

/**
 * Latency routing on Route53: one latency record per region, each naming the AWS region
 * it answers for (a GCP region answers for its nearest AWS region, catalog/dns-locations.ts).
 * Route53 holds only one latency record per AWS region for a name and type ("You can only
 * create one latency resource record set for each Amazon EC2 Region", Route 53 API
 * Reference, ResourceRecordSet, Region), so two regions routed as the same AWS region
 * fail at apply.
 */
function checkRoute53Latency(routing: PlatformSettings["traffic"]["routing"], regions: readonly RoutedRegion[]): ConfigError[] {
  if (routing !== "latency") return [];
  const errors: ConfigError[] = [];
  const seen = new Map<string, string>();
  for (const { file, region } of [...regions].sort((a, b) => a.region.traffic.priority - b.region.traffic.priority)) {
    const latencyRegion = awsLatencyRegion(region.cloud, region.region);
    if (latencyRegion === undefined) {
      if (inCatalog(region)) {
        const table = dnsLocationTable("route53", region.cloud);
        errors.push({ file, path: "region", message: `has no Route53 latency region in catalog/dns-locations.ts (${table?.name}: ${table?.regions.join(", ")}); latency routing on Route53 needs one, got ${show(region.region)}` });
      }
      continue;
    }
    const other = seen.get(latencyRegion);
    if (other) {
      errors.push({
        file,
        path: "region",
        message: `routes as Route53 latency region ${latencyRegion}, as ${other} does; Route53 holds one latency record per AWS region, so use failover or weighted routing or drop one region, got ${show(region.region)}`,
      });
    } else {
      seen.set(latencyRegion, file);
    }
  }
  return errors;
}

function inCatalog(region: Pick<RegionConfig, "cloud" | "region">): boolean {
  return regionZones(region.cloud, region.region) !== undefined;
}
