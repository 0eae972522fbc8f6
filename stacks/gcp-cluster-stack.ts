import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { hasAlertmanagerPeer } from "../config/hubs";
import { alertmanagerPeerAddressName, clusterName, gkeNodeServiceAccountId, modelBucketName, nodePoolName, servingAddressName, stackNames } from "../config/names";
import { GcpNetwork, GcpProjectServices, GcpRegionKey, GcsModelStore, GkeCluster } from "../constructs/gcp";
import type { ClusterStackProps } from "./aws-cluster-stack";
import { configureBackend } from "./backend";
import { gpuNodePoolSpec } from "./gpu-pool-spec";
import { googleProvider } from "./providers";

/**
 * APIs the GCP cluster and platform stacks call: the network, GKE, Cloud KMS, the model
 * bucket, service accounts and Workload Identity tokens, logging and monitoring.
 */
export const CLUSTER_APIS: readonly string[] = [
  "compute.googleapis.com",
  "container.googleapis.com",
  "cloudkms.googleapis.com",
  "storage.googleapis.com",
  "iam.googleapis.com",
  "iamcredentials.googleapis.com",
  "logging.googleapis.com",
  "monitoring.googleapis.com",
];

/**
 * `<region>-cluster` on GCP: Cloud KMS key, VPC with Cloud NAT and static addresses,
 * a private GKE cluster with its system and GPU node pools, and the model store.
 */
export class GcpClusterStack extends TerraformStack {
  readonly cluster: GkeCluster;
  readonly network: GcpNetwork;
  readonly modelStore: GcsModelStore;

  constructor(scope: Construct, props: ClusterStackProps) {
    const { settings, region } = props;
    const name = stackNames.cluster(region.name);
    super(scope, name);
    configureBackend(this, settings.stateBackend, name, props.localStateDir);
    const gcp = settings.gcp;
    if (!gcp) throw new Error(`${name}: platform settings have no gcp section (validation should have caught this)`);
    const cluster = clusterName(settings.name, region.name);

    googleProvider(this, "google", { settings, stack: name, region: region.name, cloudRegion: region.region, project: gcp.projectId });

    // Every API this stack (and the platform stack after it) calls; a fresh project has none.
    const apis = new GcpProjectServices(this, "GoogleApis", { project: gcp.projectId, services: CLUSTER_APIS }).services;
    const key = new GcpRegionKey(this, "Key", { name: cluster, location: region.region, projectNumber: gcp.projectNumber, dependsOn: apis });
    this.network = new GcpNetwork(this, "Network", { name: cluster, region: region.region, cidr: region.network.cidr, zoneCount: region.network.zones.length, dependsOn: apis, servingAddressName: servingAddressName(settings.name, region.name),
      peerAddressName: hasAlertmanagerPeer(settings, region.name) ? alertmanagerPeerAddressName(settings.name, region.name) : undefined,
    });
    this.cluster = new GkeCluster(this, "Gke", {
      clusterName: cluster,
      project: gcp.projectId,
      region: region.region,
      zones: region.network.zones,
      networkId: this.network.network.id,
      subnetworkId: this.network.subnetwork.id,
      controlPlaneCidr: this.network.ranges.controlPlane,
      kmsKeyId: key.key.id,
      nodeServiceAccountId: gkeNodeServiceAccountId(settings.name, region.name),
      endpointAllowedCidrs: region.cluster.endpointAllowedCidrs,
      kubernetesVersion: region.cluster.kubernetesVersion,
      systemPool: region.systemPool,
      nodePoolName: (pool) => nodePoolName(settings.name, region.name, pool),
      dependsOn: [...apis, ...key.grants],
    });
    for (const pool of region.gpuPools) this.cluster.addGpuPool(gpuNodePoolSpec(region.cloud, pool));
    this.modelStore = new GcsModelStore(this, "ModelStore", {
      bucketName: modelBucketName(settings.name, region.name),
      location: region.region,
      kmsKeyId: key.key.id,
      dependsOn: key.grants,
    });

    new TerraformOutput(this, "cluster_name", { value: this.cluster.cluster.name });
    new TerraformOutput(this, "kms_key_id", { value: key.key.id });
    new TerraformOutput(this, "network_id", { value: this.network.network.id });
    new TerraformOutput(this, "model_bucket", { value: this.modelStore.bucket.name });
    new TerraformOutput(this, "egress_ips", { value: this.network.natAddresses.map((a) => a.address) });
    new TerraformOutput(this, "serving_ips", { value: [this.network.servingAddress.address] });
    // The other hub's platform stack reads it: its Alertmanager gossips with, and its Prometheus alerts, this address.
    if (this.network.peerAddress) new TerraformOutput(this, "alertmanager_peer_ip", { value: this.network.peerAddress.address });
    new TerraformOutput(this, "node_service_account", { value: this.cluster.nodeServiceAccount.email });
  }
}
