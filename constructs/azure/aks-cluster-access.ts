import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataAzurermPublicIp } from "@cdktf/provider-azurerm/lib/data-azurerm-public-ip";
import { DataAzurermKubernetesCluster } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster";
import { DataAzurermStorageAccount } from "@cdktf/provider-azurerm/lib/data-azurerm-storage-account";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ClusterAccess, ReservedLoadBalancer, ServiceAccountRef } from "../contracts";
import { AZURE_ENDPOINTS } from "./azure-endpoints";
import type { EncryptedStorageSpec } from "../storage";

/**
 * The Entra ID application AKS clusters with Entra integration accept tokens for (the "AKS
 * AAD server"), as `kubelogin get-token --server-id` names it.
 */
export const AKS_ENTRA_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** The audience Entra ID expects of a federated Kubernetes service-account token (Azure Workload Identity). */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";

/** Props of {@link AksClusterAccess}. */
export interface AksClusterAccessProps {
  readonly clusterName: string;
  /** The resource group of the cluster, its serving address and its model store. */
  readonly resourceGroupName: string;
  readonly location: string;
  /** The model-store storage account (config/names.ts `modelStorageAccountName`). */
  readonly storageAccountName: string;
  /** @default "models" */
  readonly containerName?: string;
  /** Name of the serving load balancer's static public IP (the cluster stack's `<cluster>-serving`). */
  readonly servingAddressName: string;
  /** Name of the user-assigned identity the model readers federate to. */
  readonly modelReaderIdentityName: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Reaches an AKS cluster from the platform layer: looks it up by name and configures the
 * helm and kubernetes providers with the `kubelogin` exec plugin and the deployer's Azure CLI
 * login (local accounts are disabled; the deployer needs an Azure RBAC role on the cluster).
 * Model-store reads go through Azure Workload Identity: a user-assigned identity with
 * Storage Blob Data Reader on the model container only, federated to one Kubernetes
 * service account of the cluster's OIDC issuer.
 */
export class AksClusterAccess extends Construct implements ClusterAccess {
  readonly clusterName: string;
  readonly modelStoreUri: string;
  readonly kubeconfigCommand: string;
  readonly criticalPodsNeedQuota = false;
  readonly loadBalancer = AZURE_ENDPOINTS.loadBalancer;
  /** The workload identity webhook injects the token only into pods labelled so. */
  readonly modelReaderPodLabels = { "azure.workload.identity/use": "true" };
  readonly servingLoadBalancerAnnotations: Readonly<Record<string, string>>;
  readonly encryptedStorage: EncryptedStorageSpec;
  readonly cluster: DataAzurermKubernetesCluster;
  private readonly props: AksClusterAccessProps;
  private readonly containerName: string;

  constructor(scope: Construct, id: string, props: AksClusterAccessProps) {
    super(scope, id);
    this.props = props;
    this.clusterName = props.clusterName;
    this.containerName = props.containerName ?? "models";
    // Ray Serve LLM's Azure scheme: azure://<container>@<account>.blob.core.windows.net/<path>,
    // read with DefaultAzureCredential (ray python/ray/llm/_internal/common/utils/cloud_filesystem).
    this.modelStoreUri = `azure://${this.containerName}@${props.storageAccountName}.blob.core.windows.net`;
    this.kubeconfigCommand = [
      `az aks get-credentials --resource-group ${props.resourceGroupName} --name ${props.clusterName} --file "$KUBECONFIG" --overwrite-existing`,
      'kubelogin convert-kubeconfig --login azurecli --kubeconfig "$KUBECONFIG"',
    ].join(" && ");
    this.cluster = new DataAzurermKubernetesCluster(this, "Cluster", { name: props.clusterName, resourceGroupName: props.resourceGroupName });
    // Azure Disk CSI (AKS's managed driver), zone-redundant Premium SSD, encrypted with the
    // region key through the disk encryption set the cluster's OS disks use (parameter name
    // from kubernetes-sigs/azuredisk-csi-driver docs/driver-parameters.md).
    this.encryptedStorage = {
      provisioner: "disk.csi.azure.com",
      parameters: { skuName: "Premium_ZRS", diskEncryptionSetID: this.cluster.diskEncryptionSetId },
    };
    const kube = this.cluster.kubeConfig.get(0);
    const host = kube.host;
    const clusterCaCertificate = Fn.base64decode(kube.clusterCaCertificate);
    // A fresh Entra token per call from the deployer's `az login`, as EKS uses `aws eks get-token`.
    const exec = { apiVersion: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", AKS_ENTRA_SERVER_ID] };
    new KubernetesProvider(this, "Kubernetes", { host, clusterCaCertificate, exec: [exec] });
    new HelmProvider(this, "Helm", { kubernetes: { host, clusterCaCertificate, exec } });

    // cloud-provider-azure: put the Service's frontend on the named static public IP, which
    // lives in the cluster's resource group rather than AKS's node resource group (annotation
    // names: kubernetes-sigs/cloud-provider-azure pkg/consts/consts.go).
    this.servingLoadBalancerAnnotations = {
      "service.beta.kubernetes.io/azure-load-balancer-resource-group": props.resourceGroupName,
      "service.beta.kubernetes.io/azure-pip-name": props.servingAddressName,
    };
  }

  reservedLoadBalancer(scope: Construct, id: string, addressName: string): ReservedLoadBalancer {
    const address = new DataAzurermPublicIp(scope, id, { name: addressName, resourceGroupName: this.props.resourceGroupName });
    return {
      annotations: {
        "service.beta.kubernetes.io/azure-load-balancer-resource-group": this.props.resourceGroupName,
        "service.beta.kubernetes.io/azure-pip-name": addressName,
      },
      address: address.ipAddress,
    };
  }

  grantModelStoreRead(scope: Construct, id: string, sa: ServiceAccountRef): Readonly<Record<string, string>> {
    const c = new Construct(scope, id);
    const p = this.props;
    const reader = new UserAssignedIdentity(c, "Identity", { name: p.modelReaderIdentityName, resourceGroupName: p.resourceGroupName, location: p.location, tags: { ...p.tags } });
    new FederatedIdentityCredential(c, "Federation", {
      name: `${sa.namespace}-${sa.name}`,
      resourceGroupName: p.resourceGroupName,
      parentId: reader.id,
      issuer: this.cluster.oidcIssuerUrl,
      subject: `system:serviceaccount:${sa.namespace}:${sa.name}`,
      audience: [WORKLOAD_IDENTITY_AUDIENCE],
    });
    // Read on the model container only, not the account; decryption with the account's
    // CMK is done by Azure Storage with its own identity, not the reader.
    const account = new DataAzurermStorageAccount(c, "ModelStore", { name: p.storageAccountName, resourceGroupName: p.resourceGroupName });
    new RoleAssignment(c, "ReadModels", {
      scope: `${account.id}/blobServices/default/containers/${this.containerName}`,
      roleDefinitionName: "Storage Blob Data Reader",
      principalId: reader.principalId,
      principalType: "ServicePrincipal",
    });
    return { "azure.workload.identity/client-id": reader.clientId };
  }
}
