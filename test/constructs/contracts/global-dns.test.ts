import { Testing } from "cdktf";
import { Route53Authority } from "../../../constructs/aws";
import type { GlobalDnsAuthority, GlobalDnsProps } from "../../../constructs/contracts";
import { CloudDnsAuthority } from "../../../constructs/gcp";
import type { Construct } from "constructs";

const record: GlobalDnsProps = {
  fqdn: "api.example.com",
  routing: "failover",
  ttlSeconds: 10,
  healthCheck: { path: "/-/healthz", requestIntervalSeconds: 10, failureThreshold: 2 },
  endpoints: [{ name: "a", cloud: "aws", cloudRegion: "us-east-1", priority: 1, weight: 1, servingIps: ["192.0.2.1"] }],
};
const targets = [
  { region: "a", address: "lb-a.elb.amazonaws.com", addressKind: "hostname" as const },
  { region: "b", address: "192.0.2.2", addressKind: "ip" as const },
];

type Make = (scope: Construct, zoneId?: string) => GlobalDnsAuthority;
const AUTHORITIES: [string, Make, string, string][] = [
  ["Route53", (scope, zoneId) => new Route53Authority(scope, { zone: "example.com", zoneId, record, namePrefix: "p" }), "aws_route53_zone", "aws_route53_record"],
  ["Cloud DNS", (scope, zoneId) => new CloudDnsAuthority(scope, {
    zone: "example.com", zoneId, managedZoneName: "p-global", project: "proj", record, healthCheckName: "p-global-serving", probeTimeoutSeconds: 5,
  }), "google_dns_managed_zone", "google_dns_record_set"],
];

// Both authorities behind one interface: the stack that holds one never asks which.
describe.each(AUTHORITIES)("%s behind GlobalDnsAuthority", (_name, make, zoneType, recordType) => {
  function synth(zoneId?: string) {
    return JSON.parse(Testing.synthScope((scope) => {
      const dns = make(scope, zoneId);
      dns.addRegionRecords("Federation", targets);
      dns.addRegionRecords("AlertmanagerPeers", targets.slice(0, 1), (region, zone) => `alertmanager.${region}.${zone}`);
    }));
  }

  test("creates the zone (kept from destroy, name servers as an output) only when no existing zone is given", () => {
    const created = synth();
    expect(Object.values(created.resource[zoneType])).toEqual([expect.objectContaining({ lifecycle: { prevent_destroy: true } })]);
    expect(created.output.name_servers).toBeDefined();
    const existing = synth("existing-zone");
    expect(existing.resource[zoneType]).toBeUndefined();
    expect(existing.output?.name_servers).toBeUndefined();
  });

  test("names each load balancer by its kind: CNAME for a DNS name, A for an IP, under the host name asked for", () => {
    const rows = Object.values(synth("existing-zone").resource[recordType] as Record<string, { name: string; type: string }>)
      .filter((r) => /^(federation|alertmanager)\./.test(r.name))
      .map((r) => [r.name.replace(/\.$/, ""), r.type])
      .sort();
    expect(rows).toEqual([
      ["alertmanager.a.example.com", "CNAME"],
      ["federation.a.example.com", "CNAME"],
      ["federation.b.example.com", "A"],
    ]);
  });
});
