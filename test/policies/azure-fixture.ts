import { Testing } from "cdktf";
import type { StackJson } from "../../policies/types";
import { AzureClusterStack } from "../../stacks/azure-cluster-stack";
import { PlatformStack } from "../../stacks/platform-stack";
import { fixtureConfig } from "../helpers";

/**
 * The Azure policy fixtures: the azure fixture topology's westeurope cluster and platform
 * stacks, and one case per Azure rule that breaks one attribute of a compliant resource.
 */

export type Attrs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = fixtureConfig("azure");
const westeurope = config.regions.find((r) => r.name === "westeurope")!;
export const CLUSTER = "westeurope-cluster";
export const PLATFORM = "westeurope-platform";
export const BASES: Record<string, StackJson> = {
  [CLUSTER]: new AzureClusterStack(Testing.app(), { settings: config.settings, region: westeurope, localStateDir: "." }).toTerraform() as StackJson,
  [PLATFORM]: new PlatformStack(Testing.app(), { settings: config.settings, region: westeurope, regions: config.regions, localStateDir: "." }).toTerraform() as StackJson,
};

/** One rule, one fixture that violates it: the stack's compliant resource with one attribute broken. */
export const AZURE_CASES: readonly { rule: string; why: string; type: string; prefix: string; path: string; breakIt: (a: Attrs) => void }[] = [
  { rule: "CKV_AZURE_6", why: "a public API server without authorized ranges answers the whole internet", type: "azurerm_kubernetes_cluster", prefix: "Aks_Cluster", path: `${CLUSTER}/Aks/Cluster`, breakIt: (a) => delete a.api_server_access_profile },
  { rule: "CKV_AZURE_6", why: "authorized ranges that cover every address are no restriction", type: "azurerm_kubernetes_cluster", prefix: "Aks_Cluster", path: `${CLUSTER}/Aks/Cluster`, breakIt: (a) => (a.api_server_access_profile.authorized_ip_ranges = ["0.0.0.0/1", "128.0.0.0/1"]) },
  { rule: "CKV_AZURE_5", why: "without Azure RBAC Entra ID users get no Kubernetes authorization from Azure roles", type: "azurerm_kubernetes_cluster", prefix: "Aks_Cluster", path: `${CLUSTER}/Aks/Cluster`, breakIt: (a) => (a.azure_active_directory_role_based_access_control.azure_rbac_enabled = false) },
  { rule: "CKV_AZURE_141", why: "the local admin credential bypasses Entra ID and cannot be audited per user", type: "azurerm_kubernetes_cluster", prefix: "Aks_Cluster", path: `${CLUSTER}/Aks/Cluster`, breakIt: (a) => (a.local_account_disabled = false) },
  { rule: "CKV_AZURE_116", why: "without Azure Policy no admission guardrail is enforced", type: "azurerm_kubernetes_cluster", prefix: "Aks_Cluster", path: `${CLUSTER}/Aks/Cluster`, breakIt: (a) => (a.azure_policy_enabled = false) },
  { rule: "CKV_AZURE_229", why: "application pods on the system pool can starve CoreDNS and the operators", type: "azurerm_kubernetes_cluster", prefix: "Aks_Cluster", path: `${CLUSTER}/Aks/Cluster`, breakIt: (a) => (a.default_node_pool.only_critical_addons_enabled = false) },
  { rule: "CKV_AZURE_143", why: "a public node IP puts the node on the internet", type: "azurerm_kubernetes_cluster_node_pool", prefix: "Aks_Gpu-a100", path: `${CLUSTER}/Aks/Gpu-a100/Pool`, breakIt: (a) => (a.node_public_ip_enabled = true) },
  { rule: "CKV_AZURE_227", why: "weights cached on temp disks would sit unencrypted on the host", type: "azurerm_kubernetes_cluster_node_pool", prefix: "Aks_Gpu-a100", path: `${CLUSTER}/Aks/Gpu-a100/Pool`, breakIt: (a) => (a.host_encryption_enabled = false) },
  { rule: "LLMP_AZURE_1", why: "Secrets in etcd are plaintext without KMS", type: "azurerm_kubernetes_cluster", prefix: "Aks_Cluster", path: `${CLUSTER}/Aks/Cluster`, breakIt: (a) => delete a.key_management_service },
  { rule: "CKV_AZURE_117", why: "node OS disks hold cached weights and logs, encrypted otherwise only with a key the platform does not control", type: "azurerm_kubernetes_cluster", prefix: "Aks_Cluster", path: `${CLUSTER}/Aks/Cluster`, breakIt: (a) => delete a.disk_encryption_set_id },
  { rule: "LLMP_K8S_1", why: "an untainted AKS GPU pool fills with pods that need no GPU", type: "azurerm_kubernetes_cluster_node_pool", prefix: "Aks_Gpu-t4", path: `${CLUSTER}/Aks/Gpu-t4/Pool`, breakIt: (a) => (a.node_taints = []) },
  { rule: "CKV_AZURE_3", why: "plain HTTP exposes weights and tokens in transit", type: "azurerm_storage_account", prefix: "ModelStore", path: `${CLUSTER}/ModelStore/Account`, breakIt: (a) => (a.https_traffic_only_enabled = false) },
  { rule: "CKV_AZURE_44", why: "TLS 1.0/1.1 have known weaknesses", type: "azurerm_storage_account", prefix: "ModelStore", path: `${CLUSTER}/ModelStore/Account`, breakIt: (a) => (a.min_tls_version = "TLS1_0") },
  { rule: "CKV_AZURE_190", why: "a container made public would expose model weights", type: "azurerm_storage_account", prefix: "ModelStore", path: `${CLUSTER}/ModelStore/Account`, breakIt: (a) => (a.allow_nested_items_to_be_public = true) },
  { rule: "CKV_AZURE_35", why: "an account that admits every network is one leaked token from the internet", type: "azurerm_storage_account", prefix: "ModelStore", path: `${CLUSTER}/ModelStore/Account`, breakIt: (a) => (a.network_rules.default_action = "Allow") },
  { rule: "LLMP_STATE_1", why: "destroying the storage account loses every model version", type: "azurerm_storage_account", prefix: "ModelStore", path: `${CLUSTER}/ModelStore/Account`, breakIt: (a) => delete a.lifecycle },
  { rule: "CKV_AZURE_110", why: "a purged key makes etcd and the model store unreadable for good", type: "azurerm_key_vault", prefix: "Key_Vault", path: `${CLUSTER}/Key/Vault`, breakIt: (a) => (a.purge_protection_enabled = false) },
  { rule: "CKV_AZURE_112", why: "a software key can be exported from memory of the service", type: "azurerm_key_vault_key", prefix: "Key_", path: `${CLUSTER}/Key/Key`, breakIt: (a) => (a.key_type = "RSA") },
  { rule: "LLMP_STATE_1", why: "destroying the key makes etcd Secrets and model blobs unreadable", type: "azurerm_key_vault_key", prefix: "Key_", path: `${CLUSTER}/Key/Key`, breakIt: (a) => delete a.lifecycle },
];

