import { defaultAppStacks } from "../shared-synth";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const stacks: Record<string, Json> = defaultAppStacks();
const all = (stack: string, type: string): Json[] => Object.values(stacks[stack].resource?.[type] ?? {});
const one = (stack: string, type: string, prefix: string): Json => {
  const hits = Object.entries(stacks[stack].resource?.[type] ?? {}).filter(([id]) => id.startsWith(prefix));
  if (hits.length !== 1) throw new Error(`expected one ${type} ${prefix} in ${stack}, got ${hits.length}`);
  return hits[0][1] as Json;
};

describe("what a fresh AWS account needs", () => {
  const US = "us-east-1-cluster";

  test("the region key's policy lets Auto Scaling use the key for EBS and CloudWatch Logs encrypt exactly the two log groups", () => {
    const policy = JSON.parse(one(US, "aws_kms_key", "Key_").policy);
    const bySid = Object.fromEntries(policy.Statement.map((s: Json) => [s.Sid, s]));
    expect(bySid.AccountAdministers.Principal).toEqual({ AWS: "arn:aws:iam::111122223333:root" });
    const asg = "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
    expect(bySid.AutoScalingUsesKey).toMatchObject({ Principal: { AWS: asg }, Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] });
    expect(bySid.AutoScalingGrantsForEbs).toMatchObject({ Principal: { AWS: asg }, Action: "kms:CreateGrant", Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } });
    expect(bySid.CloudWatchLogsEncrypts.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(bySid.CloudWatchLogsEncrypts.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toEqual([
      "arn:aws:logs:us-east-1:111122223333:log-group:/aws/eks/llmp-us-east-1/cluster",
      "arn:aws:logs:us-east-1:111122223333:log-group:/aws/vpc/llmp-us-east-1/flow-logs",
    ]);
    // The log groups the policy names are the ones created, so encryption is accepted at creation.
    expect(all(US, "aws_cloudwatch_log_group").map((g) => g.name).sort()).toEqual(["/aws/eks/llmp-us-east-1/cluster", "/aws/vpc/llmp-us-east-1/flow-logs"]);
  });

  test("one NAT gateway per region by default: 1 NAT + 3 serving Elastic IPs, + 1 Alertmanager peer address in a hub region (5, the default quota)", () => {
    expect(all(US, "aws_nat_gateway")).toHaveLength(1);
    expect(all(US, "aws_eip").map((e) => e.tags["llm-platform.dev/purpose"]).sort()).toEqual(["alertmanager-peer", "egress", "serving", "serving", "serving"]);
  });

  test("S3 is reached through a gateway endpoint on every private route table", () => {
    const ep = one(US, "aws_vpc_endpoint", "Network_S3Endpoint");
    expect(ep).toMatchObject({ service_name: "com.amazonaws.us-east-1.s3", vpc_endpoint_type: "Gateway" });
    const privateRts = Object.keys(stacks[US].resource.aws_route_table).filter((id) => id.startsWith("Network_PrivateRoutes"));
    expect(ep.route_table_ids.sort()).toEqual(privateRts.map((id) => `\${aws_route_table.${id}.id}`).sort());
  });

  test("VPC flow logs of all traffic go to the encrypted flow-log group", () => {
    const fl = one(US, "aws_flow_log", "Network_FlowLog");
    expect(fl).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    expect(one(US, "aws_cloudwatch_log_group", "Network_FlowLogs").kms_key_id).toMatch(/^\$\{aws_kms_key\.Key_[0-9A-F]+\.arn\}$/);
  });

  test("vpc-cni, kube-proxy and coredns are EKS add-ons pinned for the cluster's version; nodes wait for the CNI", () => {
    const addons = Object.fromEntries(all(US, "aws_eks_addon").map((a) => [a.addon_name, a.addon_version]));
    expect(addons).toEqual({ "vpc-cni": "v1.21.1-eksbuild.3", "kube-proxy": "v1.35.0-eksbuild.2", coredns: "v1.13.2-eksbuild.1", "aws-ebs-csi-driver": "v1.48.0-eksbuild.1" });
    expect(one(US, "aws_eks_node_group", "Eks_SystemNodes").depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eks_addon\.Eks_VpcCni/)]));
  });

});

describe("what a fresh GCP project needs", () => {
  const ASIA = "asia-south1-cluster";

  test("the cluster stack enables every API it and the platform stack call, never disabling them on destroy", () => {
    const services = all(ASIA, "google_project_service");
    expect(services.map((s) => s.service).sort()).toEqual([
      "cloudkms.googleapis.com", "compute.googleapis.com", "container.googleapis.com", "iam.googleapis.com",
      "iamcredentials.googleapis.com", "logging.googleapis.com", "monitoring.googleapis.com", "storage.googleapis.com",
    ]);
    for (const s of services) expect(s.disable_on_destroy).toBe(false);
  });

  test("the Storage agent's key grant reads the agent from google_storage_project_service_account", () => {
    const grant = one(ASIA, "google_kms_crypto_key_iam_member", "Key_StorageAgent");
    expect(grant.member).toMatch(/^serviceAccount:\$\{data\.google_storage_project_service_account\./);
  });

  test("GKE is created at the configured version", () => {
    expect(one(ASIA, "google_container_cluster", "Gke_Cluster").min_master_version).toBe("1.35");
  });

  test("Cloud NAT allocates ports dynamically", () => {
    expect(one(ASIA, "google_compute_router_nat", "Network_Nat")).toMatchObject({ enable_dynamic_port_allocation: true, enable_endpoint_independent_mapping: false });
  });

  test("the GKE platform providers authenticate with gke-gcloud-auth-plugin, not a one-hour token", () => {
    const k8s = stacks["asia-south1-platform"].provider.kubernetes[0];
    expect(k8s.exec).toEqual([{ api_version: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin" }]);
    expect(k8s.token).toBeUndefined();
  });
});

describe("storage classes", () => {
  test.each([
    ["us-east-1-platform", "ebs.csi.aws.com", { type: "gp3", encrypted: "true" }],
    ["asia-south1-platform", "pd.csi.storage.gke.io", { type: "pd-balanced", "disk-encryption-kms-key": "projects/llm-platform-demo/locations/asia-south1/keyRings/llmp-asia-south1/cryptoKeys/llmp-asia-south1" }],
  ])("%s defines the encrypted class and Prometheus claims it", (stack, provisioner, params) => {
    const sc = one(stack, "kubernetes_storage_class_v1", "Storage_Class");
    expect(sc).toMatchObject({ storage_provisioner: provisioner, volume_binding_mode: "WaitForFirstConsumer", metadata: { name: "encrypted-rwo" } });
    expect(sc.parameters).toMatchObject(params);
    expect(one(stack, "helm_release", "Monitoring_Release").values[0]).toContain("storageClassName: encrypted-rwo");
  });

  test("the EKS class encrypts with the region key, looked up by its alias", () => {
    expect(one("us-east-1-platform", "kubernetes_storage_class_v1", "Storage_Class").parameters.kmsKeyId).toMatch(/^\$\{data\.aws_kms_alias\..*\.target_key_arn\}$/);
  });
});
