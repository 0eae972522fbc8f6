import type { PolicyRule, ResourceView } from "../types";
import { at, blocks, isFalse, isTrue, opensWorld, shown } from "../values";

/** Rules for GKE clusters and node pools and Cloud KMS (checkov ids). */

const CLUSTER = ["google_container_cluster"];
const POOL = ["google_container_node_pool"];
const CLUSTER_AND_POOL = [...CLUSTER, ...POOL];

/**
 * The node configs a resource defines: a node pool's, or a cluster's own (its default
 * pool, which exists briefly even with remove_default_node_pool).
 */
function nodeConfig(r: ResourceView): Record<string, unknown> | undefined {
  return at(r.attrs, "node_config") as Record<string, unknown> | undefined;
}

/** A check of the node config; a cluster without one (default pool removed at once) passes. */
function onNodeConfig(check: (cfg: Record<string, unknown> | undefined) => string | undefined): PolicyRule["check"] {
  return (r) => {
    const cfg = nodeConfig(r);
    return !cfg && r.type === "google_container_cluster" ? undefined : check(cfg);
  };
}

/** CKV_GCP_9/10: a node pool `management` flag that must be true. */
function managementFlag(id: string, flag: "auto_repair" | "auto_upgrade", title: string, fix: string): PolicyRule {
  return {
    id,
    title,
    resourceTypes: POOL,
    check: (r) => isTrue(at(r.attrs, "management", flag)) ? undefined : `has management.${flag} = ${shown(at(r.attrs, "management", flag))}`,
    fix,
  };
}

/** The Compute Engine default service account, which has project Editor. */
const DEFAULT_SA = /-compute@developer\.gserviceaccount\.com$/;

/** The GKE rules. */
export const GCP_RULES: readonly PolicyRule[] = [
  {
    id: "CKV_GCP_25",
    alsoKnownAs: ["CKV_GCP_64"],
    title: "GKE nodes are private",
    resourceTypes: CLUSTER,
    check: (r) => isTrue(at(r.attrs, "private_cluster_config", "enable_private_nodes"))
      ? undefined
      : `gives nodes public IPs: private_cluster_config.enable_private_nodes = ${shown(at(r.attrs, "private_cluster_config", "enable_private_nodes"))}`,
    fix: "set privateClusterConfig.enablePrivateNodes: true (GkeCluster does); egress goes through Cloud NAT",
  },
  {
    id: "CKV_GCP_20",
    title: "GKE master authorized networks are on and not open to the internet",
    resourceTypes: CLUSTER,
    check: (r) => {
      const cfg = at(r.attrs, "master_authorized_networks_config");
      if (!cfg) return "has no master_authorized_networks_config, so any address may reach the control plane";
      const cidrs = blocks(at(cfg, "cidr_blocks")).map((b) => String(b.cidr_block));
      return opensWorld(cidrs) ? `authorizes the whole internet: cidr_blocks = ${shown(cidrs)}` : undefined;
    },
    fix: "keep masterAuthorizedNetworksConfig with only your deploy runners' ranges (cluster.endpointAllowedCidrs)",
  },
  {
    id: "CKV_GCP_69",
    title: "Workload Identity and the GKE metadata server are on",
    resourceTypes: CLUSTER_AND_POOL,
    check: (r) => {
      if (r.type === "google_container_cluster" && !at(r.attrs, "workload_identity_config", "workload_pool")) {
        return "has no workload_identity_config.workload_pool: pods would use the node's service account";
      }
      const cfg = nodeConfig(r);
      if (!cfg) return r.type === "google_container_node_pool" ? "has no node_config.workload_metadata_config" : undefined;
      const mode = at(cfg, "workload_metadata_config", "mode");
      return mode === "GKE_METADATA" ? undefined : `exposes the node metadata to pods: node_config.workload_metadata_config.mode = ${shown(mode)}`;
    },
    fix: "set workloadIdentityConfig on the cluster and nodeConfig.workloadMetadataConfig.mode \"GKE_METADATA\" on every pool",
  },
  {
    id: "CKV_GCP_71",
    title: "GKE shielded nodes are on",
    resourceTypes: CLUSTER,
    check: (r) => isFalse(r.attrs.enable_shielded_nodes) ? "turns shielded nodes off: enable_shielded_nodes = false" : undefined,
    fix: "set enableShieldedNodes: true",
  },
  {
    id: "CKV_GCP_68",
    title: "GKE nodes boot with secure boot",
    resourceTypes: CLUSTER_AND_POOL,
    check: onNodeConfig((cfg) => {
      const secure = at(cfg, "shielded_instance_config", "enable_secure_boot");
      return isTrue(secure) ? undefined : `boots nodes without secure boot: node_config.shielded_instance_config.enable_secure_boot = ${shown(secure)}`;
    }),
    fix: "set nodeConfig.shieldedInstanceConfig.enableSecureBoot: true",
  },
  {
    id: "CKV_GCP_7",
    title: "GKE legacy ABAC is off",
    resourceTypes: CLUSTER,
    check: (r) => isTrue(r.attrs.enable_legacy_abac) ? "enables legacy ABAC, which bypasses RBAC" : undefined,
    fix: "set enableLegacyAbac: false",
  },
  {
    id: "CKV_GCP_13",
    title: "GKE client certificates are off",
    resourceTypes: CLUSTER,
    check: (r) => isTrue(at(r.attrs, "master_auth", "client_certificate_config", "issue_client_certificate"))
      ? "issues a client certificate, a credential that cannot be revoked"
      : undefined,
    fix: "set masterAuth.clientCertificateConfig.issueClientCertificate: false",
  },
  {
    id: "CKV_GCP_70",
    title: "GKE follows a release channel",
    resourceTypes: CLUSTER,
    check: (r) => {
      const channel = at(r.attrs, "release_channel", "channel");
      return typeof channel === "string" && channel !== "UNSPECIFIED" ? undefined : `has no release channel, got ${shown(channel)}`;
    },
    fix: "set releaseChannel.channel to REGULAR or STABLE",
  },
  managementFlag("CKV_GCP_9", "auto_repair", "GKE node pools auto-repair", "set management.autoRepair: true"),
  managementFlag("CKV_GCP_10", "auto_upgrade", "GKE node pools auto-upgrade", "set management.autoUpgrade: true (the release channel paces upgrades)"),
  {
    id: "CKV2_GCP_1",
    title: "GKE nodes do not use the Compute Engine default service account",
    resourceTypes: CLUSTER_AND_POOL,
    check: onNodeConfig((cfg) => {
      const sa = at(cfg, "service_account");
      return typeof sa !== "string" || sa === "default" || DEFAULT_SA.test(sa)
        ? `runs nodes as the Compute Engine default service account (project Editor): node_config.service_account = ${shown(sa)}`
        : undefined;
    }),
    fix: "set nodeConfig.serviceAccount to a dedicated least-privilege account (GkeCluster creates one)",
  },
  {
    id: "CKV_GCP_43",
    title: "Cloud KMS keys rotate within 90 days",
    resourceTypes: ["google_kms_crypto_key"],
    check: (r) => {
      const period = r.attrs.rotation_period;
      const seconds = typeof period === "string" && /^\d+s$/.test(period) ? Number(period.slice(0, -1)) : undefined;
      return seconds !== undefined && seconds <= 90 * 86400 ? undefined : `does not rotate within 90 days: rotation_period = ${shown(period)}`;
    },
    fix: "set rotationPeriod to at most \"7776000s\"",
  },
];
