import { Testing } from "cdktf";
import { AwsClusterStack } from "../../../stacks/aws-cluster-stack";
import { defaultConfig, regionWith, resourcesOf } from "../../helpers";
import type { RegionConfig } from "../../../config/schema";

function stackFor(region: RegionConfig, clusterAdminArns: string[] = []) {
  const settings = { ...defaultConfig().settings, aws: { ...defaultConfig().settings.aws, clusterAdminArns } };
  return new AwsClusterStack(Testing.app(), { settings, region, localStateDir: "../../.." });
}

function only<T>(record: Record<string, T>): T {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0];
}

describe("EksCluster", () => {
  const stack = stackFor(regionWith("us-east-1", {}));
  const cluster = only(resourcesOf(stack, "aws_eks_cluster")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  test("restricts the public endpoint to the configured CIDRs and keeps private access", () => {
    expect(cluster.vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: ["203.0.113.0/24"],
    });
  });

  test("keeps the endpoint private when no CIDR is configured (never 0.0.0.0/0 by default)", () => {
    const region = regionWith("us-east-1", { cluster: { kubernetesVersion: "1.35", endpointAllowedCidrs: [] } });
    const c = only(resourcesOf(stackFor(region), "aws_eks_cluster")) as { vpc_config: Record<string, unknown> };
    expect(c.vpc_config.endpoint_public_access).toBe(false);
    expect(c.vpc_config.public_access_cidrs).toBeUndefined();
  });

  test("envelope-encrypts secrets with the region's rotating KMS key", () => {
    expect(cluster.encryption_config).toEqual({ resources: ["secrets"], provider: { key_arn: "${aws_kms_key.Key_43586C89.arn}" } });
    expect(resourcesOf(stack, "aws_kms_key").Key_43586C89).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  test("ships every control-plane log type to a log group with retention", () => {
    expect(cluster.enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    const groups = Object.values(resourcesOf(stack, "aws_cloudwatch_log_group")).filter((g) => (g as { name: string }).name.startsWith("/aws/eks/"));
    // Encrypted with the region key (CKV_AWS_158), whose policy names this group.
    expect(only(Object.fromEntries(groups.map((g, i) => [i, g])))).toMatchObject({ name: "/aws/eks/llmp-us-east-1/cluster", retention_in_days: 90, kms_key_id: "${aws_kms_key.Key_43586C89.arn}" });
  });

  test("stays on standard support, never drifting into paid extended support", () => {
    expect(cluster.upgrade_policy).toEqual({ support_type: "STANDARD" });
  });

  test("uses access entries (API mode), not the aws-auth ConfigMap", () => {
    expect(cluster.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: true });
    const admin = "arn:aws:iam::123456789012:role/platform-admins";
    const s = stackFor(regionWith("us-east-1", {}), [admin]);
    // The stack's other entry is Karpenter's node role (EC2_LINUX, tested with Karpenter).
    const standard = Object.fromEntries(Object.entries(resourcesOf(s, "aws_eks_access_entry")).filter(([, e]) => e.type === "STANDARD"));
    expect(only(standard)).toMatchObject({ principal_arn: admin, type: "STANDARD" });
    expect(only(resourcesOf(s, "aws_eks_access_policy_association"))).toMatchObject({
      policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      access_scope: { type: "cluster" },
    });
  });

  test("has an OIDC provider for IRSA on the cluster's issuer", () => {
    expect(only(resourcesOf(stack, "aws_iam_openid_connect_provider"))).toEqual(expect.objectContaining({
      url: "${aws_eks_cluster.Eks_Cluster_9EEA9CA8.identity[0].oidc[0].issuer}",
      client_id_list: ["sts.amazonaws.com"],
    }));
  });

  test("gives the EBS CSI driver a role only its service account can assume", () => {
    const role = resourcesOf(stack, "aws_iam_role").Eks_EbsCsiRole_222C7179 as { assume_role_policy: string };
    expect(role.assume_role_policy).toContain(':sub":"system:serviceaccount:kube-system:ebs-csi-controller-sa"');
    expect(role.assume_role_policy).toContain('"Federated":"${aws_iam_openid_connect_provider.Eks_Oidc_1B6A3333.arn}"');
    const csi = Object.values(resourcesOf(stack, "aws_eks_addon")).filter((a) => (a as { addon_name: string }).addon_name === "aws-ebs-csi-driver");
    expect(csi).toHaveLength(1);
    expect(csi[0]).toMatchObject({ addon_name: "aws-ebs-csi-driver", addon_version: "v1.48.0-eksbuild.1" });
  });
});

describe("AwsNetwork", () => {
  const stack = stackFor(regionWith("us-east-1", {}));

  test("puts nodes in private subnets across the zones and tags them for internal load balancers", () => {
    const subnets = Object.values(resourcesOf(stack, "aws_subnet")) as { cidr_block: string; availability_zone: string; tags: Record<string, string>; map_public_ip_on_launch?: boolean }[];
    const priv = subnets.filter((s) => s.tags["kubernetes.io/role/internal-elb"] === "1");
    const pub = subnets.filter((s) => s.tags["kubernetes.io/role/elb"] === "1");
    expect(priv.map((s) => s.availability_zone)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    expect(pub.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  test("allocates static egress and serving addresses that outlive their users, 4 in 3 zones by default (quota: 5)", () => {
    const eips = Object.values(resourcesOf(stack, "aws_eip")) as { tags: Record<string, string> }[];
    expect(eips.filter((e) => e.tags["llm-platform.dev/purpose"] === "egress")).toHaveLength(1);
    expect(eips.filter((e) => e.tags["llm-platform.dev/purpose"] === "serving")).toHaveLength(3);
  });

  test("one NAT gateway and egress address per zone in per-zone mode", () => {
    const region = regionWith("us-east-1", { network: { ...regionWith("us-east-1", {}).network, natGateways: "per-zone" } });
    const eips = Object.values(resourcesOf(stackFor(region), "aws_eip")) as { tags: Record<string, string> }[];
    expect(eips.filter((e) => e.tags["llm-platform.dev/purpose"] === "egress")).toHaveLength(3);
  });

  test("one NAT gateway in single mode, routing every private subnet through it", () => {
    const region = regionWith("us-east-1", { network: { ...regionWith("us-east-1", {}).network, natGateways: "single" } });
    const s = stackFor(region);
    expect(Object.keys(resourcesOf(s, "aws_nat_gateway"))).toHaveLength(1);
    const routes = Object.values(resourcesOf(s, "aws_route_table")) as { route: { nat_gateway_id: string | null }[] }[];
    const viaNat = routes.filter((r) => r.route[0].nat_gateway_id);
    expect(new Set(viaNat.map((r) => r.route[0].nat_gateway_id)).size).toBe(1);
    expect(viaNat).toHaveLength(3);
  });

  test("strips the default security group's allow-all rules", () => {
    expect(only(resourcesOf(stack, "aws_default_security_group"))).not.toHaveProperty("ingress");
  });
});
