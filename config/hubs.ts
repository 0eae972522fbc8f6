import type { PlatformSettings } from "./schema";

/** A hub's role: both federate every region and notify; the names say which to open first. */
export type HubRole = "primary" | "standby";

/**
 * The observability hub regions, primary first (one only on a single-region platform).
 * Throws when the settings name none, which validation reports first
 * (checkObservabilityHubs), so stacks never see it.
 */
export function hubRegionNames(settings: PlatformSettings): readonly string[] {
  const hubs = settings.observability.hubs;
  if (!hubs) throw new Error("observability.hubs is not set (validation should have caught this)");
  return hubs.standby === undefined ? [hubs.primary] : [hubs.primary, hubs.standby];
}

/** The hub role of a region, or undefined when it is not a hub. */
export function hubRole(settings: PlatformSettings, region: string): HubRole | undefined {
  const hubs = settings.observability.hubs;
  if (hubs?.primary === region) return "primary";
  if (hubs?.standby === region) return "standby";
  return undefined;
}

/**
 * Whether a region runs a hub whose Alertmanager gossips with another hub's: then its
 * cluster stack reserves a static peer address (`alertmanagerPeerAddressName` in config/names.ts).
 */
export function hasAlertmanagerPeer(settings: PlatformSettings, region: string): boolean {
  const hubs = settings.observability.hubs;
  return hubs?.standby !== undefined && (hubs.primary === region || hubs.standby === region);
}
