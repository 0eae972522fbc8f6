import { Construct } from "constructs";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { GPU_TAINT, type GpuNodePool, type GpuNodePoolSpec } from "../contracts";

/** Props of {@link AksGpuNodePool}. */
export interface AksGpuNodePoolProps {
  /** The pool, every decision made (config/gpu-pools.ts resolves it). */
  readonly pool: GpuNodePoolSpec;
  /** The AKS node pool name: 1 to 12 lowercase letters and digits (validation checks it). */
  readonly nodePoolName: string;
  readonly kubernetesClusterId: string;
  readonly vnetSubnetId: string;
  /** Zones the pool's nodes spread over. */
  readonly zones: readonly string[];
  /** The cluster's Kubernetes minor version, so the pool moves with the control plane. */
  readonly kubernetesVersion: string;
  /**
   * Encrypt the nodes' temp and OS disk caches on the host. Needs the subscription feature
   * Microsoft.Compute/EncryptionAtHost and a VM size that supports it.
   * @default true
   */
  readonly hostEncryption?: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One GPU pool as an autoscaled AKS user node pool: Ubuntu nodes of one VM size in the
 * region's zones, the platform's GPU taint and labels, Regular priority for on-demand and
 * Spot (evicted nodes deleted, paying at most the on-demand price: -1) for spot. Who
 * installs the NVIDIA driver is the pool's setting: AKS (`gpu_driver = "Install"`) or the
 * GPU Operator (`"None"`, which Microsoft's "Use the NVIDIA GPU Operator on AKS" requires).
 */
export class AksGpuNodePool extends Construct implements GpuNodePool {
  readonly poolName: string;
  readonly nodePoolName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodePool: KubernetesClusterNodePool;

  constructor(scope: Construct, id: string, props: AksGpuNodePoolProps) {
    super(scope, id);
    const { pool } = props;
    if (pool.nodeOs !== "aks-ubuntu") {
      throw new Error(`AksGpuNodePool ${pool.name}: node OS must be aks-ubuntu, got ${JSON.stringify(pool.nodeOs)}`);
    }
    if (pool.driverInstalledBy !== "aks" && pool.driverInstalledBy !== "gpu-operator") {
      throw new Error(`AksGpuNodePool ${pool.name}: the driver comes from AKS or the GPU Operator, got ${JSON.stringify(pool.driverInstalledBy)}`);
    }
    this.poolName = pool.name;
    this.nodePoolName = props.nodePoolName;
    this.labels = pool.labels;
    const spot = pool.capacityType === "spot";
    // The capacity taints (AKS's own Spot taint) are declared so Terraform's view matches AKS's.
    const taints = [GPU_TAINT, ...(pool.capacityTaints ?? [])].map((t) => `${t.key}=${t.value}:${t.effect}`);
    this.nodePool = new KubernetesClusterNodePool(this, "Pool", {
      name: props.nodePoolName,
      kubernetesClusterId: props.kubernetesClusterId,
      mode: "User",
      osType: "Linux",
      osSku: "Ubuntu",
      vmSize: pool.instanceType,
      orchestratorVersion: props.kubernetesVersion,
      vnetSubnetId: props.vnetSubnetId,
      zones: [...props.zones],
      autoScalingEnabled: true,
      minCount: pool.minNodes,
      maxCount: pool.maxNodes,
      osDiskSizeGb: pool.diskSizeGiB,
      osDiskType: "Managed",
      hostEncryptionEnabled: props.hostEncryption ?? true,
      nodePublicIpEnabled: false,
      nodeLabels: { ...pool.labels },
      nodeTaints: taints,
      gpuDriver: pool.driverInstalledBy === "aks" ? "Install" : "None",
      priority: spot ? "Spot" : "Regular",
      ...(spot ? { evictionPolicy: "Delete", spotMaxPrice: -1 } : { upgradeSettings: { maxSurge: "1" } }),
      tags: { ...props.tags },
    });
  }
}
