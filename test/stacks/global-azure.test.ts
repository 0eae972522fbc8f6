import { Testing } from "cdktf";
import type { RegionConfig } from "../../config/schema";
import { GlobalStack } from "../../stacks/global-stack";
import { fixtureConfig, synthJson } from "../helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = fixtureConfig("azure");

function synth(regions: readonly RegionConfig[] = config.regions): Json {
  return synthJson(new GlobalStack(Testing.app(), { settings: config.settings, regions, localStateDir: "." })) as Json;
}

describe("global stack with an Azure region", () => {
  const json = synth();
  const checks = Object.values(json.resource.aws_route53_health_check as Record<string, Json>);
  const records = Object.values(json.resource.aws_route53_record as Record<string, Json>);

  test("health-checks the Azure region's one static serving address over HTTPS like any region", () => {
    const probes = checks.filter((c) => String(c.ip_address ?? "").includes("Clusters_Westeurope"));
    expect(probes).toHaveLength(1);
    expect(probes[0]).toMatchObject({ type: "HTTPS", port: 443, resource_path: "/-/healthz", fqdn: "api.llm.example.com", ip_address: expect.stringMatching(/outputs\.serving_ips, 0\)\}$/) });
  });

  test("routes to the Azure region as the secondary of failover routing", () => {
    const secondary = records.find((r) => r.name === "api.llm.example.com" && r.failover_routing_policy?.type === "SECONDARY");
    expect(secondary).toMatchObject({ set_identifier: "westeurope", type: "A" });
    expect(secondary!.records[0]).toContain("Clusters_Westeurope");
  });

  test("replicates weights from the first Azure region to the others with object replication", () => {
    const westeurope = config.regions.find((r) => r.name === "westeurope")!;
    const sweden: RegionConfig = { ...westeurope, name: "swedencentral", region: "swedencentral", network: { ...westeurope.network, cidr: "10.50.0.0/16" }, traffic: { priority: 3, weight: 1 } };
    const withTwo = synth([...config.regions, sweden]);
    const policies = Object.values(withTwo.resource.azurerm_storage_object_replication as Record<string, Json>);
    expect(policies).toEqual([expect.objectContaining({
      source_storage_account_id: expect.stringContaining("Clusters_Westeurope"),
      destination_storage_account_id: expect.stringContaining("Clusters_Swedencentral"),
      rules: [{ source_container_name: "models", destination_container_name: "models", copy_blobs_created_after: "Everything" }],
    })]);
    expect(json.resource.azurerm_storage_object_replication).toBeUndefined();
  });
});
