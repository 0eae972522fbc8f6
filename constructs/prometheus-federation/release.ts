import type { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { helmValuesYaml, RELEASE_POLICY } from "../common";
import { KUBE_PROMETHEUS_STACK_CHART, type HelmValues } from "./values";

/** What differs between the regional and the hub release. */
export interface KubePrometheusStackReleaseOptions {
  readonly name: string;
  readonly namespace: string;
  readonly values: HelmValues;
  readonly timeoutSeconds: number;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A pinned kube-prometheus-stack release under the platform's release policy (atomic,
 * cleanup on fail, bounded history), with its own wait limit.
 */
export function kubePrometheusStackRelease(scope: Construct, id: string, opts: KubePrometheusStackReleaseOptions): Release {
  return new Release(scope, id, {
    name: opts.name,
    namespace: opts.namespace,
    createNamespace: true,
    repository: KUBE_PROMETHEUS_STACK_CHART.repository,
    chart: KUBE_PROMETHEUS_STACK_CHART.chart,
    version: KUBE_PROMETHEUS_STACK_CHART.version,
    values: [helmValuesYaml(opts.values)],
    ...RELEASE_POLICY,
    timeout: opts.timeoutSeconds,
    dependsOn: opts.dependsOn,
  });
}
