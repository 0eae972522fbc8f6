import { Construct } from "constructs";
import { Token, type ITerraformDependable } from "cdktf";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { EksLaunchTemplate } from "./eks-launch-template";
import { GPU_TAINT, type GpuNodePool, type GpuNodePoolSpec } from "../contracts";

/** Props of {@link EksGpuNodePool}. */
export interface EksGpuNodePoolProps {
  readonly clusterName: string;
  /** Physical node group name (see `config/names.ts`). */
  readonly nodeGroupName: string;
  readonly nodeRoleArn: string;
  /** Private subnets the nodes run in. */
  readonly subnetIds: string[];
  readonly kmsKeyArn: string;
  /** The pool, with labels and node OS decided by the stack. */
  readonly pool: GpuNodePoolSpec;
  /** The cluster's node group resources, so pools are created after them. @default - no extra dependencies */
  readonly dependsOn?: ITerraformDependable[];
}

const AMI_TYPES = {
  "al2023-nvidia": "AL2023_x86_64_NVIDIA",
  "bottlerocket-nvidia": "BOTTLEROCKET_x86_64_NVIDIA",
} as const;

const TAINT_EFFECT = { NoSchedule: "NO_SCHEDULE" } as const;

/**
 * A GPU pool on EKS: a managed node group on the EKS NVIDIA AMI (AL2023 or Bottlerocket)
 * with the GPU taint, pool labels, capacity type and autoscaling bounds. The autoscaler
 * owns the desired size after creation, so Terraform ignores it.
 */
export class EksGpuNodePool extends Construct implements GpuNodePool {
  readonly poolName: string;
  readonly nodePoolName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: EksGpuNodePoolProps) {
    super(scope, id);
    const { pool } = props;
    const os = pool.nodeOs;
    if (os === "cos") throw new Error(`EksGpuNodePool: node OS "cos" is GKE-only (pool ${pool.name})`);
    this.poolName = pool.name;
    this.nodePoolName = props.nodeGroupName;
    this.labels = pool.labels;

    const lt = new EksLaunchTemplate(this, "LaunchTemplate", {
      kmsKeyArn: props.kmsKeyArn,
      diskSizeGiB: pool.diskSizeGiB,
      bottlerocket: os === "bottlerocket-nvidia",
      tags: { Name: props.nodeGroupName },
    });
    this.nodeGroup = new EksNodeGroup(this, "NodeGroup", {
      clusterName: props.clusterName,
      nodeGroupName: props.nodeGroupName,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      amiType: AMI_TYPES[os],
      capacityType: pool.capacityType === "spot" ? "SPOT" : "ON_DEMAND",
      // Spot capacity is reclaimed per instance type and zone: more types, fewer interruptions.
      instanceTypes: [...new Set([pool.instanceType, ...(pool.instanceTypes ?? [])])],
      launchTemplate: { id: lt.template.id, version: Token.asString(lt.template.latestVersion) },
      scalingConfig: { minSize: pool.minNodes, maxSize: pool.maxNodes, desiredSize: pool.minNodes },
      updateConfig: { maxUnavailable: 1 },
      labels: { ...this.labels },
      taint: [{ key: GPU_TAINT.key, value: GPU_TAINT.value, effect: TAINT_EFFECT[GPU_TAINT.effect] }],
      tags: {
        "k8s.io/cluster-autoscaler/enabled": "true",
        [`k8s.io/cluster-autoscaler/${props.clusterName}`]: "owned",
      },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: props.dependsOn,
    });
  }
}
