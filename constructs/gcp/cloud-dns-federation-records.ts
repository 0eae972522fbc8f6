import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { regionId, type FederationTarget } from "../contracts";
import { federationHost } from "../prometheus-federation";

/** Props of {@link CloudDnsFederationRecords}. */
export interface CloudDnsFederationRecordsProps {
  /** The zone name (`llm.example.com`). */
  readonly zone: string;
  readonly targets: readonly FederationTarget[];
  /** The Cloud DNS managed zone name. */
  readonly managedZone: string;
  /** The GCP project of the managed zone. @default - the provider's project */
  readonly project?: string;
  /** @default - the scope's default Google provider */
  readonly provider?: TerraformProvider;
  /** @default 60 - seconds; these names move only when a load balancer is re-created */
  readonly ttlSeconds?: number;
  /** @default federationHost - `federation.<region>.<zone>`, the record name of a region's target */
  readonly hostName?: (region: string, zone: string) => string;
}

/**
 * `federation.<region>.<zone>` for every region in a Cloud DNS zone: the names the hub
 * Prometheus scrapes and checks TLS against. A CNAME to a load balancer's DNS name (made
 * absolute, as Cloud DNS wants), an A record to its IP.
 */
export class CloudDnsFederationRecords extends Construct {
  constructor(scope: Construct, id: string, props: CloudDnsFederationRecordsProps) {
    super(scope, id);
    const ttl = props.ttlSeconds ?? 60;
    const hostName = props.hostName ?? federationHost;
    for (const t of props.targets) {
      const hostname = t.addressKind === "hostname";
      new DnsRecordSet(this, regionId(t.region), {
        provider: props.provider,
        project: props.project,
        managedZone: props.managedZone,
        name: `${hostName(t.region, props.zone)}.`,
        type: hostname ? "CNAME" : "A",
        ttl,
        rrdatas: [hostname ? `${t.address}.` : t.address],
      });
    }
  }
}
