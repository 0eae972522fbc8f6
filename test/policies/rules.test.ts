import { Testing, TerraformStack } from "cdktf";
import { evaluateStack, POLICY_RULES } from "../../policies/engine";
import type { PolicyContext, StackJson } from "../../policies/types";
import { configureBackend } from "../../stacks/backend";
import { AZURE_CASES } from "./azure-fixture";
import { defaultStacks, FIXTURE_STACK, GLOBAL_FIXTURE_STACK, globalFixture, platformFixture, resourceIn } from "./fixtures";

type Attrs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One rule, one fixture that violates it: a compliant resource with one attribute broken. */
interface RuleCase {
  readonly rule: string;
  /** Why the property matters (the test's name). */
  readonly why: string;
  readonly stack: string;
  readonly type: string;
  /** Logical id prefix of the resource to break. */
  readonly prefix: string;
  /** Construct path the finding must name (the resource itself, or the bucket a companion serves). */
  readonly path: string;
  readonly breakIt: (attrs: Attrs) => void;
}

const US = "us-east-1-cluster";
const ASIA = "asia-south1-cluster";
const S3_STACK = "s3-state";
const EU = "eu-west-1-cluster";
const US_PLATFORM = "us-east-1-platform";

const CASES: readonly RuleCase[] = [
  { rule: "CKV_AWS_39", why: "a public endpoint without CIDRs is reachable from anywhere", stack: US, type: "aws_eks_cluster", prefix: "Eks_Cluster", path: `${US}/Eks/Cluster`, breakIt: (a) => delete a.vpc_config.public_access_cidrs },
  { rule: "CKV_AWS_38", why: "0.0.0.0/0 exposes the Kubernetes API to the internet", stack: US, type: "aws_eks_cluster", prefix: "Eks_Cluster", path: `${US}/Eks/Cluster`, breakIt: (a) => (a.vpc_config.public_access_cidrs = ["0.0.0.0/0"]) },
  { rule: "CKV_AWS_58", why: "Secrets in etcd are plaintext without envelope encryption", stack: US, type: "aws_eks_cluster", prefix: "Eks_Cluster", path: `${US}/Eks/Cluster`, breakIt: (a) => delete a.encryption_config },
  { rule: "CKV_AWS_37", why: "without audit logs an incident cannot be traced", stack: US, type: "aws_eks_cluster", prefix: "Eks_Cluster", path: `${US}/Eks/Cluster`, breakIt: (a) => (a.enabled_cluster_log_types = ["api"]) },
  { rule: "CKV_AWS_339", why: "an unsupported version gets no security patches", stack: US, type: "aws_eks_cluster", prefix: "Eks_Cluster", path: `${US}/Eks/Cluster`, breakIt: (a) => (a.version = "1.24") },
  { rule: "CKV_AWS_79", why: "IMDSv1 lets SSRF steal node credentials", stack: US, type: "aws_launch_template", prefix: "Eks_SystemLaunchTemplate_", path: `${US}/Eks/SystemLaunchTemplate/Template`, breakIt: (a) => (a.metadata_options.http_tokens = "optional") },
  { rule: "CKV_AWS_341", why: "a hop limit above 1 lets pods reach the node role", stack: US, type: "aws_launch_template", prefix: "Eks_SystemLaunchTemplate_", path: `${US}/Eks/SystemLaunchTemplate/Template`, breakIt: (a) => (a.metadata_options.http_put_response_hop_limit = 2) },
  { rule: "LLMP_AWS_1", why: "GPU node volumes cache model weights and must be encrypted", stack: US, type: "aws_launch_template", prefix: "Eks_SystemLaunchTemplate", path: `${US}/Eks/SystemLaunchTemplate/Template`, breakIt: (a) => (a.block_device_mappings[0].ebs.encrypted = "false") },
  { rule: "CKV_AWS_53", why: "public ACLs could expose model weights", stack: US, type: "aws_s3_bucket_public_access_block", prefix: "ModelStore", path: `${US}/ModelStore/Bucket`, breakIt: (a) => (a.block_public_acls = false) },
  { rule: "CKV_AWS_54", why: "a public bucket policy could expose model weights", stack: US, type: "aws_s3_bucket_public_access_block", prefix: "ModelStore", path: `${US}/ModelStore/Bucket`, breakIt: (a) => (a.block_public_policy = false) },
  { rule: "CKV_AWS_55", why: "existing public ACLs would take effect", stack: US, type: "aws_s3_bucket_public_access_block", prefix: "ModelStore", path: `${US}/ModelStore/Bucket`, breakIt: (a) => (a.ignore_public_acls = false) },
  { rule: "CKV_AWS_56", why: "a public policy would grant anonymous access", stack: US, type: "aws_s3_bucket_public_access_block", prefix: "ModelStore", path: `${US}/ModelStore/Bucket`, breakIt: (a) => (a.restrict_public_buckets = false) },
  { rule: "CKV_AWS_145", why: "SSE-S3 keys are not ours to audit or revoke", stack: US, type: "aws_s3_bucket_server_side_encryption_configuration", prefix: "ModelStore", path: `${US}/ModelStore/Bucket`, breakIt: (a) => (a.rule[0].apply_server_side_encryption_by_default = { sse_algorithm: "AES256" }) },
  { rule: "CKV_AWS_21", why: "an overwritten model cannot be rolled back without versioning", stack: US, type: "aws_s3_bucket_versioning", prefix: "ModelStore", path: `${US}/ModelStore/Bucket`, breakIt: (a) => (a.versioning_configuration.status = "Suspended") },
  { rule: "CKV_AWS_7", why: "a key that never rotates has unbounded exposure", stack: US, type: "aws_kms_key", prefix: "Key_", path: `${US}/Key/Key`, breakIt: (a) => (a.enable_key_rotation = false) },
  { rule: "LLMP_STATE_1", why: "destroying the KMS key makes every encrypted volume and object unreadable", stack: US, type: "aws_kms_key", prefix: "Key_", path: `${US}/Key/Key`, breakIt: (a) => delete a.lifecycle },
  { rule: "LLMP_K8S_1", why: "an untainted GPU pool fills with pods that need no GPU", stack: US, type: "aws_eks_node_group", prefix: "Eks_SystemNodes_", path: `${US}/Eks/SystemNodes`, breakIt: (a) => { a.ami_type = "AL2023_x86_64_NVIDIA"; a.instance_types = ["g6e.12xlarge"]; } },
  { rule: "LLMP_K8S_1", why: "a GPU instance type is a GPU pool even on a custom AMI", stack: US, type: "aws_eks_node_group", prefix: "Eks_SystemNodes_", path: `${US}/Eks/SystemNodes`, breakIt: (a) => { a.ami_type = "CUSTOM"; a.instance_types = ["g6.12xlarge"]; } },
  { rule: "LLMP_K8S_1", why: "an untainted GKE GPU pool fills with pods that need no GPU", stack: ASIA, type: "google_container_node_pool", prefix: "Gke_GpuPools_l4", path: `${ASIA}/Gke/GpuPools/l4/NodePool`, breakIt: (a) => delete a.node_config.taint },
  { rule: "CKV_GCP_25", why: "public node IPs put every node on the internet", stack: ASIA, type: "google_container_cluster", prefix: "Gke_Cluster", path: `${ASIA}/Gke/Cluster`, breakIt: (a) => (a.private_cluster_config.enable_private_nodes = false) },
  { rule: "CKV_GCP_20", why: "without authorized networks any address reaches the control plane", stack: ASIA, type: "google_container_cluster", prefix: "Gke_Cluster", path: `${ASIA}/Gke/Cluster`, breakIt: (a) => delete a.master_authorized_networks_config },
  { rule: "CKV_GCP_69", why: "without the GKE metadata server pods read the node's credentials", stack: ASIA, type: "google_container_node_pool", prefix: "Gke_GpuPools_l4", path: `${ASIA}/Gke/GpuPools/l4/NodePool`, breakIt: (a) => (a.node_config.workload_metadata_config.mode = "GCE_METADATA") },
  { rule: "CKV_GCP_71", why: "shielded nodes stop a compromised node from impersonating another", stack: ASIA, type: "google_container_cluster", prefix: "Gke_Cluster", path: `${ASIA}/Gke/Cluster`, breakIt: (a) => (a.enable_shielded_nodes = false) },
  { rule: "CKV_GCP_68", why: "secure boot keeps unsigned kernel modules off GPU nodes", stack: ASIA, type: "google_container_node_pool", prefix: "Gke_GpuPools_l4", path: `${ASIA}/Gke/GpuPools/l4/NodePool`, breakIt: (a) => (a.node_config.shielded_instance_config.enable_secure_boot = false) },
  { rule: "CKV_GCP_7", why: "legacy ABAC bypasses RBAC", stack: ASIA, type: "google_container_cluster", prefix: "Gke_Cluster", path: `${ASIA}/Gke/Cluster`, breakIt: (a) => (a.enable_legacy_abac = true) },
  { rule: "CKV_GCP_13", why: "a client certificate is a credential that cannot be revoked", stack: ASIA, type: "google_container_cluster", prefix: "Gke_Cluster", path: `${ASIA}/Gke/Cluster`, breakIt: (a) => (a.master_auth.client_certificate_config.issue_client_certificate = true) },
  { rule: "CKV_GCP_70", why: "without a release channel the cluster falls out of support", stack: ASIA, type: "google_container_cluster", prefix: "Gke_Cluster", path: `${ASIA}/Gke/Cluster`, breakIt: (a) => delete a.release_channel },
  { rule: "CKV_GCP_9", why: "a broken node stays broken without auto-repair", stack: ASIA, type: "google_container_node_pool", prefix: "Gke_SystemPool", path: `${ASIA}/Gke/SystemPool`, breakIt: (a) => (a.management.auto_repair = false) },
  { rule: "CKV_GCP_10", why: "nodes drift out of the channel's patches without auto-upgrade", stack: ASIA, type: "google_container_node_pool", prefix: "Gke_SystemPool", path: `${ASIA}/Gke/SystemPool`, breakIt: (a) => (a.management.auto_upgrade = false) },
  { rule: "CKV2_GCP_1", why: "the Compute default service account is project Editor", stack: ASIA, type: "google_container_node_pool", prefix: "Gke_GpuPools_l4", path: `${ASIA}/Gke/GpuPools/l4/NodePool`, breakIt: (a) => (a.node_config.service_account = "123456789012-compute@developer.gserviceaccount.com") },
  { rule: "CKV_GCP_43", why: "a yearly rotation leaves a leaked key valid for too long", stack: ASIA, type: "google_kms_crypto_key", prefix: "Key_", path: `${ASIA}/Key/Key`, breakIt: (a) => (a.rotation_period = "31536000s") },
  { rule: "LLMP_HELM_1", why: "a floating chart version changes the cluster without a diff", stack: FIXTURE_STACK, type: "helm_release", prefix: "GpuOperator", path: `${FIXTURE_STACK}/GpuOperator`, breakIt: (a) => (a.version = "~25.3") },
  { rule: "LLMP_HELM_2", why: "a non-atomic failed upgrade leaves a half-applied release", stack: FIXTURE_STACK, type: "helm_release", prefix: "GpuOperator", path: `${FIXTURE_STACK}/GpuOperator`, breakIt: (a) => delete a.atomic },
  { rule: "LLMP_HELM_3", why: "a failed upgrade would leave new resources behind", stack: FIXTURE_STACK, type: "helm_release", prefix: "GpuOperator", path: `${FIXTURE_STACK}/GpuOperator`, breakIt: (a) => (a.cleanup_on_fail = false) },
  { rule: "LLMP_HELM_4", why: "the default 300 s is too short for a driver install and hides hangs", stack: FIXTURE_STACK, type: "helm_release", prefix: "GpuOperator", path: `${FIXTURE_STACK}/GpuOperator`, breakIt: (a) => delete a.timeout },
  { rule: "LLMP_HELM_5", why: "unbounded or no history makes rollback impossible or state bloated", stack: FIXTURE_STACK, type: "helm_release", prefix: "GpuOperator", path: `${FIXTURE_STACK}/GpuOperator`, breakIt: (a) => delete a.max_history },
  { rule: "LLMP_NET_1", why: "a LoadBalancer without source ranges is open to the internet", stack: FIXTURE_STACK, type: "kubernetes_service_v1", prefix: "ServingService", path: `${FIXTURE_STACK}/ServingService`, breakIt: (a) => delete a.spec.load_balancer_source_ranges },
  { rule: "CKV_K8S_11", why: "a container without a CPU limit can starve the node", stack: FIXTURE_STACK, type: "kubernetes_deployment_v1", prefix: "Router", path: `${FIXTURE_STACK}/Router`, breakIt: (a) => delete a.spec.template.spec.container[0].resources.limits.cpu },
  { rule: "CKV_K8S_13", why: "a container without a memory limit can OOM its neighbours", stack: FIXTURE_STACK, type: "kubernetes_manifest", prefix: "RayService", path: `${FIXTURE_STACK}/RayService`, breakIt: (a) => delete a.manifest.spec.rayClusterConfig.workerGroupSpecs[0].template.spec.containers[0].resources.limits.memory },
  { rule: "CKV_K8S_16", why: "a privileged container owns the host", stack: FIXTURE_STACK, type: "kubernetes_deployment_v1", prefix: "Router", path: `${FIXTURE_STACK}/Router`, breakIt: (a) => (a.spec.template.spec.container[0].security_context = { privileged: true }) },
  { rule: "CKV_K8S_23", why: "a root container turns a container escape into host root", stack: FIXTURE_STACK, type: "kubernetes_deployment_v1", prefix: "Router", path: `${FIXTURE_STACK}/Router`, breakIt: (a) => delete a.spec.template.spec.security_context },
  { rule: "LLMP_NET_1", why: "source ranges computed by an expression that reads no stack's static addresses cannot be judged closed", stack: FIXTURE_STACK, type: "kubernetes_service_v1", prefix: "ServingService", path: `${FIXTURE_STACK}/ServingService`, breakIt: (a) => (a.spec.load_balancer_source_ranges = "${var.anything}") },
  { rule: "LLMP_NET_1", why: "a security group rule from 0.0.0.0/0 exposes the federation endpoint", stack: GLOBAL_FIXTURE_STACK, type: "aws_security_group_rule", prefix: "FederationIngress", path: `${GLOBAL_FIXTURE_STACK}/FederationIngress`, breakIt: (a) => (a.cidr_blocks = ["0.0.0.0/0"]) },
  { rule: "LLMP_NET_1", why: "two halves of the IPv4 space open a security group as wide as 0.0.0.0/0", stack: GLOBAL_FIXTURE_STACK, type: "aws_security_group_rule", prefix: "FederationIngress", path: `${GLOBAL_FIXTURE_STACK}/FederationIngress`, breakIt: (a) => (a.cidr_blocks = ["0.0.0.0/1", "128.0.0.0/1"]) },
  { rule: "CKV_AWS_38", why: "API allow-list blocks that together cover every address expose the Kubernetes API", stack: US, type: "aws_eks_cluster", prefix: "Eks_Cluster", path: `${US}/Eks/Cluster`, breakIt: (a) => (a.vpc_config.public_access_cidrs = ["0.0.0.0/1", "128.0.0.0/1"]) },
  { rule: "LLMP_NET_1", why: "a firewall allowing ::/0 exposes the federation endpoint over IPv6", stack: GLOBAL_FIXTURE_STACK, type: "google_compute_firewall", prefix: "FederationFirewall", path: `${GLOBAL_FIXTURE_STACK}/FederationFirewall`, breakIt: (a) => (a.source_ranges = ["203.0.113.10/32", "::/0"]) },
  { rule: "LLMP_DNS_1", why: "a failover record without a health check never fails over", stack: GLOBAL_FIXTURE_STACK, type: "aws_route53_record", prefix: "PrimaryRecord", path: `${GLOBAL_FIXTURE_STACK}/PrimaryRecord`, breakIt: (a) => delete a.health_check_id },
  { rule: "LLMP_DNS_1", why: "Cloud DNS external endpoints are only health-checked with routing_policy.health_check", stack: GLOBAL_FIXTURE_STACK, type: "google_dns_record_set", prefix: "WeightedRecord", path: `${GLOBAL_FIXTURE_STACK}/WeightedRecord`, breakIt: (a) => delete a.routing_policy.health_check },
  { rule: "LLMP_ACCOUNT_1", why: "a key whose policy this stack cannot show may leave Auto Scaling unable to launch nodes", stack: US, type: "aws_launch_template", prefix: "Eks_SystemLaunchTemplate", path: `${US}/Eks/SystemLaunchTemplate/Template`, breakIt: (a) => (a.block_device_mappings[0].ebs.kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/elsewhere") },
  { rule: "CKV_AWS_158", why: "control-plane logs hold audit records and must be under the region key", stack: US, type: "aws_cloudwatch_log_group", prefix: "Eks_ControlPlaneLogs", path: `${US}/Eks/ControlPlaneLogs`, breakIt: (a) => delete a.kms_key_id },
  { rule: "CKV2_AWS_11", why: "without flow logs no record shows who talked to what", stack: US, type: "aws_flow_log", prefix: "Network_FlowLog", path: `${US}/Network/Vpc`, breakIt: (a) => (a.vpc_id = "vpc-of-another-stack") },
  { rule: "LLMP_ACCOUNT_2", why: "weights read through NAT pay processing per GB and share its bandwidth", stack: US, type: "aws_vpc_endpoint", prefix: "Network_S3Endpoint", path: `${US}/Network/PrivateRoutes0`, breakIt: (a) => (a.route_table_ids = a.route_table_ids.slice(1)) },
  { rule: "LLMP_ACCOUNT_3", why: "64 static ports per VM run out during parallel image and weight pulls", stack: ASIA, type: "google_compute_router_nat", prefix: "Network_Nat", path: `${ASIA}/Network/Nat`, breakIt: (a) => delete a.enable_dynamic_port_allocation },
  { rule: "LLMP_ACCOUNT_4", why: "a claim without a class stays Pending on EKS >= 1.30 and monitoring never starts", stack: US_PLATFORM, type: "helm_release", prefix: "Monitoring_Release", path: `${US_PLATFORM}/Monitoring/Release`, breakIt: (a) => (a.values = a.values.map((v: string) => v.replace(/\n\s*storageClassName: encrypted-rwo/g, ""))) },
  // GPU pools run on Karpenter NodePools; the rule still guards any spot managed node group.
  { rule: "LLMP_ACCOUNT_5", why: "one reclaimed spot capacity pool empties a single-type spot group", stack: EU, type: "aws_eks_node_group", prefix: "Eks_SystemNodes", path: `${EU}/Eks/SystemNodes`, breakIt: (a) => Object.assign(a, { capacity_type: "SPOT", instance_types: ["m7i.xlarge"] }) },
  { rule: "LLMP_ACCOUNT_6", why: "without min_master_version cluster.kubernetesVersion changes nothing on GKE", stack: ASIA, type: "google_container_cluster", prefix: "Gke_Cluster", path: `${ASIA}/Gke/Cluster`, breakIt: (a) => delete a.min_master_version },
  { rule: "LLMP_STATE_2", why: "unencrypted remote state leaks every secret Terraform knows", stack: S3_STACK, type: "backend.s3", prefix: "", path: `${S3_STACK}/backend`, breakIt: (a) => (a.encrypt = false) },
];

const PRIVATE: PolicyContext = { publicServing: () => false };

/** A stack with the S3 backend exactly as stacks/backend.ts configures it. */
function s3BackendStack(): StackJson {
  const stack = new TerraformStack(Testing.app(), S3_STACK);
  configureBackend(stack, { type: "s3", bucket: "llmp-state", region: "us-east-1", prefix: "gpu-llm-platform" }, S3_STACK, ".");
  return stack.toTerraform() as StackJson;
}

const BASES: Record<string, StackJson> = {
  ...defaultStacks(),
  [FIXTURE_STACK]: platformFixture(),
  [GLOBAL_FIXTURE_STACK]: globalFixture(),
  [S3_STACK]: s3BackendStack(),
};

function broken(c: RuleCase): StackJson {
  const json = structuredClone(BASES[c.stack]) as StackJson & { terraform: { backend: Record<string, Attrs> } };
  c.breakIt(c.type.startsWith("backend.") ? json.terraform.backend[c.type.slice("backend.".length)] : resourceIn(json, c.type, c.prefix));
  return json;
}

describe("policy rules", () => {
  test.each(Object.keys(BASES))("the unbroken %s fixture complies with every rule", (name) => {
    expect(evaluateStack(name, BASES[name], PRIVATE)).toEqual([]);
  });

  describe.each(CASES)("$rule", (c) => {
    test(`fails when broken on ${c.type}: ${c.why}`, () => {
      const findings = evaluateStack(c.stack, broken(c), PRIVATE);
      expect(findings.map((f) => [f.ruleId, f.path])).toEqual([[c.rule, c.path]]);
      // The message says what is wrong and how to fix it.
      expect(findings[0].problem.length).toBeGreaterThan(10);
      expect(findings[0].fix).toBe(POLICY_RULES.find((r) => r.id === c.rule)!.fix);
    });
  });

  // The GPU Operator exception is scoped to its namespace and DaemonSet names; the same
  // privileged root container anywhere else is a violation of both rules.
  test.each([
    ["renamed", (m: Attrs) => (m.metadata.name = "my-driver")],
    ["moved to another namespace", (m: Attrs) => (m.metadata.namespace = "kube-system")],
  ])("fails when the privileged driver DaemonSet is %s", (_, move) => {
    const json = structuredClone(BASES[FIXTURE_STACK]);
    move(resourceIn(json, "kubernetes_manifest", "DriverDaemonSet").manifest as Attrs);
    expect(evaluateStack(FIXTURE_STACK, json, PRIVATE).map((f) => f.ruleId)).toEqual(["CKV_K8S_16", "CKV_K8S_23"]);
  });

  // serving.public: true opens the serving load balancer on purpose, never the federation or Alertmanager peer one.
  test("allows an open serving load balancer only where the region's serving is public", () => {
    const json = structuredClone(BASES[FIXTURE_STACK]);
    resourceIn(json, "kubernetes_service_v1", "ServingService").spec = { type: "LoadBalancer", load_balancer_source_ranges: ["0.0.0.0/0"] };
    resourceIn(json, "kubernetes_service_v1", "FederationService").spec = { type: "LoadBalancer", load_balancer_source_ranges: ["0.0.0.0/0"] };
    resourceIn(json, "kubernetes_service_v1", "AlertmanagerPeerService").spec = { type: "LoadBalancer", load_balancer_source_ranges: ["0.0.0.0/0"] };
    const publicHere: PolicyContext = { publicServing: (stack) => stack === FIXTURE_STACK };
    expect(evaluateStack(FIXTURE_STACK, json, publicHere).map((f) => f.path)).toEqual([`${FIXTURE_STACK}/FederationService`, `${FIXTURE_STACK}/AlertmanagerPeerService`]);
    expect(evaluateStack(FIXTURE_STACK, json, PRIVATE).map((f) => f.path)).toEqual([`${FIXTURE_STACK}/ServingService`, `${FIXTURE_STACK}/FederationService`, `${FIXTURE_STACK}/AlertmanagerPeerService`]);
  });

  // The finding of issue 12: the region key had no policy, so the default one applied and the
  // Auto Scaling service-linked role could not use it; every launch template is then flagged.
  test("fails when the region key has the default policy (no policy attribute)", () => {
    const json = structuredClone(BASES[US]);
    delete resourceIn(json, "aws_kms_key", "Key_").policy;
    const findings = evaluateStack(US, json, PRIVATE).filter((f) => f.ruleId === "LLMP_ACCOUNT_1");
    // GPU nodes come from Karpenter (EC2 Fleet, not Auto Scaling): the system pool's template is the one left.
    expect(findings.map((f) => f.path).sort()).toEqual([`${US}/Eks/SystemLaunchTemplate/Template`]);
    expect(findings[0].problem).toContain("has no key policy, so the default applies");
  });

  test("fails when the Auto Scaling role may create grants without kms:GrantIsForAWSResource", () => {
    const json = structuredClone(BASES[US]);
    const key = resourceIn(json, "aws_kms_key", "Key_");
    const doc = JSON.parse(key.policy as string);
    for (const st of doc.Statement) if (st.Sid === "AutoScalingGrantsForEbs") delete st.Condition;
    key.policy = JSON.stringify(doc);
    const problems = evaluateStack(US, json, PRIVATE).filter((f) => f.ruleId === "LLMP_ACCOUNT_1").map((f) => f.problem);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("does not grant the Auto Scaling service-linked role kms:CreateGrant with kms:GrantIsForAWSResource = true");
  });

  test("every rule has a violating fixture", () => {
    // The Azure rules' cases break the azure fixture topology's stacks (azure-rules.test.ts).
    const covered = new Set([...CASES, ...AZURE_CASES].map((c) => c.rule));
    expect(POLICY_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});
