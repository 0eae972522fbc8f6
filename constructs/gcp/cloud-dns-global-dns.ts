import { Construct } from "constructs";
import { ComputeHealthCheck } from "@cdktf/provider-google/lib/compute-health-check";
import { DnsRecordSet, type DnsRecordSetRoutingPolicy } from "@cdktf/provider-google/lib/dns-record-set";
import { gcpGeoRegion } from "../../catalog/dns-locations";
import { byPriority, regionId, type GlobalDnsProps, type RegionEndpoint } from "../contracts";

/**
 * Cloud DNS probes external endpoints from exactly three GCP regions (`sourceRegions`);
 * these are on three continents.
 */
export const DEFAULT_SOURCE_REGIONS = ["us-east4", "europe-west1", "asia-southeast1"] as const;

/** Props of {@link CloudDnsGlobalDns}. */
export interface CloudDnsGlobalDnsProps extends GlobalDnsProps {
  /** The managed zone (its resource name, not its DNS name) holding `fqdn`. */
  readonly managedZone: string;
  readonly project: string;
  /** Name of the global health check (1-63 characters, a DNS label). */
  readonly healthCheckName: string;
  /** Seconds a probe may take; must not exceed the interval. */
  readonly probeTimeoutSeconds: number;
  /** @default DEFAULT_SOURCE_REGIONS - three regions on three continents */
  readonly sourceRegions?: readonly string[];
}

/**
 * The global record on Cloud DNS, for a zone that lives in GCP: one record set with a
 * routing policy whose targets are the regions' static serving addresses, health-checked
 * by one global HTTPS health check (the FQDN sent as Host).
 *
 * - `failover`: `primaryBackup` with the priority-1 region as primary. Cloud DNS picks
 *   among the backups by the client's location, not by priority: with more than two
 *   regions, the order after the primary is not kept (Route53 keeps it).
 * - `latency`: a `geo` item per region (AWS regions answer for the nearest GCP region).
 * - `weighted`: a `wrr` item per region; weight 0 drains it.
 */
export class CloudDnsGlobalDns extends Construct {
  /** The one global health check probing every region's addresses. */
  readonly healthCheck: ComputeHealthCheck;
  /** The record set clients resolve, with its routing policy. */
  readonly record: DnsRecordSet;
  /** One record per region, `<region>.<fqdn>`, which peer routers spill to. */
  readonly regionRecords: DnsRecordSet[];

  constructor(scope: Construct, id: string, props: CloudDnsGlobalDnsProps) {
    super(scope, id);
    const sourceRegions = [...(props.sourceRegions ?? DEFAULT_SOURCE_REGIONS)];

    this.healthCheck = new ComputeHealthCheck(this, "Health", {
      name: props.healthCheckName,
      project: props.project,
      checkIntervalSec: props.healthCheck.requestIntervalSeconds,
      timeoutSec: props.probeTimeoutSeconds,
      unhealthyThreshold: props.healthCheck.failureThreshold,
      healthyThreshold: 2,
      sourceRegions,
      httpsHealthCheck: { port: 443, host: props.fqdn, requestPath: props.healthCheck.path },
    });

    const targets = (ep: RegionEndpoint) => ({ externalEndpoints: [...ep.servingIps] });
    const location = (ep: RegionEndpoint) => {
      const loc = gcpGeoRegion(ep.cloud, ep.cloudRegion);
      if (!loc) throw new Error(`${ep.name}: no GCP location for ${ep.cloud} region ${ep.cloudRegion}; add it to catalog/dns-locations.ts`);
      return loc;
    };
    const geoItems = (eps: readonly RegionEndpoint[]) => {
      const items = eps.map((ep) => ({ location: location(ep), healthCheckedTargets: targets(ep) }));
      const locations = items.map((i) => i.location);
      const clash = locations.find((l, i) => locations.indexOf(l) !== i);
      if (clash) throw new Error(`two regions route as Cloud DNS location ${clash}; geo routing needs one region per location`);
      return items;
    };

    let policy: DnsRecordSetRoutingPolicy;
    switch (props.routing) {
      case "weighted":
        policy = { wrr: props.endpoints.map((ep) => ({ weight: ep.weight, healthCheckedTargets: targets(ep) })) };
        break;
      case "latency":
        policy = { geo: geoItems(props.endpoints), enableGeoFencing: false };
        break;
      case "failover": {
        const [primary, ...backups] = byPriority(props.endpoints);
        policy = {
          primaryBackup: {
            primary: targets(primary),
            backupGeo: geoItems(backups),
            enableGeoFencingForBackups: false,
            trickleRatio: 0,
          },
        };
        break;
      }
    }

    // `<region>.<fqdn>`: how peer routers reach this region when they spill a model to it
    // (config/spill.ts regionServingHost).
    this.regionRecords = props.endpoints.map((ep) => new DnsRecordSet(this, `Region${regionId(ep.name)}`, {
      project: props.project,
      managedZone: props.managedZone,
      name: `${ep.name}.${props.fqdn}.`,
      type: "A",
      ttl: props.ttlSeconds,
      rrdatas: [...ep.servingIps],
    }));

    this.record = new DnsRecordSet(this, "Record", {
      project: props.project,
      managedZone: props.managedZone,
      name: `${props.fqdn}.`,
      type: "A",
      ttl: props.ttlSeconds,
      routingPolicy: { ...policy, healthCheck: this.healthCheck.id },
    });
  }
}
