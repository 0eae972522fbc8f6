import { Construct } from "constructs";
import { Fn, TerraformOutput, TerraformStack, Token } from "cdktf";
import { healthCheckerCidrs } from "../catalog/health-checkers";
import { clusterName, modelBucketName, modelReaderServiceAccountId, servingAddressName, stackNames } from "../config/names";
import { needsCosDriverInstaller } from "../config/gpu-pools";
import type { ClusterAccess } from "../constructs/contracts";
import { EksClusterAccess } from "../constructs/aws";
import { GkeClusterAccess, GkeCosDriverInstaller } from "../constructs/gcp";
import { GpuOperator } from "../constructs/gpu-operator";
import { KubeRayOperator } from "../constructs/kuberay";
import { LlmServing } from "../constructs/llm-serving";
import { ObservabilityHub, REGIONAL_MONITOR_LABELS, RegionalMonitoring } from "../constructs/prometheus-federation";
import type { RegionConfig } from "../config/schema";
import type { ClusterStackProps } from "./aws-cluster-stack";
import { configureBackend, remoteStateOf } from "./backend";
import { awsProvider, googleProvider } from "./providers";

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
  readonly gpuOperator: GpuOperator;
  /** Google's COS driver installer, on GKE regions whose pools leave the driver to the GPU Operator layer. */
  readonly cosDriverInstaller?: GkeCosDriverInstaller;
  readonly kuberay: KubeRayOperator;
  readonly serving: LlmServing;
  readonly monitoring: RegionalMonitoring;
  readonly hub?: ObservabilityHub;

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
    }

    // The federation endpoint admits only the hub's static egress addresses, read from
    // the hub's cluster stack state (the app orders that stack first).
    const hubRegion = props.regions.find((r) => r.observabilityHub);
    if (!hubRegion) throw new Error(`${name}: no region is the observability hub (validation should have caught this)`);
    const hubCluster = remoteStateOf(this, "HubClusterState", settings.stateBackend, stackNames.cluster(hubRegion.name), props.localStateDir);
    this.monitoring = new RegionalMonitoring(this, "Monitoring", {
      settings,
      region,
      hubEgressCidrs: Token.asList(Fn.formatlist("%s/32", [hubCluster.getList("egress_ips")])),
    });
    new TerraformOutput(this, "federation_endpoint", {
      value: this.monitoring.federation.loadBalancerAddress,
      description: `Load balancer of ${this.monitoring.federationHost}; the global stack points that name at it.`,
    });
    if (region.observabilityHub) {
      this.hub = new ObservabilityHub(this, "ObservabilityHub", { settings, regions: props.regions, regionalMonitoring: this.monitoring });
    }

    if (needsCosDriverInstaller(region.cloud, region.gpuPools)) {
      this.cosDriverInstaller = new GkeCosDriverInstaller(this, "CosDriverInstaller", { kubeconfigCommand: this.access.kubeconfigCommand });
    }
    this.gpuOperator = new GpuOperator(this, "GpuOperator", {
      regionName: region.name,
      cloud: region.cloud,
      pools: region.gpuPools,
      serviceMonitorLabels: REGIONAL_MONITOR_LABELS,
      criticalPriorityQuota: this.access.criticalPodsNeedQuota,
      // The DCGM ServiceMonitor needs the CRD that kube-prometheus-stack installs; on GKE
      // COS the driver installer must run first.
      dependsOn: [this.monitoring.release, ...(this.cosDriverInstaller ? [this.cosDriverInstaller.daemonSet] : [])],
    });
    this.kuberay = new KubeRayOperator(this, "KubeRay", { kubeconfigCommand: this.access.kubeconfigCommand });
    this.serving = new LlmServing(this, "Serving", {
      access: this.access,
      region,
      healthPath: settings.traffic.healthCheck.path,
      allowedSourceCidrs: [...region.serving.allowedSourceCidrs, ...healthCheckerCidrs(settings.dns.authority)],
      dependsOn: [this.kuberay.release, this.gpuOperator.release],
    });

    new TerraformOutput(this, "health_path", { value: settings.traffic.healthCheck.path });
  }
}
