import type { Construct } from "constructs";
import { TerraformOutput, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import type { FederationTarget, GlobalDnsAuthority, GlobalDnsProps } from "../contracts";
import { CloudDnsFederationRecords } from "./cloud-dns-federation-records";
import { CloudDnsGlobalDns } from "./cloud-dns-global-dns";

/** Props of {@link CloudDnsAuthority}. */
export interface CloudDnsAuthorityProps {
  /** The zone name (`llm.example.com`). */
  readonly zone: string;
  /**
   * An existing managed zone's name.
   * @default - a new managed zone named {@link managedZoneName} (DNSSEC on, prevent_destroy), its name servers in the `name_servers` output
   */
  readonly zoneId?: string;
  /** The name of the managed zone this creates when {@link zoneId} is not given. */
  readonly managedZoneName: string;
  readonly project: string;
  /** The global record: name, routing, TTL, health check, region endpoints. */
  readonly record: GlobalDnsProps;
  /** The name of the global record's health check. */
  readonly healthCheckName: string;
  /** Seconds a Cloud DNS health probe waits for an answer. */
  readonly probeTimeoutSeconds: number;
  /** @default - the scope's default Google provider */
  readonly provider?: TerraformProvider;
  /** What the zone waits for (the project's DNS API). @default - nothing */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The platform's DNS in Cloud DNS. Not a construct of its own: it creates the zone
 * (`Zone`), the global record (`Dns`) and the region records in the scope it is given,
 * where those construct ids have always been, so no Terraform address moves.
 */
export class CloudDnsAuthority implements GlobalDnsAuthority {
  readonly globalRecord: CloudDnsGlobalDns;
  private readonly managedZone: string;

  constructor(private readonly scope: Construct, private readonly props: CloudDnsAuthorityProps) {
    let managedZone = props.zoneId;
    if (!managedZone) {
      const zone = new DnsManagedZone(scope, "Zone", {
        provider: props.provider,
        project: props.project,
        name: props.managedZoneName,
        dnsName: `${props.zone}.`,
        dnssecConfig: { state: "on" },
        lifecycle: { preventDestroy: true },
        dependsOn: props.dependsOn,
      });
      managedZone = zone.name;
      new TerraformOutput(scope, "name_servers", { value: zone.nameServers, description: "Delegate the zone to these." });
    }
    this.managedZone = managedZone;
    this.globalRecord = new CloudDnsGlobalDns(scope, "Dns", {
      ...props.record,
      managedZone,
      project: props.project,
      healthCheckName: props.healthCheckName,
      probeTimeoutSeconds: props.probeTimeoutSeconds,
    });
  }

  addRegionRecords(id: string, targets: readonly FederationTarget[], hostName?: (region: string, zone: string) => string): Construct {
    return new CloudDnsFederationRecords(this.scope, id, {
      zone: this.props.zone,
      targets,
      managedZone: this.managedZone,
      project: this.props.project,
      provider: this.props.provider,
      hostName,
    });
  }
}
