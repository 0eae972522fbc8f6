import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import type { GpuPoolConfig } from "../../config/schema";
import { helmValuesYaml, projectPath, RELEASE_POLICY } from "../common";
import { gpuOperatorValues, readGpuOperatorLayers, type GpuOperatorLayers, type HelmValues } from "./values";

/** The chart this construct installs, pinned; test/reference-pins.test.ts fails unless reference/chart-values/ holds its defaults. */
export const GPU_OPERATOR_CHART = {
  repository: "https://helm.ngc.nvidia.com/nvidia",
  chart: "gpu-operator",
  version: "v26.7.0",
} as const;

/** Props of {@link GpuOperator}. */
export interface GpuOperatorProps {
  /** The region's name: selects `helm-values/gpu-operator/regions/<name>.yaml` when it exists. */
  readonly regionName: string;
  readonly cloud: "aws" | "gcp";
  /** The region's GPU pools: their node OS, driver management and sharing decide the values. */
  readonly pools: readonly GpuPoolConfig[];
  /**
   * Labels on the DCGM exporter's ServiceMonitor: the regional Prometheus's selector
   * (`REGIONAL_MONITOR_LABELS` of constructs/prometheus-federation, which owns it).
   */
  readonly serviceMonitorLabels: Readonly<Record<string, string>>;
  /** @default "gpu-operator" */
  readonly namespace?: string;
  /**
   * Creates a ResourceQuota admitting the critical priority classes in the namespace,
   * which some clusters (GKE: `ClusterAccess.criticalPodsNeedQuota`) require.
   * @default false
   */
  readonly criticalPriorityQuota?: boolean;
  /** A last values layer, after the region's YAML layer. @default - none */
  readonly valueOverrides?: HelmValues;
  /** The YAML layers. @default - read from `helm-values/gpu-operator/` */
  readonly layers?: GpuOperatorLayers;
  /**
   * What must exist before the release: the GKE COS driver installer, the release that
   * installs the ServiceMonitor CRD (Helm fails on a ServiceMonitor whose CRD is missing).
   * @default - only the namespace (and the GKE quota)
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The NVIDIA GPU Operator, configured for the node OS of the region's GPU pools (EKS
 * AL2023 or Bottlerocket NVIDIA, GKE COS with the driver from GKE or not), with GPU
 * sharing from the pool config and the DCGM exporter scraped by the regional Prometheus.
 * On GKE it also creates the ResourceQuota that lets the operands use the critical
 * priority classes outside kube-system.
 */
export class GpuOperator extends Construct {
  readonly namespace: NamespaceV1;
  readonly release: Release;
  /** The merged chart values, as passed to Helm. */
  readonly values: HelmValues;

  constructor(scope: Construct, id: string, props: GpuOperatorProps) {
    super(scope, id);
    const namespace = props.namespace ?? "gpu-operator";
    const layers = props.layers ?? readGpuOperatorLayers(projectPath("helm-values", "gpu-operator"));
    this.values = gpuOperatorValues(layers, {
      regionName: props.regionName,
      cloud: props.cloud,
      pools: props.pools,
      serviceMonitorLabels: props.serviceMonitorLabels,
      overrides: props.valueOverrides,
    });

    this.namespace = new NamespaceV1(this, "Namespace", {
      // Operands are privileged by nature (driver, toolkit, device plugin on the host).
      metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "privileged" } },
    });
    const dependsOn: ITerraformDependable[] = [this.namespace, ...(props.dependsOn ?? [])];
    if (props.criticalPriorityQuota ?? false) {
      // GKE admits system-node-critical / system-cluster-critical pods outside kube-system
      // only in namespaces with a quota for them (NVIDIA's GKE page, step "ResourceQuota").
      dependsOn.push(new ResourceQuotaV1(this, "CriticalPriorityQuota", {
        metadata: { name: "gpu-operator-quota", namespace },
        spec: {
          hard: { pods: "100" },
          scopeSelector: {
            matchExpression: [{ operator: "In", scopeName: "PriorityClass", values: ["system-node-critical", "system-cluster-critical"] }],
          },
        },
        dependsOn: [this.namespace],
      }));
    }

    this.release = new Release(this, "Release", {
      name: "gpu-operator",
      namespace,
      ...GPU_OPERATOR_CHART,
      ...RELEASE_POLICY,
      values: [helmValuesYaml(this.values)],
      dependsOn,
    });
  }
}
