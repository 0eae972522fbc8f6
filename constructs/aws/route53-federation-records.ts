import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { regionId, type FederationTarget } from "../contracts";
import { federationHost } from "../prometheus-federation";

/** Props of {@link Route53FederationRecords}. */
export interface Route53FederationRecordsProps {
  /** The zone name (`llm.example.com`). */
  readonly zone: string;
  readonly targets: readonly FederationTarget[];
  /** The Route53 hosted zone id. */
  readonly zoneId: string;
  /** @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
  /** @default 60 - seconds; these names move only when a load balancer is re-created */
  readonly ttlSeconds?: number;
  /** @default federationHost - `federation.<region>.<zone>`, the record name of a region's target */
  readonly hostName?: (region: string, zone: string) => string;
}

/**
 * `federation.<region>.<zone>` for every region in a Route53 zone: the names the hub
 * Prometheus scrapes and checks TLS against. A CNAME to a load balancer's DNS name, an A
 * record to its IP. A region removed from `regions/` loses its record.
 */
export class Route53FederationRecords extends Construct {
  constructor(scope: Construct, id: string, props: Route53FederationRecordsProps) {
    super(scope, id);
    const ttl = props.ttlSeconds ?? 60;
    const hostName = props.hostName ?? federationHost;
    for (const t of props.targets) {
      const type = t.addressKind === "hostname" ? "CNAME" : "A";
      new Route53Record(this, regionId(t.region), { provider: props.provider, zoneId: props.zoneId, name: hostName(t.region, props.zone), type, ttl, records: [t.address] });
    }
  }
}
