import type { Construct } from "constructs";
import { TerraformOutput, type TerraformProvider } from "cdktf";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import type { FederationTarget, GlobalDnsAuthority, GlobalDnsProps } from "../contracts";
import { Route53FederationRecords } from "./route53-federation-records";
import { Route53GlobalDns } from "./route53-global-dns";

/** Props of {@link Route53Authority}. */
export interface Route53AuthorityProps {
  /** The zone name (`llm.example.com`). */
  readonly zone: string;
  /**
   * An existing hosted zone's id.
   * @default - a new hosted zone (prevent_destroy), its name servers in the `name_servers` output
   */
  readonly zoneId?: string;
  /** The global record: name, routing, TTL, health check, region endpoints. */
  readonly record: GlobalDnsProps;
  /** Prefix of the health checks' names (the platform name). */
  readonly namePrefix: string;
  /** @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * The platform's DNS in Route53. Not a construct of its own: it creates the zone
 * (`Zone`), the global record (`Dns`) and the region records in the scope it is given,
 * where those construct ids have always been, so no Terraform address moves.
 */
export class Route53Authority implements GlobalDnsAuthority {
  readonly globalRecord: Route53GlobalDns;
  private readonly zoneId: string;

  constructor(private readonly scope: Construct, private readonly props: Route53AuthorityProps) {
    let zoneId = props.zoneId;
    if (!zoneId) {
      const zone = new Route53Zone(scope, "Zone", { provider: props.provider, name: props.zone, lifecycle: { preventDestroy: true } });
      zoneId = zone.zoneId;
      new TerraformOutput(scope, "name_servers", { value: zone.nameServers, description: "Delegate the zone to these." });
    }
    this.zoneId = zoneId;
    this.globalRecord = new Route53GlobalDns(scope, "Dns", { ...props.record, zoneId, namePrefix: props.namePrefix });
  }

  addRegionRecords(id: string, targets: readonly FederationTarget[], hostName?: (region: string, zone: string) => string): Construct {
    return new Route53FederationRecords(this.scope, id, { zone: this.props.zone, targets, zoneId: this.zoneId, provider: this.props.provider, hostName });
  }
}
