import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import type { CloudCluster, GpuNodePoolSpec } from "../contracts";
import { AksGpuNodePool } from "./aks-gpu-node-pool";
import type { AksRanges } from "./azure-network";

/** The system pool of an AKS cluster. */
export interface AksSystemPool {
  readonly vmSize: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly diskSizeGiB: number;
}

/** Props of {@link AksCluster}. */
export interface AksClusterProps {
  readonly clusterName: string;
  readonly resourceGroupName: string;
  /** The resource group AKS creates for nodes and load balancers. */
  readonly nodeResourceGroupName: string;
  readonly location: string;
  /** Minor version (`1.35`); AKS picks the latest patch and the patch channel keeps it current. */
  readonly kubernetesVersion: string;
  readonly zones: readonly string[];
  /** Entra ID tenant of the cluster's RBAC. */
  readonly tenantId: string;
  /** Entra ID groups that get cluster-admin (local accounts are disabled, so this is the only way in at first). */
  readonly adminGroupObjectIds: readonly string[];
  /** The user-assigned identity of the control plane: KMS does not work with a system-assigned one. */
  readonly identityId: string;
  /** The versioned Key Vault key id for KMS etcd encryption. */
  readonly kmsKeyId: string;
  /**
   * The disk encryption set that encrypts the OS disks of every node pool with the region's
   * key. AKS accepts it only when the cluster is created: changing it replaces the cluster.
   */
  readonly diskEncryptionSetId: string;
  readonly nodeSubnetId: string;
  readonly ranges: AksRanges;
  /**
   * CIDRs allowed to reach the public API server, besides the cluster's own NAT egress
   * addresses. Empty makes the cluster private (API server on a private endpoint only).
   */
  readonly endpointAllowedCidrs: readonly string[];
  /** The NAT gateway's public addresses: nodes reach a public API server from these. */
  readonly egressIps: readonly string[];
  readonly systemPool: AksSystemPool;
  /** The AKS name of a pool (`a100`). @default - the pool's own name */
  readonly nodePoolName?: (pool: string) => string;
  /** @default true - see {@link AksGpuNodePoolProps.hostEncryption} */
  readonly hostEncryption?: boolean;
  /** Grants the control plane's identity needs before the cluster is created (key, network). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * An AKS cluster the way the platform runs every cluster: Standard tier; the API server
 * private, or public only to the listed ranges and the cluster's own egress (never open by
 * default); Entra ID with Azure RBAC and local accounts disabled; OIDC issuer and workload
 * identity for the model readers; Secrets in etcd encrypted with the region's Key Vault key
 * (KMS) and node OS disks with it (a disk encryption set); Azure CNI overlay with Cilium; egress through the region's NAT gateway; a system
 * pool that runs critical add-ons only. GPU pools are added with {@link addGpuPool}.
 */
export class AksCluster extends Construct implements CloudCluster {
  readonly clusterName: string;
  readonly cluster: KubernetesCluster;
  readonly gpuPools: AksGpuNodePool[] = [];
  private readonly props: AksClusterProps;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    this.props = props;
    this.clusterName = props.clusterName;
    const isPrivate = props.endpointAllowedCidrs.length === 0;
    this.cluster = new KubernetesCluster(this, "Cluster", {
      name: props.clusterName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      nodeResourceGroup: props.nodeResourceGroupName,
      dnsPrefix: props.clusterName,
      kubernetesVersion: props.kubernetesVersion,
      skuTier: "Standard",
      automaticUpgradeChannel: "patch",
      nodeOsUpgradeChannel: "NodeImage",
      privateClusterEnabled: isPrivate,
      ...(isPrivate ? {} : { apiServerAccessProfile: { authorizedIpRanges: [...props.endpointAllowedCidrs, ...props.egressIps.map((ip) => `${ip}/32`)] } }),
      localAccountDisabled: true,
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, tenantId: props.tenantId, adminGroupObjectIds: [...props.adminGroupObjectIds] },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      identity: { type: "UserAssigned", identityIds: [props.identityId] },
      keyManagementService: { keyVaultKeyId: props.kmsKeyId, keyVaultNetworkAccess: "Public" },
      diskEncryptionSetId: props.diskEncryptionSetId,
      azurePolicyEnabled: true,
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataPlane: "cilium",
        networkPolicy: "cilium",
        podCidr: props.ranges.pods,
        serviceCidr: props.ranges.services,
        dnsServiceIp: props.ranges.dnsServiceIp,
        loadBalancerSku: "standard",
        outboundType: "userAssignedNATGateway",
      },
      storageProfile: { diskDriverEnabled: true, blobDriverEnabled: false, fileDriverEnabled: false, snapshotControllerEnabled: true },
      defaultNodePool: {
        name: "system",
        vmSize: props.systemPool.vmSize,
        autoScalingEnabled: true,
        minCount: props.systemPool.minNodes,
        maxCount: props.systemPool.maxNodes,
        onlyCriticalAddonsEnabled: true,
        vnetSubnetId: props.nodeSubnetId,
        zones: [...props.zones],
        osSku: "Ubuntu",
        osDiskSizeGb: props.systemPool.diskSizeGiB,
        osDiskType: "Managed",
        hostEncryptionEnabled: props.hostEncryption ?? true,
        nodePublicIpEnabled: false,
        maxPods: 110,
        // Changing properties that recreate the default pool goes through this name.
        temporaryNameForRotation: "systemtmp",
        nodeLabels: { "llm-platform.dev/pool": "system" },
        upgradeSettings: { maxSurge: "10%" },
      },
      tags: { ...props.tags },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }

  /** Adds one GPU pool as an autoscaled user node pool. */
  addGpuPool(pool: GpuNodePoolSpec): AksGpuNodePool {
    const added = new AksGpuNodePool(this, `Gpu-${pool.name}`, {
      pool,
      nodePoolName: this.props.nodePoolName ? this.props.nodePoolName(pool.name) : pool.name,
      kubernetesClusterId: this.cluster.id,
      vnetSubnetId: this.props.nodeSubnetId,
      zones: this.props.zones,
      kubernetesVersion: this.props.kubernetesVersion,
      hostEncryption: this.props.hostEncryption,
      tags: this.props.tags,
    });
    this.gpuPools.push(added);
    return added;
  }
}
