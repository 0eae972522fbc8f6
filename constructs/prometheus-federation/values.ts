import type { PlatformSettings, RegionConfig } from "../../config/schema";
import type { HelmValues } from "../common";
import { hubAlertRules, type HubAlertOptions } from "./alert-rules";
import { federationScrapeConfigs } from "./federation-jobs";
import { regionalRecordingRules } from "./recording-rules";

/**
 * kube-prometheus-stack values for the regional and the hub release, as pure functions
 * of decided inputs. Every key path set here must exist in the chart's default values
 * of the pinned version (checked by test/constructs/prometheus-federation/values.test.ts).
 */

/** The pinned kube-prometheus-stack chart. */
export const KUBE_PROMETHEUS_STACK_CHART = {
  repository: "https://prometheus-community.github.io/helm-charts",
  chart: "kube-prometheus-stack",
  version: "88.5.3",
} as const;

/**
 * The regional release name. Its value is also the `release` label that selects
 * ServiceMonitors, PodMonitors and PrometheusRules: the GPU Operator's DCGM exporter
 * ServiceMonitor must carry `release: kube-prometheus-stack`.
 */
export const REGIONAL_RELEASE = "kube-prometheus-stack";

/**
 * The labels a ServiceMonitor, PodMonitor or PrometheusRule in any namespace needs for
 * a regional Prometheus to pick it up; give them to the GPU Operator's DCGM exporter
 * ServiceMonitor (`dcgmExporter.serviceMonitor.additionalLabels`).
 */
export const REGIONAL_MONITOR_LABELS: Readonly<Record<string, string>> = { release: REGIONAL_RELEASE };

/** The hub release name, and the `release` label of what only the hub picks up. */
export const HUB_RELEASE = "global-prometheus";

/** Where Prometheus mounts the Secrets listed in `prometheusSpec.secrets`. */
export const PROMETHEUS_SECRETS_DIR = "/etc/prometheus/secrets";

/** The name of the Service in front of a release's Prometheus (fullnameOverride + `-prometheus`). */
export function prometheusServiceName(release: string): string {
  return `${release}-prometheus`;
}

/** Chart values (one type for every add-on, from constructs/common). */
export type { HelmValues } from "../common";

const selectRelease = (release: string) => ({ matchLabels: { release } });

/** Storage, retention and the selectors both releases share. */
function prometheusSpec(release: string, settings: PlatformSettings, storageClassName: string | undefined): Record<string, unknown> {
  const { retentionDays, storageGiB } = settings.observability;
  const spec: Record<string, unknown> = {
    accessModes: ["ReadWriteOnce"],
    resources: { requests: { storage: `${storageGiB}Gi` } },
  };
  if (storageClassName) spec.storageClassName = storageClassName;
  const selectors: Record<string, unknown> = {};
  for (const kind of ["serviceMonitor", "podMonitor", "rule", "probe", "scrapeConfig"]) {
    // Explicit selectors, so the release label is the contract rather than a chart default.
    selectors[`${kind}SelectorNilUsesHelmValues`] = false;
    selectors[`${kind}Selector`] = selectRelease(release);
    selectors[`${kind}NamespaceSelector`] = {};
  }
  return {
    retention: `${retentionDays}d`,
    // Size-based retention at 85% of the volume, so a burst of series cannot fill the disk
    // before time-based retention deletes old blocks.
    retentionSize: `${Math.floor(storageGiB * 0.85)}GiB`,
    storageSpec: { volumeClaimTemplate: { spec } },
    ...selectors,
  };
}

/** Inputs of {@link regionalValues}. */
export interface RegionalValuesInput {
  readonly settings: PlatformSettings;
  readonly region: Pick<RegionConfig, "name" | "cloud">;
  /** The Kubernetes cluster name, the `cluster` external label. */
  readonly clusterName: string;
  readonly storageClassName?: string;
}

/** The external labels a regional Prometheus attaches to everything it federates. */
export function externalLabels(region: Pick<RegionConfig, "name" | "cloud">, clusterName: string): Record<string, string> {
  return { region: region.name, cloud: region.cloud, cluster: clusterName };
}

