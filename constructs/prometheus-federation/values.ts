import type { PlatformSettings, RegionConfig } from "../../config/schema";
import type { HelmValues } from "../common";
import { hubAlertRules, type HubAlertOptions } from "./alert-rules";
import { alertmanagerClusterSpec, alertmanagerConfig, type AlertmanagerClusterInput, type AlertReceiver } from "./alertmanager";
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
 * vLLM's engine metrics come through that port as `ray_vllm_*`.
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

/** CPU and memory of a container, as Kubernetes writes them. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}

/**
 * Requests and memory limits of the monitoring pods. They share the system nodes with
 * the Ray heads (2 CPU, 8 GiB each): requests make the scheduler count them, memory
 * limits keep a series burst from taking a head down with it (no CPU limit: throttling
 * a busy Prometheus only delays rules). Per region: operator + Prometheus + kube-state-
 * metrics ~ 0.8 CPU, 2.4 GiB; a hub adds Prometheus, Grafana and Alertmanager ~ 0.9 CPU, 2.6 GiB.
 */
export const MONITORING_RESOURCES = {
  prometheus: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } },
  operator: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
  kubeStateMetrics: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
  grafana: { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "1Gi" } },
  alertmanager: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
} as const satisfies Record<string, ContainerResources>;

/**
 * The chart's CRD upgrade job (a pre-upgrade hook that server-side-applies the CRDs of the
 * chart version, since Helm never upgrades CRDs), with its images pinned: the chart
 * defaults to busybox `latest` and a kubectl matching the cluster.
 */
export const CRD_UPGRADE_JOB = {
  enabled: true,
  forceConflicts: true,
  image: {
    busybox: { tag: "1.37.0" },
    kubectl: { tag: "v1.33.0" },
  },
  resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
} as const;

/** Values of the regional release: Prometheus with external labels, storage, selectors and recording rules. */
export function regionalValues(input: RegionalValuesInput): HelmValues {
  return {
    fullnameOverride: REGIONAL_RELEASE,
    crds: { enabled: true, upgradeJob: CRD_UPGRADE_JOB },
    prometheusOperator: { resources: MONITORING_RESOURCES.operator },
    "kube-state-metrics": { resources: MONITORING_RESOURCES.kubeStateMetrics },
    // Regions record and evaluate the chart's cluster-health rules; their firing alerts
    // reach the hubs as a federated recording rule (region:alerts:firing), so no
    // Alertmanager runs here. Dashboards live on the hubs.
    alertmanager: { enabled: false },
    grafana: { enabled: false },
    additionalPrometheusRulesMap: { "platform-region": { groups: regionalRecordingRules() } },
    prometheus: {
      prometheusSpec: {
        externalLabels: externalLabels(input.region, input.clusterName),
        resources: MONITORING_RESOURCES.prometheus,
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
  /** The hub's own region: scraped in the cluster, not through its federation endpoint. */
  readonly ownRegion: string;
  /** `http://<service>.<namespace>.svc:<port>` of the own region's Prometheus. */
  readonly ownRegionPrometheusUrl: string;
  /** The Secret with `ca.crt` and `<region>.password` for every region. */
  readonly federationClientSecretName: string;
  /** The Secret with Grafana's `admin-user` and `admin-password`. */
  readonly grafanaAdminSecretName: string;
  /** Where every alert goes. */
  readonly receiver: AlertReceiver;
  /** The Alertmanager cluster across the hubs. */
  readonly alertmanagerCluster: AlertmanagerClusterInput;
  readonly alertOptions?: HubAlertOptions;
  readonly storageClassName?: string;
}

/**
 * Values of the hub release: a second kube-prometheus-stack that runs only the global
 * Prometheus, Alertmanager and Grafana. The regional release in the same cluster owns
 * the CRDs and the operator, which reconciles the hub's Prometheus too.
 */
export function hubValues(input: HubValuesInput): HelmValues {
  return {
    fullnameOverride: HUB_RELEASE,
    crds: { enabled: false },
    prometheusOperator: { enabled: false },
    defaultRules: { create: false },
    kubernetesServiceMonitors: { enabled: false },
    kubeStateMetrics: { enabled: false },
    nodeExporter: { enabled: false },
    additionalPrometheusRulesMap: { "platform-hub": { groups: hubAlertRules(input.alertOptions) } },
    alertmanager: {
      enabled: true,
      // Rendered by the chart into the Alertmanager's configuration Secret; it holds file
      // paths only, the receiver's URL or key stays in the mounted Secret.
      config: alertmanagerConfig(input.receiver),
      alertmanagerSpec: {
        replicas: 1,
        secrets: [input.receiver.secretName],
        resources: MONITORING_RESOURCES.alertmanager,
        // A single hub (single-region platform) runs a lone Alertmanager.
        ...(input.alertmanagerCluster.peers.length > 0 ? alertmanagerClusterSpec(input.alertmanagerCluster) : {}),
      },
    },
    grafana: {
      enabled: true,
      resources: MONITORING_RESOURCES.grafana,
      // The Kubernetes dashboards would show the hub cluster only; the platform's come from ConfigMaps.
      defaultDashboardsEnabled: false,
      admin: { existingSecret: input.grafanaAdminSecretName, userKey: "admin-user", passwordKey: "admin-password" },
    },
    prometheus: {
      prometheusSpec: {
        secrets: [input.federationClientSecretName],
        resources: MONITORING_RESOURCES.prometheus,
        additionalScrapeConfigs: federationScrapeConfigs(input.regions, {
          zone: input.settings.dns.zone,
          credentialsDir: `${PROMETHEUS_SECRETS_DIR}/${input.federationClientSecretName}`,
          inCluster: { region: input.ownRegion, url: input.ownRegionPrometheusUrl },
        }),
        ...prometheusSpec(HUB_RELEASE, input.settings, input.storageClassName),
      },
    },
  };
}
