import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { EKS_ADDON_VERSIONS, type EksVersion } from "../catalog/kubernetes-versions";
import { hasAlertmanagerPeer } from "../config/hubs";
import { alertmanagerPeerAddressName, clusterName, karpenterControllerRoleName, karpenterNodeRoleName, karpenterQueueName, modelBucketName, stackNames } from "../config/names";
import type { PlatformSettings, RegionConfig } from "../config/schema";
import { AwsNetwork, AwsRegionKey, controlPlaneLogGroupName, EksCluster, flowLogGroupName, S3ModelStore } from "../constructs/aws";
import { KARPENTER_DISCOVERY_TAG, KarpenterAwsResources } from "../constructs/karpenter";
import { configureBackend } from "./backend";
import { awsProvider } from "./providers";

function addonVersionsFor(stack: string, version: string) {
  const pins = EKS_ADDON_VERSIONS[version as EksVersion];
  if (!pins) throw new Error(`${stack}: no EKS add-on pins for Kubernetes ${version} (validation should have caught this)`);
  return pins;
}

/** Props of {@link AwsClusterStack}. */
export interface ClusterStackProps {
  readonly settings: PlatformSettings;
  readonly region: RegionConfig;
  /** Local state folder, relative to the stack's working directory. */
  readonly localStateDir: string;
}

/**
 * `<region>-cluster` on AWS: KMS key, VPC with NAT and static addresses, EKS with its
 * system node group, Karpenter's IAM, interruption queue and discovery tags (GPU capacity),
 * and the model store. Applied before the platform stack.
 */
export class AwsClusterStack extends TerraformStack {
  readonly cluster: EksCluster;
  readonly network: AwsNetwork;
  readonly modelStore: S3ModelStore;
  readonly karpenter: KarpenterAwsResources;

  constructor(scope: Construct, props: ClusterStackProps) {
    const { settings, region } = props;
    const name = stackNames.cluster(region.name);
    super(scope, name);
    configureBackend(this, settings.stateBackend, name, props.localStateDir);
    const cluster = clusterName(settings.name, region.name);

    awsProvider(this, "aws", { settings, stack: name, region: region.name, cloudRegion: region.region });

    const accountId = settings.aws.accountId;
    if (!accountId) throw new Error(`${name}: settings have no aws.accountId (validation should have caught this)`);
    const key = new AwsRegionKey(this, "Key", {
      aliasName: cluster,
      accountId,
      region: region.region,
      logGroupNames: [controlPlaneLogGroupName(cluster), flowLogGroupName(cluster)],
    });
    this.network = new AwsNetwork(this, "Network", {
      name: cluster,
      region: region.region,
      cidr: region.network.cidr,
      zones: region.network.zones,
      clusterName: cluster,
      natGateways: region.network.natGateways,
      flowLogKmsKeyArn: key.key.arn,
      privateSubnetTags: { [KARPENTER_DISCOVERY_TAG]: cluster },
      peerAddressName: hasAlertmanagerPeer(settings, region.name) ? alertmanagerPeerAddressName(settings.name, region.name) : undefined,
    });
    this.cluster = new EksCluster(this, "Eks", {
      clusterName: cluster,
      kubernetesVersion: region.cluster.kubernetesVersion,
      subnetIds: this.network.privateSubnets.map((s) => s.id),
      kmsKeyArn: key.key.arn,
      endpointAllowedCidrs: region.cluster.endpointAllowedCidrs,
      clusterAdminArns: settings.aws.clusterAdminArns,
      systemPool: region.systemPool,
      addonVersions: addonVersionsFor(name, region.cluster.kubernetesVersion),
    });
    // GPU pools are Karpenter NodePools (platform stack); here its IAM, queue and discovery tags.
    this.karpenter = new KarpenterAwsResources(this, "Karpenter", {
      clusterName: cluster,
      clusterArn: this.cluster.cluster.arn,
      region: region.region,
      oidcProviderArn: this.cluster.oidcProvider.arn,
      oidcIssuerUrl: this.cluster.cluster.identity.get(0).oidc.get(0).issuer,
      clusterSecurityGroupId: this.cluster.clusterSecurityGroupId,
      kmsKeyArn: key.key.arn,
      nodeRoleName: karpenterNodeRoleName(settings.name, region.name),
      controllerRoleName: karpenterControllerRoleName(settings.name, region.name),
      queueName: karpenterQueueName(settings.name, region.name),
      dependsOn: [this.cluster.cluster],
    });
    this.modelStore = new S3ModelStore(this, "ModelStore", { bucketName: modelBucketName(settings.name, region.name), kmsKeyArn: key.key.arn });

    new TerraformOutput(this, "cluster_name", { value: this.cluster.cluster.name });
    new TerraformOutput(this, "oidc_provider_arn", { value: this.cluster.oidcProvider.arn });
    new TerraformOutput(this, "kms_key_arn", { value: key.key.arn });
    new TerraformOutput(this, "vpc_id", { value: this.network.vpc.id });
    new TerraformOutput(this, "model_bucket", { value: this.modelStore.bucket.bucket });
    new TerraformOutput(this, "egress_ips", { value: this.network.natEips.map((e) => e.publicIp) });
    new TerraformOutput(this, "serving_eip_allocation_ids", { value: this.network.servingEips.map((e) => e.allocationId) });
    new TerraformOutput(this, "serving_ips", { value: this.network.servingEips.map((e) => e.publicIp) });
    // The other hub's platform stack reads it: its Alertmanager gossips with, and its Prometheus alerts, this address.
    if (this.network.peerEip) new TerraformOutput(this, "alertmanager_peer_ip", { value: this.network.peerEip.publicIp });
    new TerraformOutput(this, "public_subnet_ids", { value: this.network.publicSubnets.map((s) => s.id) });
  }
}
