import { Testing } from "cdktf";
import type { RegionConfig } from "../../../config/schema";
import { aksRanges } from "../../../constructs/azure";
import { AzureClusterStack } from "../../../stacks/azure-cluster-stack";
import { fixtureConfig, resourcesOf } from "../../helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = fixtureConfig("azure");
const westeurope = config.regions.find((r) => r.name === "westeurope")!;

function synth(region: RegionConfig = westeurope) {
  return new AzureClusterStack(Testing.app(), { settings: config.settings, region, localStateDir: "../../.." });
}

const only = (r: Record<string, Json>): Json => {
  const v = Object.values(r);
  expect(v).toHaveLength(1);
  return v[0];
};

describe("AzureClusterStack", () => {
  const stack = synth();
  const cluster = only(resourcesOf(stack, "azurerm_kubernetes_cluster") as Record<string, Json>);
  const pools = Object.values(resourcesOf(stack, "azurerm_kubernetes_cluster_node_pool")) as Json[];

  test("the API server answers only the deploy ranges and the cluster's own NAT egress", () => {
    expect(cluster.private_cluster_enabled).toBe(false);
    expect(cluster.api_server_access_profile.authorized_ip_ranges).toEqual([
      "203.0.113.0/24", "${azurerm_public_ip.Network_NatAddress0_99C3AEF3.ip_address}/32", "${azurerm_public_ip.Network_NatAddress1_9FCC497F.ip_address}/32",
    ]);
  });

  test("without allowed ranges the cluster is private, never open", () => {
    const c = only(resourcesOf(synth({ ...westeurope, cluster: { ...westeurope.cluster, endpointAllowedCidrs: [] } }), "azurerm_kubernetes_cluster") as Record<string, Json>);
    expect(c.private_cluster_enabled).toBe(true);
    expect(c.api_server_access_profile).toBeUndefined();
  });

  test("Entra ID with Azure RBAC, local accounts off; OIDC issuer and workload identity on", () => {
    expect(cluster).toMatchObject({
      local_account_disabled: true,
      role_based_access_control_enabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: "00000000-0000-4000-8000-000000000002", admin_group_object_ids: ["00000000-0000-4000-8000-000000000003"] },
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      sku_tier: "Standard",
    });
  });

  test("etcd Secrets are encrypted with the region's HSM key, which the user-assigned control plane identity may use", () => {
    expect(cluster.identity).toEqual({ type: "UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.ControlPlaneIdentity.id}"] });
    expect(cluster.key_management_service).toEqual({ key_vault_key_id: "${azurerm_key_vault_key.Key_43586C89.id}", key_vault_network_access: "Public" });
    const vault = only(resourcesOf(stack, "azurerm_key_vault") as Record<string, Json>);
    expect(vault).toMatchObject({ purge_protection_enabled: true, soft_delete_retention_days: 90, rbac_authorization_enabled: true, sku_name: "premium", lifecycle: { prevent_destroy: true } });
    expect(only(resourcesOf(stack, "azurerm_key_vault_key") as Record<string, Json>)).toMatchObject({ key_type: "RSA-HSM", key_size: 2048 });
    const grants = Object.values(resourcesOf(stack, "azurerm_role_assignment")) as Json[];
    expect(grants.map((g) => [g.role_definition_name, g.principal_id])).toEqual(expect.arrayContaining([
      ["Key Vault Crypto User", "${azurerm_user_assigned_identity.ControlPlaneIdentity.principal_id}"],
      ["Key Vault Crypto Service Encryption User", "${azurerm_user_assigned_identity.ModelStoreKeyIdentity.principal_id}"],
      ["Network Contributor", "${azurerm_user_assigned_identity.ControlPlaneIdentity.principal_id}"],
    ]));
    // KMS needs the grant in place when the cluster is created.
    expect(cluster.depends_on).toEqual(expect.arrayContaining(["azurerm_role_assignment.Key_ControlPlaneCryptoUser_C6D06459", "azurerm_subnet_nat_gateway_association.Network_NodesNat_9DFF8CBA"]));
  });

  test("node OS disks are encrypted with the region's key through a disk encryption set whose own identity may use the key before the cluster exists", () => {
    const set = only(resourcesOf(stack, "azurerm_disk_encryption_set") as Record<string, Json>);
    // The versioned key, not rotated behind the cluster's back (like the KMS key).
    expect(set).toMatchObject({
      name: "llmp-westeurope-disks", key_vault_key_id: "${azurerm_key_vault_key.Key_43586C89.id}",
      encryption_type: "EncryptionAtRestWithCustomerKey", auto_key_rotation_enabled: false, identity: { type: "SystemAssigned" },
    });
    expect(cluster.disk_encryption_set_id).toBe("${azurerm_disk_encryption_set.DiskEncryption_Set_E085DC99.id}");
    const grant = (Object.values(resourcesOf(stack, "azurerm_role_assignment")) as Json[])
      .find((g) => g.principal_id === "${azurerm_disk_encryption_set.DiskEncryption_Set_E085DC99.identity[0].principal_id}");
    expect(grant).toMatchObject({ role_definition_name: "Key Vault Crypto Service Encryption User", scope: "${azurerm_key_vault.Key_Vault_2A6EBCCA.id}" });
    // AKS encrypts the first OS disks at creation: the set must already reach the key.
    expect(cluster.depends_on).toEqual(expect.arrayContaining(["azurerm_role_assignment.Key_DiskEncryptionSetCryptoUser_47237912"]));
  });

  test("Azure CNI overlay with Cilium; pods and services outside the VNet, inside the region's block; egress through the NAT gateway", () => {
    expect(cluster.network_profile).toEqual({
      network_plugin: "azure", network_plugin_mode: "overlay", network_data_plane: "cilium", network_policy: "cilium",
      pod_cidr: "10.40.128.0/18", service_cidr: "10.40.224.0/20", dns_service_ip: "10.40.224.10",
      load_balancer_sku: "standard", outbound_type: "userAssignedNATGateway",
    });
    expect(only(resourcesOf(stack, "azurerm_virtual_network") as Record<string, Json>).address_space).toEqual(["10.40.0.0/17"]);
    expect(only(resourcesOf(stack, "azurerm_subnet") as Record<string, Json>)).toMatchObject({ address_prefixes: ["10.40.0.0/19"], service_endpoints: ["Microsoft.Storage"], default_outbound_access_enabled: false });
  });

  test("the system pool runs critical add-ons only, across the region's zones", () => {
    expect(cluster.default_node_pool).toMatchObject({ name: "system", only_critical_addons_enabled: true, zones: ["1", "2", "3"], auto_scaling_enabled: true, min_count: 2, max_count: 4, vm_size: "Standard_D4ds_v5" });
  });

  test("GPU pools: autoscaled, tainted for GPU workloads, Spot with eviction Delete at most the on-demand price, the driver left to the GPU Operator", () => {
    const byName = Object.fromEntries(pools.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(["a100", "t4"]);
    expect(byName.a100).toMatchObject({
      vm_size: "Standard_NC24ads_A100_v4", mode: "User", os_sku: "Ubuntu", auto_scaling_enabled: true, min_count: 0, max_count: 4,
      priority: "Spot", eviction_policy: "Delete", spot_max_price: -1, gpu_driver: "None",
      node_taints: ["nvidia.com/gpu=present:NoSchedule", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"],
      node_labels: { "llm-platform.dev/gpu-model": "A100-80GB", "llm-platform.dev/pool": "a100", "llm-platform.dev/capacity-type": "spot", "llm-platform.dev/node-os": "aks-ubuntu" },
    });
    expect(byName.t4).toMatchObject({ priority: "Regular", node_taints: ["nvidia.com/gpu=present:NoSchedule"], os_disk_size_gb: 128, gpu_driver: "None" });
    expect(byName.t4.eviction_policy).toBeUndefined();
  });

  test("the model store: CMK, versioning, no shared keys or public blobs, TLS 1.2, the node subnet and deploy runners only", () => {
    const account = only(resourcesOf(stack, "azurerm_storage_account") as Record<string, Json>);
    expect(account).toMatchObject({
      name: "llmpwesteuropemodels",
      min_tls_version: "TLS1_2", https_traffic_only_enabled: true, allow_nested_items_to_be_public: false, shared_access_key_enabled: false,
      customer_managed_key: { key_vault_key_id: "${azurerm_key_vault_key.Key_43586C89.versionless_id}", user_assigned_identity_id: "${azurerm_user_assigned_identity.ModelStoreKeyIdentity.id}" },
      blob_properties: { versioning_enabled: true, change_feed_enabled: true },
      network_rules: { default_action: "Deny", bypass: ["AzureServices"], ip_rules: ["203.0.113.0/24"], virtual_network_subnet_ids: ["${azurerm_subnet.Network_Nodes_04EB8278.id}"] },
      lifecycle: { prevent_destroy: true },
    });
    expect(only(resourcesOf(stack, "azurerm_storage_container") as Record<string, Json>)).toMatchObject({ name: "models", container_access_type: "private" });
  });

  test("outputs what the platform and global layers read: serving and egress addresses, OIDC issuer, model store", () => {
    const outputs = Object.keys((JSON.parse(Testing.synth(stack)) as Json).output);
    expect(outputs.sort()).toEqual(["alertmanager_peer_ip", "cluster_name", "egress_ips", "key_vault_key_id", "model_container", "model_storage_account", "model_storage_account_id", "oidc_issuer_url", "resource_group", "serving_ip_name", "serving_ips"]);
    const serving = (Object.values(resourcesOf(stack, "azurerm_public_ip")) as Json[]).find((ip) => ip.name === "llmp-westeurope-serving");
    expect(serving).toMatchObject({ sku: "Standard", allocation_method: "Static", zones: ["1", "2", "3"] });
  });
});

test("aksRanges keeps pods and services out of the VNet and the DNS service address in the service range", () => {
  expect(aksRanges("10.50.0.0/20")).toEqual({ vnet: "10.50.0.0/21", nodes: "10.50.0.0/23", pods: "10.50.8.0/22", services: "10.50.14.0/24", dnsServiceIp: "10.50.14.10" });
});
