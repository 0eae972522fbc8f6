import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { PlatformSettings, RegionConfig } from "../../config/schema";
import type { HubAlertOptions } from "./alert-rules";
import { ALERTMANAGER_CLUSTER_PORT, type AlertReceiver } from "./alertmanager";
import { checkFederationSourceCidrs } from "./federation-endpoint";
import { gpuFleetDashboard, llmServingDashboard } from "./dashboards";
import type { RegionalMonitoring } from "./regional-monitoring";
import { kubePrometheusStackRelease } from "./release";
import { HUB_RELEASE, hubValues, prometheusServiceName, REGIONAL_RELEASE } from "./values";

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
  /** Where the Alertmanager sends every alert (its Secret is created out of band). */
  readonly receiver: AlertReceiver;
  /** `host:port` of the other hubs' Alertmanager peer endpoints. */
  readonly alertmanagerPeers: readonly string[];
  /**
   * The other hubs' egress addresses as CIDRs (literal or a list token): the only sources
   * the peer load balancer accepts.
   */
  readonly peerSourceCidrs: string[];
  /** Identifies the Alertmanager cluster; peers with another label are refused. */
  readonly alertmanagerClusterLabel: string;
  /**
   * A pre-existing Secret in {@link namespace} with `ca.crt`, `tls.crt` and `tls.key` for the
   * peers' mutual TLS (one CA for all hubs; each certificate has the SAN `alertmanager-peer`).
   * @default "alertmanager-cluster-tls"
   */
  readonly alertmanagerClusterTlsSecretName?: string;
  /** @default {} - annotations of the peer load balancer Service (the cloud's load balancer type) */
  readonly peerLoadBalancerAnnotations?: Record<string, string>;
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
  /** The source-restricted load balancer the other hubs' Alertmanagers gossip with (none without peers). */
  readonly alertmanagerPeerService?: ServiceV1;

  constructor(scope: Construct, id: string, props: ObservabilityHubProps) {
    super(scope, id);
    const namespace = props.namespace ?? "monitoring-hub";
    const clustered = props.alertmanagerPeers.length > 0;
    if (clustered) checkFederationSourceCidrs(props.peerSourceCidrs);
    const values = hubValues({
      settings: props.settings,
      regions: props.regions,
      ownRegion: props.regionalMonitoring.regionName,
      ownRegionPrometheusUrl: `http://${prometheusServiceName(REGIONAL_RELEASE)}.${props.regionalMonitoring.namespace}.svc:9090`,
      federationClientSecretName: props.federationClientSecretName ?? "federation-client",
      grafanaAdminSecretName: props.grafanaAdminSecretName ?? "grafana-admin",
      receiver: props.receiver,
      alertmanagerCluster: {
        peers: props.alertmanagerPeers,
        tlsSecretName: props.alertmanagerClusterTlsSecretName ?? "alertmanager-cluster-tls",
        clusterLabel: props.alertmanagerClusterLabel,
      },
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

    // Gossip over TLS runs on TCP only; the other hubs dial this port.
    if (clustered) this.alertmanagerPeerService = new ServiceV1(this, "AlertmanagerPeer", {
      dependsOn: [this.release],
      metadata: {
        name: "alertmanager-peer",
        namespace,
        labels: { "app.kubernetes.io/name": "alertmanager-peer", "app.kubernetes.io/part-of": "gpu-llm-platform" },
        annotations: props.peerLoadBalancerAnnotations ?? {},
      },
      spec: {
        type: "LoadBalancer",
        // The labels the Prometheus Operator puts on the Alertmanager's pods.
        selector: { "app.kubernetes.io/name": "alertmanager", alertmanager: `${HUB_RELEASE}-alertmanager` },
        loadBalancerSourceRanges: props.peerSourceCidrs,
        externalTrafficPolicy: "Local",
        port: [{ name: "mesh-tcp", port: ALERTMANAGER_CLUSTER_PORT, targetPort: String(ALERTMANAGER_CLUSTER_PORT), protocol: "TCP" }],
      },
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
