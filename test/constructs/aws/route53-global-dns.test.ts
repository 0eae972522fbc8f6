import { Testing } from "cdktf";
import { Route53GlobalDns } from "../../../constructs/aws";
import type { RegionEndpoint } from "../../../constructs/contracts";
import { regionServingHost } from "../../../config/spill";

const endpoint = (name: string, priority: number, ip: string): RegionEndpoint => ({
  name, cloud: "aws", cloudRegion: "us-east-1", priority, weight: 1, servingIps: [ip],
});

function records(endpoints: RegionEndpoint[]): { name: string; set_identifier: string; failover_routing_policy: { type: string }; alias?: { name: string }; records?: string[] }[] {
  const json = JSON.parse(Testing.synthScope((scope) => {
    new Route53GlobalDns(scope, "Dns", {
      fqdn: "api.example.com",
      routing: "failover",
      ttlSeconds: 10,
      healthCheck: { path: "/-/healthz", requestIntervalSeconds: 10, failureThreshold: 2 },
      endpoints,
      zoneId: "Z123",
      namePrefix: "p",
    });
  }));
  return Object.values(json.resource.aws_route53_record);
}

// Route53 failover knows two roles only; four ordered regions need three tiers, each
// falling through to the next by an alias, and the last tier ends in a plain SECONDARY.
test("four ordered regions form the chain api -> tier-2 -> tier-3 in priority order, whatever the input order", () => {
  const got = records([endpoint("d", 4, "192.0.2.4"), endpoint("b", 2, "192.0.2.2"), endpoint("a", 1, "192.0.2.1"), endpoint("c", 3, "192.0.2.3")])
    .filter((r) => r.failover_routing_policy !== undefined);
  const row = (r: (typeof got)[number]) => [r.name, r.failover_routing_policy.type, r.alias?.name ?? r.records];
  expect(got.map(row).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
    ["api.example.com", "PRIMARY", ["192.0.2.1"]],
    ["api.example.com", "SECONDARY", "tier-2.api.example.com"],
    ["tier-2.api.example.com", "PRIMARY", ["192.0.2.2"]],
    ["tier-2.api.example.com", "SECONDARY", "tier-3.api.example.com"],
    ["tier-3.api.example.com", "PRIMARY", ["192.0.2.3"]],
    ["tier-3.api.example.com", "SECONDARY", ["192.0.2.4"]],
  ]);
  // Within one name, set identifiers must be unique or Route53 rejects the records.
  const ids = got.map((r) => `${r.name}/${r.set_identifier}`);
  expect(new Set(ids).size).toBe(ids.length);
});

// Peer routers spill a model to another region at that region's own name.
test("every region also gets a plain record <region>.<fqdn> on its serving addresses, the name config/spill.ts routes spills to", () => {
  const got = records([endpoint("a", 1, "192.0.2.1"), endpoint("b", 2, "192.0.2.2")]).filter((r) => r.failover_routing_policy === undefined && !r.alias);
  expect(got.map((r) => [r.name, r.records, r.set_identifier])).toEqual([
    [regionServingHost("a", "api.example.com"), ["192.0.2.1"], undefined],
    [regionServingHost("b", "api.example.com"), ["192.0.2.2"], undefined],
  ]);
});
