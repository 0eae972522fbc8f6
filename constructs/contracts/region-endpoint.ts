import type { Cloud } from "../../catalog/cloud";
import type { ClusterLoadBalancer, LoadBalancerAddressKind } from "./cluster-access";

/**
 * How the global record spreads traffic over regions. The global stack passes the
 * config's `routing` here, so the compiler rejects a mode the config adds and these
 * constructs do not implement.
 */
export type RoutingMode = "failover" | "latency" | "weighted";

/**
 * One region's serving endpoint as the global layer sees it: HTTPS on port 443 at its
 * static serving addresses, answering `healthPath`. The global DNS constructs take a
 * list of these and never look at the cluster layer themselves.
 */
export interface RegionEndpoint {
  /** The platform's region name (`us-east-1`), used as set identifier and in names. */
  readonly name: string;
  readonly cloud: Cloud;
  /** The cloud's region id, for latency and geo routing. */
  readonly cloudRegion: string;
  /** Failover order: 1 is the primary. */
  readonly priority: number;
  /** Share of traffic in weighted routing; 0 drains the region. */
  readonly weight: number;
  /** The static serving addresses (tokens from the cluster stack's `serving_ips`). */
  readonly servingIps: readonly string[];
}

/** The health check every region's endpoint answers. */
export interface EndpointHealthCheck {
  /** URL path probed over HTTPS on port 443. */
  readonly path: string;
  readonly requestIntervalSeconds: number;
  /** Consecutive failed probes before the region is unhealthy. */
  readonly failureThreshold: number;
}

/** Props shared by the global DNS constructs of both authorities. */
export interface GlobalDnsProps {
  /** The record clients call, fully qualified without the trailing dot (`api.llm.example.com`). */
  readonly fqdn: string;
  readonly routing: RoutingMode;
  readonly ttlSeconds: number;
  readonly healthCheck: EndpointHealthCheck;
  readonly endpoints: readonly RegionEndpoint[];
}

/** The endpoints in failover order (priority 1 first). */
export function byPriority<T extends Pick<RegionEndpoint, "priority">>(endpoints: readonly T[]): T[] {
  return [...endpoints].sort((a, b) => a.priority - b.priority);
}

/**
 * A PascalCase construct id from a region name (a lowercase DNS label), one-to-one so
 * two regions never share an id: `asia-south1` -> `AsiaSouth1`, `us-east-1` ->
 * `UsEast_1`, `us-east1` -> `UsEast1`. A part that starts with a digit gets `_`, which a
 * DNS label cannot hold.
 */
export function regionId(name: string): string {
  return name.split("-").map((p) => (/^\d/.test(p) ? `_${p}` : p.charAt(0).toUpperCase() + p.slice(1))).join("");
}

/** One region's federation load balancer, as its platform stack outputs it. */
export interface FederationTarget {
  readonly region: string;
  /** The load balancer's DNS name or IP address. */
  readonly address: string;
  /** A DNS name gets a CNAME, an IP address an A record; the region's {@link CloudEndpoints} says which it is. */
  readonly addressKind: LoadBalancerAddressKind;
}

/**
 * How a cloud's regions are reached from outside, as the stacks above the cluster layer
 * need it: how a source-restricted LoadBalancer Service is built there and where its
 * address appears (a DNS name or an IP), and how many static serving addresses a region's
 * cluster stack reserves and outputs as `serving_ips`. Each cloud implements it once, next
 * to its cluster constructs (constructs/aws, constructs/gcp); the stacks choose the
 * implementation once per region (stacks/cloud-endpoints.ts), so the global stack, the
 * tools and the tests never ask which cloud a region is on.
 */
export interface CloudEndpoints {
  /** A source-restricted LoadBalancer Service without a reserved address on this cloud (federation, Alertmanager peers). */
  readonly loadBalancer: ClusterLoadBalancer;
  /**
   * Static serving addresses the cluster stack of a region spanning `zones` reserves, in
   * the order of its `serving_ips` output. Known at synth, so each address gets its own
   * health check with a stable construct id.
   */
  servingAddressCount(zones: readonly string[]): number;
}
