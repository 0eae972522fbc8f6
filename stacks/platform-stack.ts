import { Construct } from "constructs";
import { Fn, TerraformOutput, TerraformStack, Token } from "cdktf";
import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { healthCheckerCidrs } from "../catalog/health-checkers";
import { KARPENTER_RELEASE } from "../catalog/karpenter";
import {
  alertmanagerPeerAddressName, azureResourceGroupName, clusterName, karpenterControllerRoleName, karpenterQueueName, modelBucketName, modelReaderIdentityName,
  modelReaderServiceAccountId, modelStorageAccountName, servingAddressName, stackNames,
} from "../config/names";
import { gpuOperatorPool, needsCosDriverInstaller } from "../config/gpu-pools";
import { loadBalancerAddress, NODE_LABELS, type ClusterAccess } from "../constructs/contracts";
import { hubMonitoringProps, regionalMonitoringProps } from "./monitoring-props";
import { EksClusterAccess } from "../constructs/aws";
import { AksClusterAccess } from "../constructs/azure";
import { computeClassScheduling, GkeClusterAccess, GkeComputeClasses, GkeCosDriverInstaller } from "../constructs/gcp";
import { GpuOperator } from "../constructs/gpu-operator";
import { EncryptedStorageClass } from "../constructs/storage";
import { Karpenter } from "../constructs/karpenter";
import { KubeRayOperator } from "../constructs/kuberay";
import { LlmServing } from "../constructs/llm-serving";
import { alertmanagerPeerHost, ObservabilityHub, REGIONAL_MONITOR_LABELS, RegionalMonitoring } from "../constructs/prometheus-federation";
import { hubRegionNames } from "../config/hubs";
import type { RegionConfig } from "../config/schema";
import { modelRoutes, spillSources } from "../config/spill";
import type { ClusterStackProps } from "./aws-cluster-stack";
import { configureBackend, remoteStateOf } from "./backend";
import { gkePoolFallbacks } from "./gke-pool-fallbacks";
import { karpenterPoolProps } from "./karpenter-pools";
import { servedModelSpecs } from "./serving-props";
import { awsProvider, azureTags, azurermProvider, googleProvider } from "./providers";

/** Props of {@link PlatformStack}. */
export interface PlatformStackProps extends ClusterStackProps {
  /** Every region: the hub federates them all, and each region admits the hub's egress. */
  readonly regions: readonly RegionConfig[];
}

/**
 * `<region>-platform`: what turns a region's cluster into an LLM serving region: on GKE
 * regions whose GPU pools do not get the driver from GKE, Google's COS driver installer; the
 * GPU Operator, the KubeRay operator (with its CRDs kept at its version), a RayService
 * per model behind a TLS router, the load-balanced OpenAI API on the region's static
 * address, and the regional Prometheus with its federation endpoint (plus, in the hub
 * region, the global Prometheus, Grafana and Alertmanager). Reaches the cluster by looking
 * it up by name (never from a resource of this stack), so it is applied after
 * `<region>-cluster`; the app declares that dependency.
 */
export class PlatformStack extends TerraformStack {
  readonly access: ClusterAccess;
  /** The encrypted StorageClass every platform volume claim names. */
  readonly storage: EncryptedStorageClass;
  readonly gpuOperator: GpuOperator;
  /** Google's COS driver installer, on GKE regions whose pools leave the driver to the GPU Operator layer. */
  readonly cosDriverInstaller?: GkeCosDriverInstaller;
  readonly kuberay: KubeRayOperator;
  readonly serving: LlmServing;
  readonly monitoring: RegionalMonitoring;
  /** In the two hub regions: the hub Prometheus, Grafana and clustered Alertmanager. */
  readonly hub?: ObservabilityHub;
  /** EKS: Karpenter and the GPU pools' NodePools. */
  readonly karpenter?: Karpenter;
  /** GKE: the GPU pools' custom ComputeClasses (their node pools are in the cluster stack). */
  readonly computeClasses?: GkeComputeClasses;

