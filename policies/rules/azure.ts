import type { PolicyRule, ResourceView } from "../types";
import { at, block, isFalse, isTrue, opensWorld, shown, strings } from "../values";

/**
 * Rules for AKS clusters and node pools, storage accounts and Key Vault (checkov ids, read
 * from bridgecrewio/checkov checkov/terraform/checks/resource/azure/*.py), plus one
 * `LLMP_AZURE_*` rule where checkov has none.
 */

const CLUSTER = ["azurerm_kubernetes_cluster"];
const POOL = ["azurerm_kubernetes_cluster_node_pool"];
const STORAGE = ["azurerm_storage_account"];

/** The node pool settings of a resource: a node pool's own, or the cluster's default pool. */
function poolOf(r: ResourceView): Record<string, unknown> | undefined {
  return r.type === "azurerm_kubernetes_cluster" ? block(r.attrs.default_node_pool) : (r.attrs as Record<string, unknown>);
}

/** The AKS, storage and Key Vault rules. */
export const AZURE_RULES: readonly PolicyRule[] = [
  {
    id: "CKV_AZURE_6",
    alsoKnownAs: ["CKV_AZURE_115"],
    title: "The AKS API server is private or restricted to authorized ranges that do not open it to the internet",
    resourceTypes: CLUSTER,
    check: (r) => {
      if (isTrue(r.attrs.private_cluster_enabled)) return undefined;
      const ranges = strings(at(r.attrs, "api_server_access_profile", "authorized_ip_ranges"));
      if (ranges.length === 0) return "has a public API server without authorized_ip_ranges, so any address may reach it";
      return opensWorld(ranges) ? `authorizes the whole internet: api_server_access_profile.authorized_ip_ranges = ${shown(ranges)}` : undefined;
    },
    fix: "list only your deploy runners' ranges in cluster.endpointAllowedCidrs (AksCluster adds the NAT egress), or leave it empty for a private cluster",
  },
  {
    id: "CKV_AZURE_5",
    title: "Kubernetes RBAC is on, with Entra ID and Azure RBAC",
    resourceTypes: CLUSTER,
    check: (r) => {
      if (isFalse(r.attrs.role_based_access_control_enabled)) return "turns Kubernetes RBAC off: role_based_access_control_enabled = false";
      return isTrue(at(r.attrs, "azure_active_directory_role_based_access_control", "azure_rbac_enabled"))
        ? undefined
        : `authorizes without Entra ID and Azure RBAC: azure_active_directory_role_based_access_control.azure_rbac_enabled = ${shown(at(r.attrs, "azure_active_directory_role_based_access_control", "azure_rbac_enabled"))}`;
    },
    fix: "keep roleBasedAccessControlEnabled and azureActiveDirectoryRoleBasedAccessControl { azureRbacEnabled: true } (AksCluster does)",
  },
  {
    id: "CKV_AZURE_141",
    title: "AKS local accounts are disabled",
    resourceTypes: CLUSTER,
    check: (r) => (isTrue(r.attrs.local_account_disabled) ? undefined : `keeps the static cluster-admin credential: local_account_disabled = ${shown(r.attrs.local_account_disabled)}`),
    fix: "set localAccountDisabled: true; admins come in through the Entra ID groups of azure.clusterAdminGroupObjectIds",
  },
  {
    id: "CKV_AZURE_116",
    title: "AKS runs the Azure Policy add-on",
    resourceTypes: CLUSTER,
    check: (r) => (isTrue(r.attrs.azure_policy_enabled) ? undefined : `has no Azure Policy add-on: azure_policy_enabled = ${shown(r.attrs.azure_policy_enabled)}`),
    fix: "set azurePolicyEnabled: true",
  },
  {
    id: "CKV_AZURE_229",
    title: "Only critical system pods run on the AKS system pool",
    resourceTypes: CLUSTER,
    check: (r) => (isTrue(at(r.attrs, "default_node_pool", "only_critical_addons_enabled"))
      ? undefined
      : `lets application pods onto the system pool: default_node_pool.only_critical_addons_enabled = ${shown(at(r.attrs, "default_node_pool", "only_critical_addons_enabled"))}`),
    fix: "set defaultNodePool.onlyCriticalAddonsEnabled: true (AksCluster does)",
  },
  {
    id: "CKV_AZURE_143",
    title: "AKS nodes have no public IP addresses",
    resourceTypes: [...CLUSTER, ...POOL],
    check: (r) => (isTrue(poolOf(r)?.node_public_ip_enabled) ? "gives every node a public IP: node_public_ip_enabled = true" : undefined),
    fix: "leave nodePublicIpEnabled off; nodes reach the internet through the region's NAT gateway",
  },
  {
    id: "CKV_AZURE_227",
    title: "AKS nodes encrypt temp disks and caches on the host",
    resourceTypes: [...CLUSTER, ...POOL],
    check: (r) => (isTrue(poolOf(r)?.host_encryption_enabled) ? undefined : `leaves temp disks and caches unencrypted on the host: host_encryption_enabled = ${shown(poolOf(r)?.host_encryption_enabled)}`),
    fix: "set hostEncryptionEnabled: true (needs the Microsoft.Compute/EncryptionAtHost feature on the subscription)",
  },
  {
    id: "LLMP_AZURE_1",
    title: "AKS encrypts Secrets in etcd with the region's Key Vault key (KMS)",
    resourceTypes: CLUSTER,
    check: (r) => (typeof at(r.attrs, "key_management_service", "key_vault_key_id") === "string"
      ? undefined
      : "stores Secrets in etcd without KMS envelope encryption: no key_management_service.key_vault_key_id"),
    fix: "set keyManagementService with the region's Key Vault key and a user-assigned control-plane identity holding Key Vault Crypto User",
  },
  {
    id: "CKV_AZURE_117",
    title: "AKS encrypts node OS disks with a disk encryption set (the region's Key Vault key)",
    resourceTypes: CLUSTER,
    check: (r) => {
      const set = r.attrs.disk_encryption_set_id;
      return typeof set === "string" && set !== ""
        ? undefined
        : `encrypts node OS disks with platform-managed keys only: disk_encryption_set_id = ${shown(set)}`;
    },
    fix: "set diskEncryptionSetId to an AzureDiskEncryptionSet on the region key whose identity holds Key Vault Crypto Service Encryption User (AKS takes it only at cluster creation)",
  },
  {
    id: "CKV_AZURE_3",
    title: "Storage accounts accept HTTPS only",
    resourceTypes: STORAGE,
    check: (r) => (isFalse(r.attrs.https_traffic_only_enabled) ? "accepts plain HTTP: https_traffic_only_enabled = false" : undefined),
    fix: "keep httpsTrafficOnlyEnabled: true",
  },
  {
    id: "CKV_AZURE_44",
    title: "Storage accounts require TLS 1.2 or later",
    resourceTypes: STORAGE,
    check: (r) => (r.attrs.min_tls_version === "TLS1_2" || r.attrs.min_tls_version === "TLS1_3" ? undefined : `accepts older TLS: min_tls_version = ${shown(r.attrs.min_tls_version)}`),
    fix: "set minTlsVersion: \"TLS1_2\"",
  },
  {
    id: "CKV_AZURE_190",
    title: "Storage accounts allow no anonymous blob access",
    resourceTypes: STORAGE,
    check: (r) => (isFalse(r.attrs.allow_nested_items_to_be_public) ? undefined : `lets containers be made public: allow_nested_items_to_be_public = ${shown(r.attrs.allow_nested_items_to_be_public)}`),
    fix: "set allowNestedItemsToBePublic: false",
  },
  {
    id: "CKV_AZURE_35",
    title: "Storage accounts deny network access by default",
    resourceTypes: STORAGE,
    check: (r) => {
      if (isFalse(r.attrs.public_network_access_enabled)) return undefined;
      const action = at(r.attrs, "network_rules", "default_action");
      return action === "Deny" ? undefined : `admits every network: network_rules.default_action = ${shown(action)}`;
    },
    fix: "set networkRules.defaultAction \"Deny\" and admit the node subnet (service endpoint) and the deploy runners only",
  },
  {
    id: "CKV_AZURE_110",
    alsoKnownAs: ["CKV_AZURE_42"],
    title: "Key Vaults have purge protection, so a deleted key stays recoverable",
    resourceTypes: ["azurerm_key_vault"],
    check: (r) => (isTrue(r.attrs.purge_protection_enabled) ? undefined : `can be purged with the keys etcd and the model store depend on: purge_protection_enabled = ${shown(r.attrs.purge_protection_enabled)}`),
    fix: "set purgeProtectionEnabled: true (AzureRegionKey does)",
  },
  {
    id: "CKV_AZURE_112",
    title: "Key Vault keys are HSM-backed",
    resourceTypes: ["azurerm_key_vault_key"],
    check: (r) => (String(r.attrs.key_type ?? "").endsWith("-HSM") ? undefined : `is a software key: key_type = ${shown(r.attrs.key_type)}`),
    fix: "use keyType \"RSA-HSM\" in a premium vault",
  },
];
