import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataGoogleComputeAddress } from "@cdktf/provider-google/lib/data-google-compute-address";
import { DataGoogleContainerCluster } from "@cdktf/provider-google/lib/data-google-container-cluster";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ClusterAccess, ReservedLoadBalancer, ServiceAccountRef } from "../contracts";
import type { EncryptedStorageSpec } from "../storage";
import { GCP_ENDPOINTS } from "./gcp-endpoints";

/** Props of {@link GkeClusterAccess}. */
export interface GkeClusterAccessProps {
  readonly clusterName: string;
  readonly project: string;
  /** The GCP region (the cluster is regional). */
  readonly region: string;
  readonly modelBucketName: string;
  /** The reserved serving address's name (the cluster stack's `<cluster>-serving`). */
  readonly servingAddressName: string;
  /** Account id of the model-reader Google service account (6-30 chars, `config/names.ts`). */
  readonly modelReaderAccountId: string;
}

/**
 * Reaches a GKE cluster from the platform layer: looks it up by name and configures the
 * helm and kubernetes providers with the `gke-gcloud-auth-plugin` exec plugin (needs the
 * plugin on the deployer's PATH: `gcloud components install gke-gcloud-auth-plugin`).
 * Model-store reads go through Workload Identity: a Google service account with
 * `storage.objectViewer` on that bucket only, impersonable by one Kubernetes service account.
 */
export class GkeClusterAccess extends Construct implements ClusterAccess {
  readonly clusterName: string;
  readonly modelStoreUri: string;
  readonly kubeconfigCommand: string;
  /** GKE admits critical priority classes outside kube-system only in namespaces with a quota for them (NVIDIA's GKE page, step "ResourceQuota"). */
  readonly criticalPodsNeedQuota = true;
  readonly loadBalancer = GCP_ENDPOINTS.loadBalancer;
  /** The identity reaches the pods through their service account alone. */
  readonly modelReaderPodLabels = {};
  readonly servingLoadBalancerAnnotations: Readonly<Record<string, string>>;
  readonly encryptedStorage: EncryptedStorageSpec;
  readonly cluster: DataGoogleContainerCluster;
  private readonly props: GkeClusterAccessProps;

  constructor(scope: Construct, id: string, props: GkeClusterAccessProps) {
    super(scope, id);
    this.props = props;
    this.clusterName = props.clusterName;
    this.modelStoreUri = `gs://${props.modelBucketName}`;
    this.kubeconfigCommand = `gcloud container clusters get-credentials ${props.clusterName} --region ${props.region} --project ${props.project}`;

    // pd-balanced under the region key (the cluster stack's key ring and key are both named
    // after the cluster); the Compute agent already may use the key for boot disks.
    this.encryptedStorage = {
      provisioner: "pd.csi.storage.gke.io",
      parameters: {
        type: "pd-balanced",
        "disk-encryption-kms-key": `projects/${props.project}/locations/${props.region}/keyRings/${props.clusterName}/cryptoKeys/${props.clusterName}`,
      },
    };

    this.cluster = new DataGoogleContainerCluster(this, "Cluster", { name: props.clusterName, location: props.region, project: props.project });
    const host = `https://${this.cluster.endpoint}`;
    const clusterCaCertificate = Fn.base64decode(this.cluster.masterAuth.get(0).clusterCaCertificate);
    // A fresh token per call from the deployer's gcloud credentials, as EKS uses `aws eks
    // get-token`: a google_client_config token is read once per plan and expires after an
    // hour, which long applies (driver installs, model loads) outlive.
    const exec = { apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin" };
    new KubernetesProvider(this, "Kubernetes", { host, clusterCaCertificate, exec: [exec] });
    new HelmProvider(this, "Helm", { kubernetes: { host, clusterCaCertificate, exec } });

    this.servingLoadBalancerAnnotations = {
      // Backend-service-based external passthrough NLB, on the reserved regional address.
      "cloud.google.com/l4-rbs": "enabled",
      "networking.gke.io/load-balancer-ip-addresses": props.servingAddressName,
    };
  }

  /** A backend-service-based external passthrough NLB on the reserved regional address (as the serving load balancer). */
  reservedLoadBalancer(scope: Construct, id: string, addressName: string): ReservedLoadBalancer {
    const address = new DataGoogleComputeAddress(scope, id, { name: addressName, region: this.props.region, project: this.props.project });
    return {
      annotations: { "cloud.google.com/l4-rbs": "enabled", "networking.gke.io/load-balancer-ip-addresses": addressName },
      address: address.address,
    };
  }

  grantModelStoreRead(scope: Construct, id: string, sa: ServiceAccountRef): Readonly<Record<string, string>> {
    const c = new Construct(scope, id);
    const reader = new ServiceAccount(c, "ServiceAccount", {
      accountId: this.props.modelReaderAccountId,
      project: this.props.project,
      displayName: `Reads ${this.props.modelBucketName} for ${sa.namespace}/${sa.name}`,
    });
    // Decryption with the bucket's CMEK is done by the Storage service agent, not the reader.
    new StorageBucketIamMember(c, "ReadModels", {
      bucket: this.props.modelBucketName,
      role: "roles/storage.objectViewer",
      member: `serviceAccount:${reader.email}`,
    });
    new ServiceAccountIamMember(c, "WorkloadIdentity", {
      serviceAccountId: reader.name,
      role: "roles/iam.workloadIdentityUser",
      member: `serviceAccount:${this.props.project}.svc.id.goog[${sa.namespace}/${sa.name}]`,
    });
    return { "iam.gke.io/gcp-service-account": reader.email };
  }
}
