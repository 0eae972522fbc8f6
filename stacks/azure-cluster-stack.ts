import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { hasAlertmanagerPeer } from "../config/hubs";
import {
  aksNodeResourceGroupName, alertmanagerPeerAddressName, azureResourceGroupName, clusterName, keyVaultName, modelStorageAccountName, stackNames,
} from "../config/names";
import { AksCluster, AzureDiskEncryptionSet, AzureNetwork, AzureRegionKey, BlobModelStore } from "../constructs/azure";
import type { ClusterStackProps } from "./aws-cluster-stack";
import { configureBackend } from "./backend";
import { gpuNodePoolSpec } from "./gpu-pool-spec";
import { azureTags, azurermProvider } from "./providers";

/**
 * `<region>-cluster` on Azure: a resource group holding the region's Key Vault key and a
 * disk encryption set for it, VNet
 * with NAT gateway and static addresses, an AKS cluster with its system pool and GPU node
 * pools, and the model store. Applied before the platform stack.
 */
export class AzureClusterStack extends TerraformStack {
  readonly cluster: AksCluster;
  readonly network: AzureNetwork;
  readonly modelStore: BlobModelStore;
  readonly key: AzureRegionKey;
  readonly diskEncryption: AzureDiskEncryptionSet;

  constructor(scope: Construct, props: ClusterStackProps) {
    const { settings, region } = props;
    const name = stackNames.cluster(region.name);
    super(scope, name);
    configureBackend(this, settings.stateBackend, name, props.localStateDir);
    const azure = settings.azure;
    if (!azure) throw new Error(`${name}: platform settings have no azure section (validation should have caught this)`);
    const cluster = clusterName(settings.name, region.name);
    const tags = azureTags({ settings, stack: name, region: region.name });

    azurermProvider(this, "azurerm", { subscriptionId: azure.subscriptionId, tenantId: azure.tenantId });
    const deployer = new DataAzurermClientConfig(this, "Deployer", {});

    const group = new ResourceGroup(this, "Group", { name: azureResourceGroupName(settings.name, region.name), location: region.region, tags });
    const where = { resourceGroupName: group.name, location: region.region, tags };

    this.key = new AzureRegionKey(this, "Key", { ...where, vaultName: keyVaultName(settings.name, region.name), tenantId: azure.tenantId, deployerObjectId: deployer.objectId });
    this.network = new AzureNetwork(this, "Network", {
      ...where,
      name: cluster,
      cidr: region.network.cidr,
      zones: region.network.zones,
      peerAddressName: hasAlertmanagerPeer(settings, region.name) ? alertmanagerPeerAddressName(settings.name, region.name) : undefined,
    });

    // OS disks of every pool and the platform's persistent volumes, encrypted with the region
    // key. The set's identity must hold its role on the vault before any disk uses the set.
    this.diskEncryption = new AzureDiskEncryptionSet(this, "DiskEncryption", { ...where, name: `${cluster}-disks`, keyVaultKeyId: this.key.key.id });
    const diskGrant = this.key.grant("DiskEncryptionSetCryptoUser", this.diskEncryption.principalId, "Key Vault Crypto Service Encryption User");

    // The control plane's identity exists before the cluster: KMS needs the key grant in
    // place at creation, and AKS attaches the serving address and NAT subnet with it.
    const controlPlane = new UserAssignedIdentity(this, "ControlPlaneIdentity", { ...where, name: `${cluster}-control-plane` });
    const clusterGrants = [
      this.key.grant("ControlPlaneCryptoUser", controlPlane.principalId, "Key Vault Crypto User"),
      // "Use a static public IP address and DNS label with the AKS load balancer": the
      // cluster identity needs Network Contributor on the address's resource group; the
      // same role lets it use the NAT gateway's subnet (outbound type userAssignedNATGateway).
      new RoleAssignment(this, "ControlPlaneNetworkContributor", { scope: group.id, roleDefinitionName: "Network Contributor", principalId: controlPlane.principalId, principalType: "ServicePrincipal" }),
    ];

    this.cluster = new AksCluster(this, "Aks", {
      ...where,
      clusterName: cluster,
      nodeResourceGroupName: aksNodeResourceGroupName(settings.name, region.name),
      kubernetesVersion: region.cluster.kubernetesVersion,
      zones: region.network.zones,
      tenantId: azure.tenantId,
      adminGroupObjectIds: azure.clusterAdminGroupObjectIds,
      identityId: controlPlane.id,
      kmsKeyId: this.key.key.id,
      diskEncryptionSetId: this.diskEncryption.set.id,
      nodeSubnetId: this.network.nodeSubnet.id,
      ranges: this.network.ranges,
      endpointAllowedCidrs: region.cluster.endpointAllowedCidrs,
      egressIps: this.network.natAddresses.map((a) => a.ipAddress),
      systemPool: { vmSize: region.systemPool.instanceType, minNodes: region.systemPool.minNodes, maxNodes: region.systemPool.maxNodes, diskSizeGiB: region.systemPool.diskSizeGiB },
      dependsOn: [...clusterGrants, diskGrant, this.network.natAssociation],
    });
    for (const pool of region.gpuPools) this.cluster.addGpuPool(gpuNodePoolSpec(region.cloud, pool));

    const storageKey = new UserAssignedIdentity(this, "ModelStoreKeyIdentity", { ...where, name: `${cluster}-model-store-key` });
    const storageGrant = this.key.grant("ModelStoreCryptoUser", storageKey.principalId, "Key Vault Crypto Service Encryption User");
    this.modelStore = new BlobModelStore(this, "ModelStore", {
      ...where,
      accountName: modelStorageAccountName(settings.name, region.name),
      keyVaultKeyId: this.key.key.versionlessId,
      keyIdentityId: storageKey.id,
      allowedSubnetIds: [this.network.nodeSubnet.id],
      allowedCidrs: region.cluster.endpointAllowedCidrs,
      dependsOn: [storageGrant],
    });

    new TerraformOutput(this, "cluster_name", { value: this.cluster.cluster.name });
    new TerraformOutput(this, "resource_group", { value: group.name });
    new TerraformOutput(this, "oidc_issuer_url", { value: this.cluster.cluster.oidcIssuerUrl });
    new TerraformOutput(this, "key_vault_key_id", { value: this.key.key.versionlessId });
    new TerraformOutput(this, "model_storage_account", { value: this.modelStore.account.name });
    new TerraformOutput(this, "model_storage_account_id", { value: this.modelStore.account.id });
    new TerraformOutput(this, "model_container", { value: this.modelStore.container.name });
    new TerraformOutput(this, "egress_ips", { value: this.network.natAddresses.map((a) => a.ipAddress) });
    new TerraformOutput(this, "serving_ips", { value: [this.network.servingAddress.ipAddress] });
    new TerraformOutput(this, "serving_ip_name", { value: this.network.servingAddress.name });
    if (this.network.peerAddress) new TerraformOutput(this, "alertmanager_peer_ip", { value: this.network.peerAddress.ipAddress });
  }
}