/**
 * The PodMonitor for Ray head and worker pods. KubeRay labels every Ray pod
 * `ray.io/is-ray-node: "yes"` and names the metrics export port (8080) `metrics`;
 * vLLM's engine metrics come through that port as `ray_vllm:*`.
 */
export function rayPodMonitor(): Record<string, unknown> {
  return {
    name: "ray",
    selector: { matchLabels: { "ray.io/is-ray-node": "yes" } },
    namespaceSelector: { any: true },
    podMetricsEndpoints: [
      {
        port: "metrics",
        path: "/metrics",
        interval: "15s",
        relabelings: [
          { sourceLabels: ["__meta_kubernetes_pod_label_ray_io_cluster"], targetLabel: "ray_io_cluster", action: "replace" },
          { sourceLabels: ["__meta_kubernetes_pod_label_ray_io_node_type"], targetLabel: "ray_node_type", action: "replace" },
        ],
      },
    ],
  };
}

/** Values of the regional release: Prometheus with external labels, storage, selectors and recording rules. */
export function regionalValues(input: RegionalValuesInput): HelmValues {
  return {
    fullnameOverride: REGIONAL_RELEASE,
    crds: { enabled: true },
    // Regions only record; alerting and dashboards live on the hub.
    alertmanager: { enabled: false },
    grafana: { enabled: false },
    additionalPrometheusRulesMap: { "platform-region": { groups: regionalRecordingRules() } },
    prometheus: {
      prometheusSpec: {
        externalLabels: externalLabels(input.region, input.clusterName),
        ...prometheusSpec(REGIONAL_RELEASE, input.settings, input.storageClassName),
      },
      additionalPodMonitors: [rayPodMonitor()],
    },
  };
}

/** Inputs of {@link hubValues}. */
export interface HubValuesInput {
  readonly settings: PlatformSettings;
  readonly regions: readonly Pick<RegionConfig, "name" | "cloud">[];
  /** The Secret with `ca.crt` and `<region>.password` for every region. */
  readonly federationClientSecretName: string;
  /** The Secret with Grafana's `admin-user` and `admin-password`. */
  readonly grafanaAdminSecretName: string;
  /** A Secret holding `alertmanager.yaml`; unset keeps the chart's null receiver. */
  readonly alertmanagerConfigSecretName?: string;
  readonly alertOptions?: HubAlertOptions;
  readonly storageClassName?: string;
}

/**
 * Values of the hub release: a second kube-prometheus-stack that runs only the global
 * Prometheus, Alertmanager and Grafana. The regional release in the same cluster owns
 * the CRDs and the operator, which reconciles the hub's Prometheus too.
 */
export function hubValues(input: HubValuesInput): HelmValues {
  const alertmanagerSpec: Record<string, unknown> = {};
  if (input.alertmanagerConfigSecretName) {
    alertmanagerSpec.useExistingSecret = true;
    alertmanagerSpec.configSecret = input.alertmanagerConfigSecretName;
  }
  return {
    fullnameOverride: HUB_RELEASE,
    crds: { enabled: false },
    prometheusOperator: { enabled: false },
    defaultRules: { create: false },
    kubernetesServiceMonitors: { enabled: false },
    kubeStateMetrics: { enabled: false },
    nodeExporter: { enabled: false },
    additionalPrometheusRulesMap: { "platform-hub": { groups: hubAlertRules(input.alertOptions) } },
    alertmanager: { enabled: true, alertmanagerSpec },
    grafana: {
      enabled: true,
      // The Kubernetes dashboards would show the hub cluster only; the platform's come from ConfigMaps.
      defaultDashboardsEnabled: false,
      admin: { existingSecret: input.grafanaAdminSecretName, userKey: "admin-user", passwordKey: "admin-password" },
    },
    prometheus: {
      prometheusSpec: {
        secrets: [input.federationClientSecretName],
        additionalScrapeConfigs: federationScrapeConfigs(input.regions, {
          zone: input.settings.dns.zone,
          credentialsDir: `${PROMETHEUS_SECRETS_DIR}/${input.federationClientSecretName}`,
        }),
        ...prometheusSpec(HUB_RELEASE, input.settings, input.storageClassName),
      },
    },
  };
}
