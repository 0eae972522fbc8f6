import type { HelmValues } from "../common";
import { hubAlertRules, type HubAlertOptions } from "./alert-rules";
import { alertmanagerClusterSpec, alertmanagerConfig, peerAlertmanagerConfigs, type AlertmanagerClusterInput, type AlertReceiver, type PeerAlertingInput } from "./alertmanager";
import { federationScrapeConfigs, type FederatedRegion } from "./federation-jobs";
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

/** How long and how much a Prometheus keeps: the same for the regional and the hub release. */
export interface PrometheusRetention {
  /** Days of samples kept. */
  readonly retentionDays: number;
  /** Size of each Prometheus's volume; size-based retention starts at 85% of it. */
  readonly storageGiB: number;
}

/** Storage, retention and the selectors both releases share. */
function prometheusSpec(release: string, retention: PrometheusRetention, storageClassName: string | undefined): Record<string, unknown> {
  const { retentionDays, storageGiB } = retention;
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
  readonly retention: PrometheusRetention;
  readonly region: FederatedRegion;
  /** The Kubernetes cluster name, the `cluster` external label. */
  readonly clusterName: string;
  /** The cluster's Kubernetes minor version (`1.35`): the CRD upgrade job's kubectl matches it. */
  readonly kubernetesVersion: string;
  readonly storageClassName?: string;
}

/** The external labels a regional Prometheus attaches to everything it federates. */
export function externalLabels(region: FederatedRegion, clusterName: string): Record<string, string> {
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
 * The busybox tag of the CRD upgrade job. The chart (kube-prometheus-stack 88.5.3,
 * `crds.upgradeJob.image.busybox.tag`) says `latest`; docker-library/busybox `versions.json`
 * at 9c2087811429374737832a4c936fc411c1b4a22b (2026-08-03, before the chart's 2026-08-21
 * release) builds `latest` from BusyBox 1.38.0, so that is the tag pinned here.
 */
export const CRD_UPGRADE_BUSYBOX_TAG = "1.38.0";

/**
 * The kubectl tag of the CRD upgrade job for a cluster of the given minor version. The chart
 * leaves `crds.upgradeJob.image.kubectl.tag` empty and its job template
 * (`charts/crds/templates/upgrade/job.yaml`) defaults it to the API server's version,
 * `v<major>.<minor>.0` when only the minor is known; registry.k8s.io publishes a kubectl
 * image per Kubernetes release from 1.28 (kubernetes/sig-release#2260). Pinning the
 * cluster's minor keeps kubectl inside its one-minor skew policy after an upgrade.
 */
export function crdUpgradeKubectlTag(kubernetesVersion: string): string {
  if (!/^\d+\.\d+$/.test(kubernetesVersion)) throw new Error(`kubectl tag: the Kubernetes version must be <major>.<minor>, got ${JSON.stringify(kubernetesVersion)}`);
  return `v${kubernetesVersion}.0`;
}

/**
 * The chart's CRD upgrade job (a pre-upgrade hook that server-side-applies the CRDs of the
 * chart version, since Helm never upgrades CRDs), with its images pinned.
 */
export function crdUpgradeJob(kubernetesVersion: string): Record<string, unknown> {
  return {
    enabled: true,
    forceConflicts: true,
    image: {
      busybox: { tag: CRD_UPGRADE_BUSYBOX_TAG },
      kubectl: { tag: crdUpgradeKubectlTag(kubernetesVersion) },
    },
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
  };
}

/** Values of the regional release: Prometheus with external labels, storage, selectors and recording rules. */
export function regionalValues(input: RegionalValuesInput): HelmValues {
  return {
    fullnameOverride: REGIONAL_RELEASE,
    crds: { enabled: true, upgradeJob: crdUpgradeJob(input.kubernetesVersion) },
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
        ...prometheusSpec(REGIONAL_RELEASE, input.retention, input.storageClassName),
      },
      additionalPodMonitors: [rayPodMonitor()],
    },
  };
}

/** Inputs of {@link hubValues}. */
export interface HubValuesInput {
  readonly retention: PrometheusRetention;
  /** The platform's DNS zone: regions' federation endpoints are `federation.<region>.<zone>`. */
  readonly dnsZone: string;
  readonly regions: readonly FederatedRegion[];
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
  /** The Alertmanager cluster across the hubs (none on a single-hub platform). */
  readonly alertmanagerCluster?: AlertmanagerClusterInput;
  /**
   * How this hub's Prometheus reaches the other hubs' Alertmanagers; its Secret (`password`,
   * `ca.crt`) is mounted into Prometheus. None on a single-hub platform.
   */
  readonly peerAlerting?: Omit<PeerAlertingInput, "passwordFile" | "caFile"> & { readonly secretName: string };
  readonly alertOptions?: HubAlertOptions;
  readonly storageClassName?: string;
}

/**
 * Values of the hub release: a second kube-prometheus-stack that runs only the global
 * Prometheus, Alertmanager and Grafana. The regional release in the same cluster owns
 * the CRDs and the operator, which reconciles the hub's Prometheus too.
 */
export function hubValues(input: HubValuesInput): HelmValues {
  const peer = input.peerAlerting;
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
        ...(input.alertmanagerCluster ? alertmanagerClusterSpec(input.alertmanagerCluster) : {}),
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
        secrets: peer ? [input.federationClientSecretName, peer.secretName] : [input.federationClientSecretName],
        resources: MONITORING_RESOURCES.prometheus,
        // Besides its own Alertmanager (the chart's default endpoint), every other hub's.
        ...(peer ? {
          additionalAlertManagerConfigs: peerAlertmanagerConfigs({
            ...peer,
            passwordFile: `${PROMETHEUS_SECRETS_DIR}/${peer.secretName}/password`,
            caFile: `${PROMETHEUS_SECRETS_DIR}/${peer.secretName}/ca.crt`,
          }),
        } : {}),
        additionalScrapeConfigs: federationScrapeConfigs(input.regions, {
          zone: input.dnsZone,
          credentialsDir: `${PROMETHEUS_SECRETS_DIR}/${input.federationClientSecretName}`,
          inCluster: { region: input.ownRegion, url: input.ownRegionPrometheusUrl },
        }),
        ...prometheusSpec(HUB_RELEASE, input.retention, input.storageClassName),
      },
    },
  };
}
