import { Construct } from "constructs";
import { DataResource, type ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { kubectlScript, NODE_LABELS } from "../contracts";
import { helmValuesYaml, RELEASE_POLICY, type HelmValues } from "../common";

/** The KubeRay operator chart, pinned; the CRDs are applied at the same version. */
export const KUBERAY_CHART = {
  repository: "https://ray-project.github.io/kuberay-helm/",
  chart: "kuberay-operator",
  version: "1.7.0",
} as const;

/** Props of {@link KubeRayOperator}. */
export interface KubeRayOperatorProps {
  /** Shell commands writing credentials for the cluster into `$KUBECONFIG` (from the ClusterAccess). */
  readonly kubeconfigCommand: string;
  /** @default "kuberay-system" */
  readonly namespace?: string;
  /**
   * Labels for the operator's ServiceMonitor, matching the regional Prometheus's selector.
   * The chart renders the ServiceMonitor itself, so its CRD (from kube-prometheus-stack)
   * must exist before this release installs; pass labels only once it does.
   * @default - no ServiceMonitor
   */
  readonly serviceMonitorLabels?: Readonly<Record<string, string>>;
}

/** The Ray CRDs of a KubeRay release, as kustomize applies them from the tagged source. */
export function kuberayCrdSource(version: string): string {
  return `github.com/ray-project/kuberay/ray-operator/config/crd?ref=v${version}`;
}

/**
 * The shell step that keeps the Ray CRDs at the operator's version. Server-side apply,
 * because the RayCluster/RayService CRDs are too large for the last-applied annotation
 * of client-side apply; `--force-conflicts`, because Helm's first install owns the fields.
 */
export function kuberayCrdCommand(kubeconfigCommand: string, version: string): string {
  return kubectlScript(kubeconfigCommand, `kubectl apply --server-side --force-conflicts -k "${kuberayCrdSource(version)}"`);
}

/** The operator's chart values: on the system pool, bounded resources, metrics (and a ServiceMonitor when labels are given). */
export function kuberayValues(serviceMonitorLabels?: Readonly<Record<string, string>>): HelmValues {
  return {
    nodeSelector: { [NODE_LABELS.pool]: "system" },
    resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    metrics: serviceMonitorLabels
      ? { enabled: true, serviceMonitor: { enabled: true, additionalLabels: { ...serviceMonitorLabels } } }
      : { enabled: true },
  };
}

/**
 * The KubeRay operator with its CRDs kept at the chart's version. Helm installs CRDs
 * from a chart's `crds/` folder once and never upgrades them, so a chart upgrade alone
 * would leave old CRDs that silently prune new fields. Here Helm skips CRDs entirely and
 * a `terraform_data` step applies the CRDs of the same tag with `kubectl apply
 * --server-side` whenever the version changes (and on first apply), before the operator
 * release is upgraded. The CRDs are never deleted by Terraform: deleting them would
 * delete every RayService.
 */
export class KubeRayOperator extends Construct {
  readonly crds: DataResource;
  readonly release: Release;
  readonly values: HelmValues;

  constructor(scope: Construct, id: string, props: KubeRayOperatorProps) {
    super(scope, id);
    const namespace = props.namespace ?? "kuberay-system";
    this.values = kuberayValues(props.serviceMonitorLabels);

    const ns = new NamespaceV1(this, "Namespace", {
      metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
    });
    this.crds = new DataResource(this, "Crds", {
      triggersReplace: { version: KUBERAY_CHART.version },
      provisioners: [{
        type: "local-exec",
        interpreter: ["/bin/bash", "-c"],
        command: kuberayCrdCommand(props.kubeconfigCommand, KUBERAY_CHART.version),
      }],
    });
    const dependsOn: ITerraformDependable[] = [ns, this.crds];
    this.release = new Release(this, "Release", {
      name: "kuberay-operator",
      namespace,
      ...KUBERAY_CHART,
      ...RELEASE_POLICY,
      skipCrds: true,
      values: [helmValuesYaml(this.values)],
      dependsOn,
    });
  }
}
