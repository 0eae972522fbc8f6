import { KARPENTER_AMI_ALIASES } from "../catalog/karpenter";
import { poolCapacityTypes, poolInstanceTypes, poolMaxGpus } from "../config/capacity";
import { clusterName, karpenterNodeRoleName } from "../config/names";
import type { PlatformSettings, RegionConfig } from "../config/schema";
import { GPU_TAINT, gpuPoolLabels, poolNodeOs } from "../constructs/contracts";
import type { KarpenterGpuPoolProps } from "../constructs/karpenter";

/**
 * The EKS GPU pools of a region as Karpenter props: the config-to-props translation of the
 * platform layer (constructs never read config). Pure.
 */
export function karpenterPoolProps(settings: PlatformSettings, region: RegionConfig, kmsKeyArn: string): KarpenterGpuPoolProps[] {
  const cluster = clusterName(settings.name, region.name);
  return region.gpuPools.map((pool) => {
    const os = poolNodeOs("aws", pool);
    if (os !== "al2023-nvidia" && os !== "bottlerocket-nvidia") throw new Error(`${region.name}: pool ${pool.name} has node OS ${JSON.stringify(os)}, which is not an EKS OS (validation should have caught this)`);
    return {
      name: pool.name,
      nodeRoleName: karpenterNodeRoleName(settings.name, region.name),
      discoveryTagValue: cluster,
      amiAlias: KARPENTER_AMI_ALIASES[os],
      kmsKeyArn,
      diskSizeGiB: pool.diskSizeGiB,
      labels: gpuPoolLabels("aws", pool),
      taint: GPU_TAINT,
      instanceTypes: poolInstanceTypes(pool),
      // Karpenter itself takes spot before on-demand; validation allows no other order with both.
      capacityTypes: poolCapacityTypes(pool),
      maxGpus: poolMaxGpus("aws", pool),
      tags: { ...settings.tags, Name: `${cluster}-${pool.name}` },
    };
  });
}