  constructor(scope: Construct, props: PlatformStackProps) {
    const { settings, region } = props;
    const name = stackNames.platform(region.name);
    super(scope, name);
    configureBackend(this, settings.stateBackend, name, props.localStateDir);
    const cluster = clusterName(settings.name, region.name);
    const bucket = modelBucketName(settings.name, region.name);

    // The one place this layer branches on the cloud.
    if (region.cloud === "aws") {
      awsProvider(this, "aws", { settings, stack: name, region: region.name, cloudRegion: region.region });
      this.access = new EksClusterAccess(this, "Cluster", {
        clusterName: cluster,
        region: region.region,
        modelBucketName: bucket,
        kmsAliasName: cluster,
        zones: region.network.zones,
      });
      // GPU capacity: Karpenter, with the role and queue the cluster layer created (found by name).
      const controllerRole = new DataAwsIamRole(this, "KarpenterControllerRole", { name: karpenterControllerRoleName(settings.name, region.name) });
      const key = new DataAwsKmsAlias(this, "RegionKey", { name: `alias/${cluster}` });
      this.karpenter = new Karpenter(this, "Karpenter", {
        chart: KARPENTER_RELEASE,
        clusterName: cluster,
        controllerRoleArn: controllerRole.arn,
        interruptionQueueName: karpenterQueueName(settings.name, region.name),
        systemNodeLabels: { [NODE_LABELS.pool]: "system" },
        pools: karpenterPoolProps(settings, region, key.targetKeyArn),
      });
    } else if (region.cloud === "azure") {
      const azure = settings.azure;
      if (!azure) throw new Error(`${name}: platform settings have no azure section (validation should have caught this)`);
      azurermProvider(this, "azurerm", { subscriptionId: azure.subscriptionId, tenantId: azure.tenantId });
      this.access = new AksClusterAccess(this, "Cluster", {
        clusterName: cluster,
        resourceGroupName: azureResourceGroupName(settings.name, region.name),
        location: region.region,
        storageAccountName: modelStorageAccountName(settings.name, region.name),
        servingAddressName: servingAddressName(settings.name, region.name),
        modelReaderIdentityName: modelReaderIdentityName(settings.name, region.name),
        tags: azureTags({ settings, stack: name, region: region.name }),
      });
    } else {
      const gcp = settings.gcp;
      if (!gcp) throw new Error(`${name}: platform settings have no gcp section (validation should have caught this)`);
      googleProvider(this, "google", { settings, stack: name, region: region.name, cloudRegion: region.region, project: gcp.projectId });
      this.access = new GkeClusterAccess(this, "Cluster", {
        clusterName: cluster,
        project: gcp.projectId,
        region: region.region,
        modelBucketName: bucket,
        servingAddressName: servingAddressName(settings.name, region.name),
        modelReaderAccountId: modelReaderServiceAccountId(settings.name, region.name),
      });
      // GPU capacity: each pool's ComputeClass orders the node pools the cluster layer made.
      this.computeClasses = new GkeComputeClasses(this, "ComputeClasses", {
        classes: region.gpuPools.map((pool) => gkePoolFallbacks(settings, region, pool).computeClassSpec),
      });
    }

    // The federation endpoint admits only the two hubs' static egress addresses, read from
    // their cluster stacks' state (the app orders those stacks first).
    const hubs = hubRegionNames(settings);
    const hubStates = new Map(hubs.map((h) => [h, remoteStateOf(this, `HubClusterState-${h}`, settings.stateBackend, stackNames.cluster(h), props.localStateDir)] as const));
    const egress = new Map(hubs.map((h) => [h, Fn.formatlist("%s/32", [hubStates.get(h)!.getList("egress_ips")])] as const));
    // Every claim the platform makes names this class (EKS >= 1.30 has no default class).
    this.storage = new EncryptedStorageClass(this, "Storage", this.access.encryptedStorage);
    this.monitoring = new RegionalMonitoring(this, "Monitoring", {
      ...regionalMonitoringProps(settings, region),
      storageClassName: this.storage.storageClassName,
      hubEgressCidrs: Token.asList(Fn.concat([...egress.values()])),
      loadBalancer: this.access.loadBalancer,
    });
    new TerraformOutput(this, "federation_endpoint", {
      value: this.monitoring.federation.loadBalancerAddress,
      description: `Load balancer of ${this.monitoring.federationHost}; the global stack points that name at it.`,
    });
    if (hubs.includes(region.name)) {
      const others = hubs.filter((h) => h !== region.name);
      this.hub = new ObservabilityHub(this, "ObservabilityHub", {
        ...hubMonitoringProps(settings, props.regions),
        regionalMonitoring: this.monitoring,
        storageClassName: this.storage.storageClassName,
        receiver: requireReceiver(settings.observability.alertReceiver, name),
        // The other hubs' reserved peer addresses, from their cluster stacks' state (the app
        // orders those stacks first); this hub's own, looked up by name, is what it advertises.
        alertmanagerPeers: others.map((h) => hubStates.get(h)!.getString("alertmanager_peer_ip")),
        peerLoadBalancer: others.length > 0 ? this.access.reservedLoadBalancer(this, "AlertmanagerPeerAddress", alertmanagerPeerAddressName(settings.name, region.name)) : undefined,
        peerSourceCidrs: Token.asList(Fn.concat(others.map((h) => egress.get(h)!))),
        alertmanagerClusterLabel: `${settings.name}-alerts`,
      });
      const peer = this.hub.alertmanagerPeerService;
      if (peer) new TerraformOutput(this, "alertmanager_peer_endpoint", {
        value: loadBalancerAddress(peer, this.access.loadBalancer),
        description: `Load balancer of ${alertmanagerPeerHost(region.name, settings.dns.zone)}; the global stack points that name at it.`,
      });
    }

    if (needsCosDriverInstaller(region.cloud, region.gpuPools)) {
      this.cosDriverInstaller = new GkeCosDriverInstaller(this, "CosDriverInstaller", { kubeconfigCommand: this.access.kubeconfigCommand });
    }
    this.gpuOperator = new GpuOperator(this, "GpuOperator", {
      regionName: region.name,
      pools: region.gpuPools.map((p) => gpuOperatorPool(region.cloud, p)),
      serviceMonitorLabels: REGIONAL_MONITOR_LABELS,
      criticalPriorityQuota: this.access.criticalPodsNeedQuota,
      // The DCGM ServiceMonitor needs the CRD that kube-prometheus-stack installs; on GKE
      // COS the driver installer must run first.
      dependsOn: [this.monitoring.release, ...(this.cosDriverInstaller ? [this.cosDriverInstaller.daemonSet] : [])],
    });
    this.kuberay = new KubeRayOperator(this, "KubeRay", { kubeconfigCommand: this.access.kubeconfigCommand });
    // Peer routers spill into this region from their clusters' egress addresses, read
    // from their cluster stacks' state (the app orders those stacks first).
    const fqdn = `${settings.dns.recordName}.${settings.dns.zone}`;
    const peerScope = new Construct(this, "SpillPeers");
    const peerEgress = spillSources(props.regions, region.name, fqdn).map((peer) => Token.asList(egress.get(peer)
      ?? Fn.formatlist("%s/32", [remoteStateOf(peerScope, peer, settings.stateBackend, stackNames.cluster(peer), props.localStateDir).getList("egress_ips")])));
    const staticSources = [...region.serving.allowedSourceCidrs, ...healthCheckerCidrs(settings.dns.authority)];
    this.serving = new LlmServing(this, "Serving", {
      access: this.access,
      // GKE: workers select their pool's ComputeClass and tolerate its taint.
      models: servedModelSpecs(region).map((m) => this.computeClasses ? { ...m, pool: { ...m.pool, ...computeClassScheduling(m.pool.name) } } : m),
      regionName: region.name,
      modelRoutes: modelRoutes(props.regions, region.name, fqdn),
      healthPath: settings.traffic.healthCheck.path,
      allowedSourceCidrs: peerEgress.length === 0 ? staticSources : Token.asList(Fn.concat([staticSources, ...peerEgress])),
      dependsOn: [this.kuberay.release, this.gpuOperator.release, ...(this.computeClasses ? [this.computeClasses.release] : [])],
    });

    new TerraformOutput(this, "health_path", { value: settings.traffic.healthCheck.path });
  }
}

function requireReceiver<T>(receiver: T | undefined, stack: string): T {
  if (!receiver) throw new Error(`${stack}: observability.alertReceiver is not set (validation should have caught this)`);
  return receiver;
}
