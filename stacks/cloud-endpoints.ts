import type { RegionConfig } from "../config/schema";
import { AWS_ENDPOINTS } from "../constructs/aws";
import type { CloudEndpoints } from "../constructs/contracts";
import { AZURE_ENDPOINTS } from "../constructs/azure";
import { GCP_ENDPOINTS } from "../constructs/gcp";

/**
 * Each cloud's {@link CloudEndpoints}: the one place the stacks, the tools and the test
 * fixtures map a region's cloud to how its load balancers are addressed and how many
 * serving addresses it has. A cloud added to the schema does not compile here until it
 * has its implementation; nothing else branches on it.
 */
export const CLOUD_ENDPOINTS: Readonly<Record<RegionConfig["cloud"], CloudEndpoints>> = {
  aws: AWS_ENDPOINTS,
  gcp: GCP_ENDPOINTS,
  azure: AZURE_ENDPOINTS,
};

/** The endpoints implementation of a region's cloud. */
export function endpointsOf(region: Pick<RegionConfig, "cloud">): CloudEndpoints {
  return CLOUD_ENDPOINTS[region.cloud];
}

/** How many static serving addresses a region's cluster stack outputs as `serving_ips`. */
export function servingAddressCount(region: Pick<RegionConfig, "cloud" | "network">): number {
  return endpointsOf(region).servingAddressCount(region.network.zones);
}
