import { Construct } from "constructs";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record, type Route53RecordConfig } from "@cdktf/provider-aws/lib/route53-record";
import { awsLatencyRegion } from "../../catalog/dns-locations";
import { byPriority, regionId, type GlobalDnsProps, type RegionEndpoint } from "../contracts";

/**
 * Route53 health checkers probe from these regions unless told otherwise: three (the
 * minimum Route53 accepts) on three continents, so one checker region's trouble cannot
 * fail a healthy endpoint (Route53 calls it healthy while > 18% of checkers agree).
 */
export const DEFAULT_CHECKER_REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-1"] as const;

/** Props of {@link Route53GlobalDns}. */
export interface Route53GlobalDnsProps extends GlobalDnsProps {
  /** The hosted zone holding `fqdn`. */
  readonly zoneId: string;
  /** Prefix of the health checks' Name tags (`llmp`). */
  readonly namePrefix: string;
  /** @default DEFAULT_CHECKER_REGIONS - three checker regions on three continents */
  readonly checkerRegions?: readonly string[];
}

/**
 * The global record on Route53 with one health check per region: an HTTPS probe per
 * static serving address (the FQDN is sent for SNI and Host, so the probe sees what
 * clients see) and a calculated check that is healthy while any address of the region
 * is. Records point at the addresses themselves, not at load balancer aliases, so their
 * short TTL holds.
 *
 * - `failover`: Route53 knows only PRIMARY and SECONDARY, so an ordered list of more
 *   than two regions is a chain: the SECONDARY of each tier is an alias (same zone, no
 *   TTL of its own) to the next tier's name `tier-<n>.<fqdn>`.
 * - `latency`: one latency record per region (GCP regions answer for the nearest AWS region).
 * - `weighted`: one weighted record per region; weight 0 drains it.
 */
export class Route53GlobalDns extends Construct {
  /** The calculated health check of each region, by region name. */
  readonly regionHealthChecks: Readonly<Record<string, Route53HealthCheck>>;
  /** Every record, by construct id. */
  readonly records: Route53Record[] = [];

  constructor(scope: Construct, id: string, props: Route53GlobalDnsProps) {
    super(scope, id);
    const checkerRegions = [...(props.checkerRegions ?? DEFAULT_CHECKER_REGIONS)];

    const checks: Record<string, Route53HealthCheck> = {};
    const healthScope = new Construct(this, "Health");
    for (const ep of props.endpoints) {
      const regionScope = new Construct(healthScope, regionId(ep.name));
      const probes = ep.servingIps.map((ip, i) => new Route53HealthCheck(regionScope, `Probe${i}`, {
        type: "HTTPS",
        ipAddress: ip,
        port: 443,
        fqdn: props.fqdn,
        enableSni: true,
        resourcePath: props.healthCheck.path,
        requestInterval: props.healthCheck.requestIntervalSeconds,
        failureThreshold: props.healthCheck.failureThreshold,
        regions: checkerRegions,
        tags: { Name: `${props.namePrefix}-${ep.name}-${i}` },
      }));
      checks[ep.name] = new Route53HealthCheck(regionScope, "Region", {
        type: "CALCULATED",
        childHealthchecks: probes.map((p) => p.id),
        childHealthThreshold: 1,
        tags: { Name: `${props.namePrefix}-${ep.name}` },
      });
    }
    this.regionHealthChecks = checks;

    // `<region>.<fqdn>`: how peer routers reach this region when they spill a model to it
    // (config/spill.ts regionServingHost). Plain records, no health check: the router
    // behind the name answers for its models (503 when it cannot), and a spill is one hop.
    const regionScope = new Construct(this, "RegionNames");
    for (const ep of props.endpoints) {
      this.records.push(new Route53Record(regionScope, regionId(ep.name), {
        zoneId: props.zoneId,
        name: `${ep.name}.${props.fqdn}`,
        type: "A",
        ttl: props.ttlSeconds,
        records: [...ep.servingIps],
      }));
    }

    const recordScope = new Construct(this, "Records");
    const regionRecord = (ep: RegionEndpoint, name: string, idPrefix: string, policy: Partial<Route53RecordConfig>) => {
      const record = new Route53Record(recordScope, `${idPrefix}${regionId(ep.name)}`, {
        zoneId: props.zoneId,
        name,
        type: "A",
        ttl: props.ttlSeconds,
        records: [...ep.servingIps],
        setIdentifier: ep.name,
        healthCheckId: checks[ep.name].id,
        ...policy,
      });
      this.records.push(record);
      return record;
    };

    switch (props.routing) {
      case "latency":
        for (const ep of props.endpoints) {
          const region = awsLatencyRegion(ep.cloud, ep.cloudRegion);
          if (!region) throw new Error(`${ep.name}: no AWS latency region for ${ep.cloud} region ${ep.cloudRegion}; add it to catalog/dns-locations.ts`);
          regionRecord(ep, props.fqdn, "Latency", { latencyRoutingPolicy: { region } });
        }
        return;
      case "weighted":
        for (const ep of props.endpoints) regionRecord(ep, props.fqdn, "Weighted", { weightedRoutingPolicy: { weight: ep.weight } });
        return;
      case "failover":
        this.failoverChain(recordScope, props, byPriority(props.endpoints), regionRecord);
        return;
    }
  }

  private failoverChain(
    recordScope: Construct,
    props: Route53GlobalDnsProps,
    ordered: readonly RegionEndpoint[],
    regionRecord: (ep: RegionEndpoint, name: string, idPrefix: string, policy: Partial<Route53RecordConfig>) => Route53Record,
  ): void {
    const tierName = (tier: number) => (tier === 1 ? props.fqdn : `tier-${tier}.${props.fqdn}`);
    ordered.forEach((ep, i) => {
      const tier = i + 1;
      const isLast = tier === ordered.length;
      // The last region is the SECONDARY of the tier before it; a lone region is PRIMARY.
      const name = isLast && tier > 1 ? tierName(tier - 1) : tierName(tier);
      const role = isLast && tier > 1 ? "SECONDARY" : "PRIMARY";
      // The id does not carry the role: reordering priorities updates records in place.
      regionRecord(ep, name, "Failover", { failoverRoutingPolicy: { type: role } });
      if (tier + 1 < ordered.length) {
        // More than one region left: fall through to the next tier.
        this.records.push(new Route53Record(recordScope, `Tier${tier}Next`, {
          zoneId: props.zoneId,
          name: tierName(tier),
          type: "A",
          setIdentifier: `tier-${tier + 1}`,
          failoverRoutingPolicy: { type: "SECONDARY" },
          alias: { name: tierName(tier + 1), zoneId: props.zoneId, evaluateTargetHealth: true },
        }));
      }
    });
  }
}
