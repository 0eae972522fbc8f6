import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { federationHost } from "../prometheus-federation";
import { regionId } from "../contracts";

/** One region's federation load balancer, as its platform stack outputs it. */
export interface FederationTarget {
  readonly region: string;
  /** AWS NLBs have a DNS name; GCP load balancers an IP address. */
  readonly cloud: "aws" | "gcp";
  /** The load balancer's hostname (AWS) or IP (GCP). */
  readonly address: string;
}

/** Props of {@link FederationDnsRecords}. */
export interface FederationDnsRecordsProps {
  /** The zone name (`llm.example.com`). */
  readonly zone: string;
  readonly targets: readonly FederationTarget[];
  /** Route53 hosted zone id, or for Cloud DNS the managed zone name. */
  readonly zoneId: string;
  readonly authority: "route53" | "cloud-dns";
  /** The GCP project of the managed zone (Cloud DNS only). */
  readonly project?: string;
  readonly provider?: TerraformProvider;
  /** @default 60 - seconds; these names move only when a load balancer is re-created */
  readonly ttlSeconds?: number;
}

/**
 * `federation.<region>.<zone>` for every region: the names the hub Prometheus scrapes and
 * checks TLS against. A CNAME to the NLB's DNS name on AWS, an A record on GCP. A region
 * removed from `regions/` loses its record.
 */
export class FederationDnsRecords extends Construct {
  constructor(scope: Construct, id: string, props: FederationDnsRecordsProps) {
    super(scope, id);
    const ttl = props.ttlSeconds ?? 60;
    for (const t of props.targets) {
      const name = federationHost(t.region, props.zone);
      const type = t.cloud === "aws" ? "CNAME" : "A";
      if (props.authority === "route53") {
        new Route53Record(this, regionId(t.region), { provider: props.provider, zoneId: props.zoneId, name, type, ttl, records: [t.address] });
      } else {
        new DnsRecordSet(this, regionId(t.region), {
          provider: props.provider,
          project: props.project,
          managedZone: props.zoneId,
          name: `${name}.`,
          type,
          ttl,
          rrdatas: [t.cloud === "aws" ? `${t.address}.` : t.address],
        });
      }
    }
  }
}
