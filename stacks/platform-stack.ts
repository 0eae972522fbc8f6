import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { healthCheckerCidrs } from "../catalog/health-checkers";
import { clusterName, modelBucketName, modelReaderServiceAccountId, stackNames } from "../config/names";
import type { ClusterAccess } from "../constructs/cluster-access";
import { EksClusterAccess } from "../constructs/eks-cluster-access";
import { GkeClusterAccess } from "../constructs/gke-cluster-access";
import { GkeCosDriverInstaller, needsCosDriverInstaller } from "../constructs/gke-cos-driver-installer";
import { DEFAULT_SERVICE_MONITOR_LABELS, GpuOperator } from "../constructs/gpu-operator";
import { KubeRayOperator } from "../constructs/kuberay-operator";
import { LlmServing } from "../constructs/llm-serving";
import type { ClusterStackProps } from "./aws-cluster-stack";
import { configureBackend } from "./backend";

/** Props of {@link PlatformStack}: the same as the cluster stack's. */
export type PlatformStackProps = ClusterStackProps;

/**
 * `<region>-platform`: what turns a region's cluster into an LLM serving region: on GKE
 * regions whose GPU pools do not get the driver from GKE, Google's COS driver installer; the
 * GPU Operator, the KubeRay operator (with its CRDs kept at its version), a RayService
 * per model behind a TLS router, and the load-balanced OpenAI API on the region's static
 * address. Reaches the cluster by looking it up by name (never from a resource of this
 * stack), so it is applied after `<region>-cluster`; the app declares that dependency.
 */
export class PlatformStack extends TerraformStack {
  readonly access: ClusterAccess;
  readonly gpuOperator: GpuOperator;
  /** Google's COS driver installer, on GKE regions whose pools leave the driver to the GPU Operator layer. */
  readonly cosDriverInstaller?: GkeCosDriverInstaller;
  readonly kuberay: KubeRayOperator;
  readonly serving: LlmServing;

  constructor(scope: Construct, props: PlatformStackProps) {
    const { settings, region } = props;
    const name = stackNames.platform(region.name);
    super(scope, name);
    configureBackend(this, settings.stateBackend, name, props.localStateDir);
    const cluster = clusterName(settings.name, region.name);
    const bucket = modelBucketName(settings.name, region.name);

    // The one place this layer branches on the cloud.
    if (region.cloud === "aws") {
      new AwsProvider(this, "aws", {
        region: region.region,
        defaultTags: [{ tags: { ...settings.tags, "llm-platform.dev/region": region.name, "llm-platform.dev/stack": name } }],
      });
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
      new GoogleProvider(this, "google", { project: gcp.projectId, region: region.region });
      this.access = new GkeClusterAccess(this, "Cluster", {
        clusterName: cluster,
        project: gcp.projectId,
        region: region.region,
        modelBucketName: bucket,
        servingAddressName: `${cluster}-serving`,
        modelReaderAccountId: modelReaderServiceAccountId(settings.name, region.name),
      });
    }

    if (needsCosDriverInstaller(region)) {
      this.cosDriverInstaller = new GkeCosDriverInstaller(this, "CosDriverInstaller", { kubeconfigCommand: this.access.kubeconfigCommand });
    }
    this.gpuOperator = new GpuOperator(this, "GpuOperator", {
      regionName: region.name,
      cloud: region.cloud,
      pools: region.gpuPools,
      serviceMonitorLabels: DEFAULT_SERVICE_MONITOR_LABELS,
      dependsOn: this.cosDriverInstaller ? [this.cosDriverInstaller.daemonSet] : [],
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
