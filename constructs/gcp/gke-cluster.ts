import { Construct } from "constructs";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import type { ITerraformDependable } from "cdktf";
import type { CloudCluster, GpuNodePoolSpec } from "../contracts";
import { GKE_RANGES } from "./gcp-network";
import { GkeGpuNodePool, type GkeGpuNodePoolProps } from "./gke-gpu-node-pool";

/** Props of {@link GkeCluster}. */
export interface GkeClusterProps {
  readonly clusterName: string;
  readonly project: string;
  readonly region: string;
  readonly zones: string[];
  readonly networkId: string;
  readonly subnetworkId: string;
  /** The /28 for the control plane's private endpoint. */
  readonly controlPlaneCidr: string;
  /** KMS key for secrets encryption and boot disks. */
  readonly kmsKeyId: string;
  /** Node service account id (6-30 chars; see `config/names.ts`). */
  readonly nodeServiceAccountId: string;
  /**
   * CIDRs allowed to reach the control plane's public endpoint.
   * @default - none: the public endpoint is disabled and only the VPC reaches the API
   */
  readonly endpointAllowedCidrs?: readonly string[];
  readonly systemPool: { readonly instanceType: string; readonly minNodes: number; readonly maxNodes: number; readonly diskSizeGiB: number };
  /** Names the GPU node pools: pool name -> physical name. */
  readonly nodePoolName: (pool: string) => string;
  /**
   * Kubernetes minor version (`1.35`) the control plane is created at and never falls below:
   * `min_master_version`. Node pools are created at the control plane's version and upgraded
   * with it (auto-upgrade is on).
   */
  readonly kubernetesVersion: string;
  /** @default "REGULAR" - the release channel; upgrades follow it */
  readonly releaseChannel?: "RAPID" | "REGULAR" | "STABLE";
  /** Resources that must exist first (the enabled APIs, the key grants for the GKE service agent). @default - no extra dependencies */
  readonly dependsOn?: ITerraformDependable[];
}

const NODE_ROLES = ["roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/stackdriver.resourceMetadata.writer", "roles/artifactregistry.reader"];

/**
 * A regional GKE Standard cluster with private nodes, a private or CIDR-restricted
 * control plane, Workload Identity, shielded nodes with secure boot, a release channel,
 * legacy ABAC and client certificates off, application-layer secrets encryption, Dataplane
 * V2, and a least-privilege node service account instead of the Compute default one.
 */
export class GkeCluster extends Construct implements CloudCluster {
  readonly clusterName: string;
  readonly cluster: ContainerCluster;
  readonly nodeServiceAccount: ServiceAccount;
  readonly systemPool: ContainerNodePool;
  private readonly props: GkeClusterProps;
  private readonly gpuPools: Construct;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    this.props = props;
    this.clusterName = props.clusterName;
    const allowed = props.endpointAllowedCidrs ?? [];
    const releaseChannel = props.releaseChannel ?? "REGULAR";

    this.nodeServiceAccount = new ServiceAccount(this, "NodeServiceAccount", {
      accountId: props.nodeServiceAccountId,
      displayName: `GKE nodes of ${props.clusterName}`,
      dependsOn: props.dependsOn,
    });
    for (const role of NODE_ROLES) {
      new ProjectIamMember(this, `Node-${role.split("/")[1]}`, {
        project: props.project,
        role,
        member: `serviceAccount:${this.nodeServiceAccount.email}`,
      });
    }

    this.cluster = new ContainerCluster(this, "Cluster", {
      name: props.clusterName,
      location: props.region,
      nodeLocations: props.zones,
      network: props.networkId,
      subnetwork: props.subnetworkId,
      networkingMode: "VPC_NATIVE",
      datapathProvider: "ADVANCED_DATAPATH",
      ipAllocationPolicy: { clusterSecondaryRangeName: GKE_RANGES.pods, servicesSecondaryRangeName: GKE_RANGES.services },
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      deletionProtection: true,
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: allowed.length === 0,
        masterIpv4CidrBlock: props.controlPlaneCidr,
      },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: allowed.map((cidrBlock) => ({ cidrBlock, displayName: "deploy" })),
      },
      workloadIdentityConfig: { workloadPool: `${props.project}.svc.id.goog` },
      releaseChannel: { channel: releaseChannel },
      // A fuzzy minor version: GKE picks that minor's current patch, and the channel upgrades from there.
      minMasterVersion: props.kubernetesVersion,
      enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      enableShieldedNodes: true,
      databaseEncryption: { state: "ENCRYPTED", keyName: props.kmsKeyId },
      loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER"] },
      monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: false } },
      // The default pool exists briefly before removal; keep it as hardened as the rest.
      nodeConfig: {
        serviceAccount: this.nodeServiceAccount.email,
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
      },
      lifecycle: { ignoreChanges: ["node_config"] },
      dependsOn: props.dependsOn,
    });

    this.systemPool = new ContainerNodePool(this, "SystemPool", {
      name: `${props.clusterName}-system`,
      cluster: this.cluster.id,
      location: props.region,
      autoscaling: { totalMinNodeCount: props.systemPool.minNodes, totalMaxNodeCount: props.systemPool.maxNodes, locationPolicy: "BALANCED" },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: props.systemPool.instanceType,
        imageType: "COS_CONTAINERD",
        diskSizeGb: props.systemPool.diskSizeGiB,
        diskType: "pd-balanced",
        bootDiskKmsKey: props.kmsKeyId,
        serviceAccount: this.nodeServiceAccount.email,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        labels: { "llm-platform.dev/pool": "system" },
        metadata: { "disable-legacy-endpoints": "true" },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });
    this.gpuPools = new Construct(this, "GpuPools");
  }

  /** Adds a GPU pool's node pools (see {@link GkeGpuNodePool}), optionally in a ComputeClass with fallback node pools. */
  addGpuPool(pool: GpuNodePoolSpec, fallback: Pick<GkeGpuNodePoolProps, "computeClass" | "alternatives"> = {}): GkeGpuNodePool {
    return new GkeGpuNodePool(this.gpuPools, pool.name, {
      clusterId: this.cluster.id,
      location: this.props.region,
      nodeLocations: this.props.zones,
      nodePoolName: this.props.nodePoolName(pool.name),
      serviceAccountEmail: this.nodeServiceAccount.email,
      bootDiskKmsKey: this.props.kmsKeyId,
      pool,
      ...fallback,
    });
  }
}
