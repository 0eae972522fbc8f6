import { Testing } from "cdktf";
import type { StackJson } from "../../../policies/types";
import { AzureClusterStack } from "../../../stacks/azure-cluster-stack";
import { costItemsFromStack } from "../../../tools/cost/estimate";
import { stackFromCdkTfJson } from "../../../tools/lib/terraform-json";
import { NODE_POOL_TYPES } from "../../../tools/plan-diff/notes";
import { FORCE_NEW_ATTRIBUTES, STATEFUL_TYPES, VERSION_ATTRIBUTES } from "../../../tools/plan-diff/rules";
import { fixtureConfig } from "../../helpers";

const config = fixtureConfig("azure");
const westeurope = config.regions.find((r) => r.name === "westeurope")!;
const json = new AzureClusterStack(Testing.app(), { settings: config.settings, region: westeurope, localStateDir: "." }).toTerraform() as StackJson;

describe("tools read an AKS cluster stack", () => {
  test("cost finds the system pool, the GPU pools with their priority, the AKS fee and the NAT gateway", () => {
    const items = costItemsFromStack(stackFromCdkTfJson("westeurope-cluster", json));
    const rows = items.map((i) => [i.kind, i.name, i.instanceType, i.capacity, i.min, i.max]);
    expect(rows).toHaveLength(5);
    expect(rows).toEqual(expect.arrayContaining([
      ["system-pool", "system", "Standard_D4ds_v5", "on-demand", 2, 4],
      ["gpu-pool", "a100", "Standard_NC24ads_A100_v4", "spot", 0, 4],
      ["gpu-pool", "t4", "Standard_NC4as_T4_v3", "on-demand", 1, 2],
      ["cluster", "AKS Standard tier", undefined, "on-demand", 1, 1],
      ["nat", "NAT gateway", undefined, "on-demand", 1, 1],
    ]));
  });

  test("plan-diff knows AKS pools, clusters, keys, accounts and addresses as stateful, and their version attributes", () => {
    for (const type of ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool", "azurerm_key_vault_key", "azurerm_storage_account", "azurerm_public_ip"]) {
      expect([type, type in STATEFUL_TYPES, Object.keys(json.resource ?? {}).includes(type)]).toEqual([type, true, true]);
    }
    expect(NODE_POOL_TYPES.azurerm_kubernetes_cluster_node_pool).toBe("AKS node pool");
    expect(FORCE_NEW_ATTRIBUTES.azurerm_kubernetes_cluster_node_pool).toContain("gpu_driver");
    expect(VERSION_ATTRIBUTES.azurerm_kubernetes_cluster_node_pool).toEqual(["orchestrator_version"]);
  });
});
