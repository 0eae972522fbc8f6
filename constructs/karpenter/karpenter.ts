import { Construct } from "constructs";
import { AssetType, TerraformAsset, type ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import type { HelmValues } from "../gpu-operator/values";
import { helmValuesYaml, RELEASE_POLICY } from "../common/helm-release-policy";
import { projectPath } from "../common/project-files";
import { ec2NodeClassManifest, nodePoolManifest, type KarpenterGpuPoolProps, type KarpenterObject } from "./manifests";

/** The pinned Karpenter charts (both published at the release version). */
export interface KarpenterChart {
  /** `oci://public.ecr.aws/karpenter` */
  readonly repository: string;
  /** Chart version of `karpenter-crd` and `karpenter` (`1.14.1`). */
  readonly version: string;
}

/** Props of {@link Karpenter}. */
export interface KarpenterProps {
  readonly chart: KarpenterChart;
  readonly clusterName: string;
  /** The controller's IAM role (IRSA), created by the cluster layer. */
  readonly controllerRoleArn: string;
  /** The SQS interruption queue's name. */
  readonly interruptionQueueName: string;
  /** Labels of the system node group; the controller runs only there, never on nodes it manages. */
  readonly systemNodeLabels: Readonly<Record<string, string>>;
  /** One entry per GPU pool: its EC2NodeClass and NodePool. */
  readonly pools: readonly KarpenterGpuPoolProps[];
  /** @default "kube-system" - where upstream's getting-started installs it */
  readonly namespace?: string;
  /** @default "karpenter" - must match the service account the controller role trusts */
  readonly serviceAccountName?: string;
  /** @default - nothing: what must be installed before the CRDs */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The controller's chart values: IRSA annotation, cluster and queue, and a required
 * affinity to the system node group on top of the chart's own (not on Karpenter nodes,
 * one per host). Every key path exists in the chart's default values (tested).
 */
export function karpenterValues(p: Pick<KarpenterProps, "clusterName" | "controllerRoleArn" | "interruptionQueueName" | "systemNodeLabels" | "serviceAccountName">): HelmValues {
  return {
    serviceAccount: { name: p.serviceAccountName ?? "karpenter", annotations: { "eks.amazonaws.com/role-arn": p.controllerRoleArn } },
    settings: { clusterName: p.clusterName, interruptionQueue: p.interruptionQueueName },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: "karpenter.sh/nodepool", operator: "DoesNotExist" },
              ...Object.entries(p.systemNodeLabels).map(([key, value]) => ({ key, operator: "In", values: [value] })),
            ],
          }],
        },
      },
    },
    // Upstream's recommended sizing (getting-started step08: 1 CPU, 1Gi); memory limit = request.
    controller: { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } },
  };
}

/**
 * Karpenter in the platform layer: the CRDs from the `karpenter-crd` chart (its templates
 * upgrade with the chart, unlike a chart's `crds/` folder), the controller with `skipCrds`,
 * and the GPU pools' EC2NodeClasses and NodePools through a thin local chart applied after both.
 */
export class Karpenter extends Construct {
  readonly crds: Release;
  readonly controller: Release;
  readonly nodePools: Release;
  /** Every EC2NodeClass and NodePool applied, in order. */
  readonly manifests: readonly KarpenterObject[];
  readonly values: HelmValues;

  constructor(scope: Construct, id: string, props: KarpenterProps) {
    super(scope, id);
    const namespace = props.namespace ?? "kube-system";
    this.values = karpenterValues(props);
    this.manifests = props.pools.flatMap((p) => [ec2NodeClassManifest(p), nodePoolManifest(p)]);

    this.crds = new Release(this, "Crds", {
      name: "karpenter-crd",
      namespace,
      repository: props.chart.repository,
      chart: "karpenter-crd",
      version: props.chart.version,
      ...RELEASE_POLICY,
      dependsOn: props.dependsOn,
    });
    this.controller = new Release(this, "Controller", {
      name: "karpenter",
      namespace,
      repository: props.chart.repository,
      chart: "karpenter",
      version: props.chart.version,
      skipCrds: true,
      ...RELEASE_POLICY,
      values: [helmValuesYaml(this.values)],
      dependsOn: [this.crds],
    });
    const chart = new TerraformAsset(this, "NodePoolsChart", { path: projectPath("charts", "karpenter-node-pools"), type: AssetType.DIRECTORY });
    this.nodePools = new Release(this, "NodePools", {
      name: "karpenter-node-pools",
      namespace,
      chart: chart.path,
      // The local chart's version is fixed; its content is pinned by this repository's commit.
      version: "1.0.0",
      ...RELEASE_POLICY,
      values: [helmValuesYaml({ manifests: this.manifests })],
      dependsOn: [this.controller],
    });
  }
}
