/**
 * What a reviewer must not miss, keyed on Terraform resource types. Data, not logic:
 * extend these tables as new layers add resource types.
 */

/**
 * Resource types that hold state or identity that a destroy loses: keys, buckets,
 * clusters, node pools, state tables, static addresses. Value: how the report names it.
 */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  aws_eks_cluster: "EKS cluster",
  aws_eks_node_group: "EKS node group",
  google_container_cluster: "GKE cluster",
  google_container_node_pool: "GKE node pool",
  azurerm_kubernetes_cluster: "AKS cluster",
  azurerm_kubernetes_cluster_node_pool: "AKS node pool",
  azurerm_key_vault: "Key Vault",
  azurerm_key_vault_key: "Key Vault key",
  azurerm_storage_account: "storage account",
  azurerm_public_ip: "Azure public IP (static address)",
  aws_kms_key: "KMS key",
  google_kms_crypto_key: "Cloud KMS key",
  google_kms_key_ring: "Cloud KMS key ring",
  aws_s3_bucket: "S3 bucket",
  google_storage_bucket: "GCS bucket",
  aws_dynamodb_table: "DynamoDB table",
  aws_efs_file_system: "EFS file system",
  aws_ebs_volume: "EBS volume",
  google_compute_disk: "persistent disk",
  aws_eip: "Elastic IP (static address)",
  google_compute_address: "static IP address",
  aws_route53_zone: "Route53 hosted zone",
  google_dns_managed_zone: "Cloud DNS zone",
  kubernetes_namespace_v1: "Kubernetes namespace (deleting it deletes everything in it)",
  kubernetes_namespace: "Kubernetes namespace (deleting it deletes everything in it)",
  kubernetes_persistent_volume_claim_v1: "persistent volume claim",
};

/**
 * Attributes (paths without list indices) whose change makes the AWS provider destroy and
 * recreate the resource ("ForceNew" in the provider source). Used for synthesized stacks
 * only: with a real plan, Terraform's own `replace_paths` decide. `terraform providers
 * schema -json` does not carry ForceNew, so this table is data; its entries are checked
 * against a real `terraform plan` of hashicorp/aws 5.100.0 on a seeded state
 * (test/tools/plan-diff/force-new.integration.test.ts). Google resources are not here:
 * their ForceNew list is extracted from the google provider's source at the pinned tag
 * (google-force-new.ts, reference/terraform-provider-google/).
 */
export const FORCE_NEW_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_eks_cluster: ["name", "role_arn", "encryption_config", "kubernetes_network_config", "bootstrap_self_managed_addons", "outpost_config"],
  aws_eks_node_group: [
    "cluster_name",
    "node_group_name",
    "node_group_name_prefix",
    "node_role_arn",
    "subnet_ids",
    "ami_type",
    "capacity_type",
    "instance_types",
    "disk_size",
    "remote_access",
    "launch_template.id",
    "launch_template.name",
  ],
  aws_kms_key: ["customer_master_key_spec", "key_usage", "multi_region", "custom_key_store_id"],
  aws_s3_bucket: ["bucket", "bucket_prefix", "object_lock_enabled"],
  aws_dynamodb_table: ["name", "hash_key", "range_key"],
  aws_eip: ["domain"],
  // Checked against the real provider by test/tools/plan-diff/force-new.integration.test.ts.
  aws_route53_record: ["name", "zone_id"],
  aws_route53_health_check: ["request_interval", "measure_latency"],
  // hashicorp/terraform-provider-azurerm's AKS node pool schema: gpu_driver is ForceNew
  // (values agentpools.PossibleValuesForGPUDriver: Install, None); priority, eviction_policy and spot_max_price cannot change after
  // creation (Microsoft "Add a Spot node pool", Limitations). Not checked offline (no azurerm
  // provider in the mirror).
  azurerm_kubernetes_cluster_node_pool: ["name", "kubernetes_cluster_id", "gpu_driver", "priority", "eviction_policy", "spot_max_price", "os_type"],
};

/** DNS routing and health checks: any change moves live traffic. */
export const DNS_TYPES: ReadonlySet<string> = new Set([
  "aws_route53_record",
  "aws_route53_health_check",
  "aws_route53_zone",
  "google_dns_record_set",
  "google_dns_managed_zone",
  "google_dns_policy",
  "google_compute_health_check",
]);

/**
 * Paths (rule form) that name a container image or its tag, in any resource, in
 * Kubernetes manifests or in Helm values: a change is an image bump.
 */
export const IMAGE_PATH_RE = /(^|\.)image(\.tag)?$/;

/**
 * Paths (rule form) that name the model a deployment serves: Ray Serve LLM's
 * `model_loading_config.model_id` / `model_source`, vLLM's `model` argument. A change
 * swaps what clients get behind the same name.
 */
export const MODEL_PATH_RE = /(^|\.)(model_loading_config\.model_id|model_source(\.bucket_uri)?|model)$/;

/** Attributes that pin a version: a change is a chart, Kubernetes or add-on bump. */
export const VERSION_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  helm_release: ["chart", "version", "repository"],
  aws_eks_cluster: ["version"],
  aws_eks_node_group: ["version", "release_version"],
  aws_eks_addon: ["addon_version"],
  google_container_cluster: ["min_master_version"],
  google_container_node_pool: ["version"],
  azurerm_kubernetes_cluster: ["kubernetes_version"],
  azurerm_kubernetes_cluster_node_pool: ["orchestrator_version"],
};

/**
 * Attribute names whose values are masked in reports (any path segment matching).
 * Plan JSON adds Terraform's own `before_sensitive` / `after_sensitive` marks.
 */
export const SECRET_NAME_RE = /(password|passwd|secret|token|private_key|client_key|client_certificate|access_key|kubeconfig|credentials|set_sensitive|bearer|api_key)/i;

/** Resource types whose attributes under these paths are secret whatever they are called. */
export const SECRET_PATHS: Readonly<Record<string, readonly string[]>> = {
  kubernetes_secret_v1: ["data", "binary_data"],
  kubernetes_secret: ["data", "binary_data"],
};

/** Values that look like secrets whatever their attribute is called. */
export const SECRET_VALUE_RE = /^-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----|^AKIA[0-9A-Z]{16}$|^gh[pousr]_[A-Za-z0-9]{20,}$/;

/** Finding kinds, also the values `--fail-on` accepts; the report lists findings in this order, riskiest first. */
// A model swap reads before its longer cold start: what clients get matters more than how
// long a new replica takes (synth already refuses a cold start over coldStart.maxSeconds).
export const FINDING_KINDS = ["capacity-gap", "destroy", "replace", "gpu-down", "gpu-up", "node-drift", "failover-budget", "capacity-budget", "model", "cold-start-budget", "dns", "version"] as const;

/** What a reviewer must not miss. */
export type FindingKind = (typeof FINDING_KINDS)[number];
