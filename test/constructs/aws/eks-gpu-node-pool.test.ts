import { App, TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EksGpuNodePool } from "../../../constructs/aws";
import type { GpuNodePoolSpec } from "../../../constructs/contracts";
import { AwsClusterStack } from "../../../stacks/aws-cluster-stack";
import { defaultConfig, regionWith, resourcesOf } from "../../helpers";

function synth(region: string) {
  return new AwsClusterStack(Testing.app(), { settings: defaultConfig().settings, region: regionWith(region, {}), localStateDir: "../../.." });
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("EksGpuNodePool", () => {
  const us = synth("us-east-1");
  const groups = resourcesOf(us, "aws_eks_node_group") as Record<string, Json>;
  const l4 = groups.Eks_GpuPools_l4_NodeGroup_924E6CFE;

  test("taints GPU nodes so only GPU workloads that tolerate it land there", () => {
    expect(l4.taint).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
  });

  test("labels nodes with GPU model and pool, which the serving layer selects on", () => {
    expect(l4.labels).toEqual({
      "llm-platform.dev/gpu-model": "L4",
      "llm-platform.dev/pool": "l4",
      "llm-platform.dev/capacity-type": "on-demand",
      "llm-platform.dev/node-os": "al2023-nvidia",
    });
  });

  test("runs the EKS AL2023 NVIDIA AMI with the configured bounds, leaving desired size to the autoscaler", () => {
    expect(l4).toMatchObject({
      ami_type: "AL2023_x86_64_NVIDIA",
      capacity_type: "ON_DEMAND",
      instance_types: ["g6.12xlarge"],
      node_group_name: "llmp-us-east-1-l4",
      scaling_config: { min_size: 1, max_size: 4, desired_size: 1 },
      lifecycle: { ignore_changes: ["scaling_config[0].desired_size"] },
    });
  });

  test("every launch template requires IMDSv2 with hop limit 1 and encrypts volumes with the region key", () => {
    const templates = Object.values(resourcesOf(us, "aws_launch_template")) as Json[];
    expect(templates).toHaveLength(3); // system + two GPU pools
    for (const lt of templates) {
      expect(lt.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
      for (const bd of lt.block_device_mappings) expect(bd.ebs).toMatchObject({ encrypted: "true", kms_key_id: "${aws_kms_key.Key_43586C89.arn}" });
    }
  });

  test("Bottlerocket pools use the Bottlerocket NVIDIA AMI, a data volume, and keep GPU Operator operands off", () => {
    const eu = synth("eu-west-1");
    const pool = Object.values(resourcesOf(eu, "aws_eks_node_group")).find((g) => (g as Json).ami_type !== "AL2023_x86_64_STANDARD") as Json;
    expect(pool).toMatchObject({ ami_type: "BOTTLEROCKET_x86_64_NVIDIA", capacity_type: "SPOT" });
    expect(pool.labels).toMatchObject({
      "nvidia.com/gpu.deploy.driver": "false",
      "nvidia.com/gpu.deploy.container-toolkit": "false",
      "nvidia.com/gpu.deploy.device-plugin": "false",
    });
    const lt = (resourcesOf(eu, "aws_launch_template") as Record<string, Json>).Eks_GpuPools_l4_LaunchTemplate_92A42889;
    expect(lt.block_device_mappings.map((b: Json) => [b.device_name, b.ebs.volume_size])).toEqual([["/dev/xvda", 4], ["/dev/xvdb", 200]]);
  });
});

// The construct on its own: a bare stack with the AWS provider, props written out, no
// region config and no cluster stack around it.
describe("EksGpuNodePool built alone", () => {
  const spec: GpuNodePoolSpec = {
    name: "h100", gpu: "H100-80GB", instanceType: "p5.48xlarge", capacityType: "spot", minNodes: 0, maxNodes: 2, diskSizeGiB: 500,
    nodeOs: "bottlerocket-nvidia", labels: { team: "serving" }, gpusPerNode: 8, driverInstalledBy: "node-image", sharing: { mode: "none" },
  };
  function synthAlone(pool: GpuNodePoolSpec): Json {
    const stack = new TerraformStack(new App(), "pool");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new EksGpuNodePool(stack, "Pool", { clusterName: "c", nodeGroupName: "c-h100", nodeRoleArn: "arn:aws:iam::111122223333:role/n", subnetIds: ["subnet-1"], kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k", pool });
    return JSON.parse(Testing.synth(stack));
  }

  test("turns the spec into one node group on its launch template: AMI from the node OS, spot, bounds, the labels it was given", () => {
    const json = synthAlone(spec);
    const [group] = Object.values(json.resource.aws_eks_node_group) as Json[];
    expect(group).toMatchObject({
      ami_type: "BOTTLEROCKET_x86_64_NVIDIA",
      capacity_type: "SPOT",
      instance_types: ["p5.48xlarge"],
      scaling_config: { min_size: 0, max_size: 2, desired_size: 0 },
      labels: { team: "serving" },
      taint: [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
      tags: { "k8s.io/cluster-autoscaler/c": "owned" },
    });
    const [lt] = Object.values(json.resource.aws_launch_template) as Json[];
    expect(lt.block_device_mappings.map((b: Json) => b.ebs.volume_size)).toEqual([4, 500]);
  });

  test("fails when the node OS is GKE's", () => {
    expect(() => synthAlone({ ...spec, nodeOs: "cos" })).toThrow('EksGpuNodePool: node OS "cos" is GKE-only (pool h100)');
  });
});
