import type { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { stringify } from "yaml";
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
 * A pinned kube-prometheus-stack release that rolls back a failed upgrade (atomic,
 * cleanup on fail) and keeps a short history for `helm rollback`.
 */
export function kubePrometheusStackRelease(scope: Construct, id: string, opts: KubePrometheusStackReleaseOptions): Release {
  return new Release(scope, id, {
    name: opts.name,
    namespace: opts.namespace,
    createNamespace: true,
    repository: KUBE_PROMETHEUS_STACK_CHART.repository,
    chart: KUBE_PROMETHEUS_STACK_CHART.chart,
    version: KUBE_PROMETHEUS_STACK_CHART.version,
    values: [stringify(opts.values)],
    atomic: true,
    cleanupOnFail: true,
    timeout: opts.timeoutSeconds,
    maxHistory: 5,
    dependsOn: opts.dependsOn,
  });
}
