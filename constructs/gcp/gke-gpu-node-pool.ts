import { Construct } from "constructs";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { GPUS } from "../../catalog/gpus";
import { COMPUTE_CLASS_LABEL } from "../../catalog/gke-compute-class";
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
  /**
   * The custom ComputeClass the pool's node pools belong to: each gets its node label and
   * `NoSchedule` taint, as GKE requires of manually created node pools in a class.
   * @default - none: one node pool, in no ComputeClass
   */
  readonly computeClass?: string;
  /**
   * Further node pools of the pool, in the ComputeClass's priority order after the first
   * (`instanceType` with the first capacity type): other capacity types and machine types.
   * Each scales from 0 to `pool.maxNodes`.
   * @default - none
   */
  readonly alternatives?: readonly GkeNodePoolAlternative[];
}

/** One more node pool of a GPU pool: a machine type and capacity type it may fall back to. */
export interface GkeNodePoolAlternative {
  /** Physical node pool name (see `config/names.ts`). */
  readonly nodePoolName: string;
  readonly instanceType: string;
  readonly capacityType: "on-demand" | "spot";
  /** GPUs the machine type attaches. */
  readonly gpusPerNode: number;
}

/**
 * A GPU pool on GKE: `guest_accelerator` with an explicit driver mode (GKE installs the
 * driver, or installation is disabled and the platform layer applies Google's COS driver
 * installer before the GPU Operator), GPU sharing where GKE
 * manages it, the GPU taint and pool labels, shielded nodes with secure boot, Workload
 * Identity metadata, spot or on-demand, and autoscaling bounds across the zones. With a
 * ComputeClass, one node pool per machine type and capacity type the pool may use, each
 * labelled and tainted for the class (the class orders them; see {@link computeClassManifest}).
 */
export class GkeGpuNodePool extends Construct implements GpuNodePool {
  readonly poolName: string;
  readonly nodePoolName: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The first node pool: `instanceType`, first capacity type, `minNodes` to `maxNodes`. */
  readonly nodePool: ContainerNodePool;
  /** Every node pool in the ComputeClass's priority order, the first one included. */
  readonly nodePools: readonly ContainerNodePool[];

  constructor(scope: Construct, id: string, props: GkeGpuNodePoolProps) {
    super(scope, id);
    const { pool } = props;
    const acceleratorType = (GPUS[pool.gpu as keyof typeof GPUS] as { gcpAcceleratorType?: string } | undefined)?.gcpAcceleratorType;
    if (!acceleratorType) throw new Error(`GkeGpuNodePool: ${pool.gpu} has no GCP accelerator type in the GPU catalog (pool ${pool.name})`);
    this.poolName = pool.name;
    this.nodePoolName = props.nodePoolName;
    this.labels = { ...pool.labels, ...(props.computeClass ? { [COMPUTE_CLASS_LABEL]: props.computeClass } : {}) };
    const gkeManaged = pool.driverInstalledBy === "gke";
    const { sharing } = pool;
    const taints = [
      { key: GPU_TAINT.key, value: GPU_TAINT.value, effect: "NO_SCHEDULE" },
      ...(props.computeClass ? [{ key: COMPUTE_CLASS_LABEL, value: props.computeClass, effect: "NO_SCHEDULE" }] : []),
    ];

    const nodePool = (constructId: string, name: string, machineType: string, spot: boolean, gpusPerNode: number, minNodes: number) => new ContainerNodePool(this, constructId, {
      name,
      cluster: props.clusterId,
      location: props.location,
      nodeLocations: props.nodeLocations,
      autoscaling: { totalMinNodeCount: minNodes, totalMaxNodeCount: pool.maxNodes, locationPolicy: "ANY" },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType,
        imageType: "COS_CONTAINERD",
        diskSizeGb: pool.diskSizeGiB,
        diskType: "pd-balanced",
        bootDiskKmsKey: props.bootDiskKmsKey,
        serviceAccount: props.serviceAccountEmail,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        spot,
        labels: { ...this.labels },
        taint: taints,
        metadata: { "disable-legacy-endpoints": "true" },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        guestAccelerator: [{
          type: acceleratorType,
          count: gpusPerNode,
          gpuDriverInstallationConfig: { gpuDriverVersion: gkeManaged ? "LATEST" : "INSTALLATION_DISABLED" },
          gpuSharingConfig: gkeManaged && sharing.mode === "time-slicing"
            ? { gpuSharingStrategy: "TIME_SHARING", maxSharedClientsPerGpu: sharing.replicas! }
            : undefined,
          gpuPartitionSize: gkeManaged && sharing.mode === "mig" ? sharing.profile : undefined,
        }],
      },
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });

    // The first node pool keeps its construct id and name, so adding fallbacks never replaces it.
    this.nodePool = nodePool("NodePool", props.nodePoolName, pool.instanceType, pool.capacityType === "spot", pool.gpusPerNode, pool.minNodes);
    // Fallbacks start empty: the cluster autoscaler grows them only when the ComputeClass
    // reaches them, i.e. when the node pools before them cannot get capacity.
    this.nodePools = [this.nodePool, ...(props.alternatives ?? []).map((alt) =>
      nodePool(`NodePool-${alt.instanceType}-${alt.capacityType}`, alt.nodePoolName, alt.instanceType, alt.capacityType === "spot", alt.gpusPerNode, 0))];
  }
}
