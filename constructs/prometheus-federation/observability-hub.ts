import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { PlatformSettings, RegionConfig } from "../../config/schema";
import type { HubAlertOptions } from "./alert-rules";
import { gpuFleetDashboard, llmServingDashboard } from "./dashboards";
import type { RegionalMonitoring } from "./regional-monitoring";
import { kubePrometheusStackRelease } from "./release";
import { HUB_RELEASE, hubValues } from "./values";

/** Properties of {@link ObservabilityHub}. */
export interface ObservabilityHubProps {
  readonly settings: PlatformSettings;
  /** Every region of the platform, the hub's included: one federation job each. */
  readonly regions: readonly RegionConfig[];
  /** The hub region's own monitoring, whose operator and CRDs the hub release uses. */
  readonly regionalMonitoring: RegionalMonitoring;
  /** @default "monitoring-hub" */
  readonly namespace?: string;
  /**
   * A pre-existing Secret in {@link namespace} with `ca.crt` (the CA of the regions'
   * federation certificates) and one `<region>.password` per region.
   * @default "federation-client"
   */
  readonly federationClientSecretName?: string;
  /**
   * A pre-existing Secret in {@link namespace} with `admin-user` and `admin-password`.
   * @default "grafana-admin"
   */
  readonly grafanaAdminSecretName?: string;
  /** @default - the chart's Alertmanager configuration (a null receiver) */
  readonly alertmanagerConfigSecretName?: string;
  /** @default - the thresholds documented on HubAlertOptions */
  readonly alertOptions?: HubAlertOptions;
  /** @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** @default 900 - seconds Helm waits for the release to become ready */
  readonly helmTimeoutSeconds?: number;
}

/**
 * The observability hub: a global Prometheus that federates every region, Alertmanager
 * with the cross-region alerts, and Grafana with the platform's dashboards.
 */
export class ObservabilityHub extends Construct {
  /** The hub's kube-prometheus-stack release. */
  readonly release: Release;
  /** One ConfigMap per provisioned Grafana dashboard, by dashboard uid. */
  readonly dashboards: Record<string, ConfigMapV1> = {};

  constructor(scope: Construct, id: string, props: ObservabilityHubProps) {
    super(scope, id);
    const namespace = props.namespace ?? "monitoring-hub";
    const values = hubValues({
      settings: props.settings,
      regions: props.regions,
      federationClientSecretName: props.federationClientSecretName ?? "federation-client",
      grafanaAdminSecretName: props.grafanaAdminSecretName ?? "grafana-admin",
      alertmanagerConfigSecretName: props.alertmanagerConfigSecretName,
      alertOptions: props.alertOptions,
      storageClassName: props.storageClassName,
    });
    this.release = kubePrometheusStackRelease(this, "Release", {
      name: HUB_RELEASE,
      namespace,
      values,
      timeoutSeconds: props.helmTimeoutSeconds ?? 900,
      // The regional release installs the CRDs and runs the operator that reconciles the hub.
      dependsOn: [props.regionalMonitoring.release],
    });

    for (const [cid, dashboard] of [["GpuFleet", gpuFleetDashboard()], ["LlmServing", llmServingDashboard()]] as const) {
      this.dashboards[dashboard.uid] = new ConfigMapV1(this, cid, {
        metadata: {
          name: `dashboard-${dashboard.uid}`,
          namespace,
          // The label Grafana's dashboard sidecar watches (chart default).
          labels: { grafana_dashboard: "1" },
        },
        data: { [`${dashboard.uid}.json`]: JSON.stringify(dashboard, null, 1) },
        dependsOn: [this.release],
      });
    }
  }
}
