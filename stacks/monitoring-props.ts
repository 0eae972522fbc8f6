import { clusterName } from "../config/names";
import type { PlatformSettings, RegionConfig } from "../config/schema";
import type { ObservabilityHubProps, PrometheusRetention, RegionalMonitoringProps } from "../constructs/prometheus-federation";

/**
 * The config-to-props translation of the monitoring constructs, in one place: the
 * platform stack, the prometheus check and the construct tests build them from it.
 */

function retention(settings: PlatformSettings): PrometheusRetention {
  return { retentionDays: settings.observability.retentionDays, storageGiB: settings.observability.storageGiB };
}

/** What {@link RegionalMonitoringProps} takes from the config: the region's labels, the DNS zone, retention, the Kubernetes version. */
export function regionalMonitoringProps(settings: PlatformSettings, region: RegionConfig): Pick<RegionalMonitoringProps, "region" | "clusterName" | "dnsZone" | "retention" | "kubernetesVersion"> {
  return {
    region: { name: region.name, cloud: region.cloud },
    clusterName: clusterName(settings.name, region.name),
    kubernetesVersion: region.cluster.kubernetesVersion,
    dnsZone: settings.dns.zone,
    retention: retention(settings),
  };
}

/** What {@link ObservabilityHubProps} takes from the config: every region to federate, the DNS zone, retention. */
export function hubMonitoringProps(settings: PlatformSettings, regions: readonly RegionConfig[]): Pick<ObservabilityHubProps, "regions" | "dnsZone" | "retention"> {
  return {
    regions: regions.map((r) => ({ name: r.name, cloud: r.cloud })),
    dnsZone: settings.dns.zone,
    retention: retention(settings),
  };
}
