import type { Construct } from "constructs";
import type { FederationTarget } from "./region-endpoint";

/**
 * The platform's DNS at one authority (Route53 or Cloud DNS): the zone, the global
 * serving record with its health checks, and the per-region names of load balancers
 * (federation endpoints, Alertmanager peers). The global stack picks one implementation,
 * once, and never branches on the authority again.
 */
export interface GlobalDnsAuthority {
  /** The global record clients call, with its per-region health checks. */
  readonly globalRecord: Construct;
  /**
   * Names each target's load balancer in the zone as `hostName(region, zone)`: a CNAME
   * to a DNS name, an A record to an IP address. `id` scopes the records (a construct id).
   * `hostName` defaults to `federation.<region>.<zone>`.
   */
  addRegionRecords(id: string, targets: readonly FederationTarget[], hostName?: (region: string, zone: string) => string): Construct;
}
