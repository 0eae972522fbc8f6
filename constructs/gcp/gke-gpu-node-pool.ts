import { poolCapacityTypes } from "../../config/capacity";
import { Construct } from "constructs";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { GPUS } from "../../catalog/gpus";
import { GPU_TAINT, type GpuNodePool, type GpuNodePoolSpec } from "../contracts";

/** Props of {@link GkeGpuNodePool}. */
export interface GkeGpuNodePoolProps {
  /** The cluster's id (`projects/.../clusters/...`). */
  readonly clusterId: string;
  readonly location: string;
  readonly nodeLocations: string[];
  /** Physical node pool name (see `config/names.ts`). */
  readonly nodePoolName: string;
  readonly serviceAccountEmail: string;
  readonly bootDiskKmsKey: string;
  /** The pool, with labels, GPUs per node and driver owner decided by the stack. */
  readonly pool: GpuNodePoolSpec;
}

/**
 * A GPU pool on GKE: `guest_accelerator` with an explicit driver mode (GKE installs the
 * driver, or installation is disabled and the platform layer applies Google's COS driver
 * installer before the GPU Operator), GPU sharing where GKE
 * manages it, the GPU taint and pool labels, shielded nodes with secure boot, Workload
 * Identity metadata, spot or on-demand, and autoscaling bounds across the zones.
 */
export class GkeGpuNodePool extends Construct implements GpuNodePool {
  readonly poolName: string;
  readonly nodePoolName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodePool: ContainerNodePool;

  constructor(scope: Construct, id: string, props: GkeGpuNodePoolProps) {
    super(scope, id);
    const { pool } = props;
    const acceleratorType = (GPUS[pool.gpu as keyof typeof GPUS] as { gcpAcceleratorType?: string } | undefined)?.gcpAcceleratorType;
    if (!acceleratorType) throw new Error(`GkeGpuNodePool: ${pool.gpu} has no GCP accelerator type in the GPU catalog (pool ${pool.name})`);
    this.poolName = pool.name;
    this.nodePoolName = props.nodePoolName;
    this.labels = pool.labels;
    const gkeManaged = pool.driverInstalledBy === "gke";
    const { sharing } = pool;

    this.nodePool = new ContainerNodePool(this, "NodePool", {
      name: props.nodePoolName,
      cluster: props.clusterId,
      location: props.location,
      nodeLocations: props.nodeLocations,
      autoscaling: { totalMinNodeCount: pool.minNodes, totalMaxNodeCount: pool.maxNodes, locationPolicy: "ANY" },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: pool.instanceType,
        imageType: "COS_CONTAINERD",
        diskSizeGb: pool.diskSizeGiB,
        diskType: "pd-balanced",
        bootDiskKmsKey: props.bootDiskKmsKey,
        serviceAccount: props.serviceAccountEmail,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        spot: poolCapacityTypes(pool)[0] === "spot",
        labels: { ...this.labels },
        taint: [{ key: GPU_TAINT.key, value: GPU_TAINT.value, effect: "NO_SCHEDULE" }],
        metadata: { "disable-legacy-endpoints": "true" },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        guestAccelerator: [{
          type: acceleratorType,
          count: pool.gpusPerNode,
          gpuDriverInstallationConfig: { gpuDriverVersion: gkeManaged ? "LATEST" : "INSTALLATION_DISABLED" },
          gpuSharingConfig: gkeManaged && sharing.mode === "time-slicing"
            ? { gpuSharingStrategy: "TIME_SHARING", maxSharedClientsPerGpu: sharing.replicas! }
            : undefined,
          gpuPartitionSize: gkeManaged && sharing.mode === "mig" ? sharing.profile : undefined,
        }],
      },
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });
  }
}
