import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { ReservedLoadBalancer } from "../contracts";
import type { HubAlertOptions } from "./alert-rules";
import type { AlertReceiver } from "./alertmanager";
import { ALERTMANAGER_PEER_API_PORT, ALERTMANAGER_PEER_USERNAME, AlertmanagerPeerEndpoint } from "./alertmanager-peer-endpoint";
import type { FederatedRegion } from "./federation-jobs";
import { gpuFleetDashboard, llmServingDashboard } from "./dashboards";
import type { RegionalMonitoring } from "./regional-monitoring";
import { kubePrometheusStackRelease } from "./release";
import { HUB_RELEASE, hubValues, prometheusServiceName, REGIONAL_RELEASE, type PrometheusRetention } from "./values";

/** Properties of {@link ObservabilityHub}. */
export interface ObservabilityHubProps {
  /** Every region of the platform, the hub's included: one federation job each. */
  readonly regions: readonly FederatedRegion[];
  /** The platform's DNS zone: the hub scrapes `federation.<region>.<zone>`. */
  readonly dnsZone: string;
  readonly retention: PrometheusRetention;
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
  /**
   * The static addresses (IPs, or tokens of them) of the other hubs' Alertmanager peer
   * endpoints: this hub's Alertmanager gossips with them and its Prometheus sends alerts to
   * them. Empty on a single-hub platform.
   */
  readonly alertmanagerPeers: readonly string[];
  /**
   * This hub's own peer endpoint: the reserved address (advertised to the peers) and the
   * annotations that put the load balancer on it (`ClusterAccess.reservedLoadBalancer`).
   * Required when {@link alertmanagerPeers} is not empty.
   * @default - no peer endpoint (single hub)
   */
  readonly peerLoadBalancer?: ReservedLoadBalancer;
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
  /**
   * A pre-existing Secret in {@link namespace} with `htpasswd` (user `hub`, bcrypt; read by
   * this hub's peer endpoint), `password` and `ca.crt` (read by this hub's Prometheus to
   * reach the other hubs' endpoints). The same Secret in every hub.
   * @default "alertmanager-peer-auth"
   */
  readonly alertmanagerPeerAuthSecretName?: string;
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
  /** The peer endpoint the other hubs gossip with and send alerts to (none without peers). */
  readonly alertmanagerPeer?: AlertmanagerPeerEndpoint;

  /** The peer endpoint's load balancer Service (none without peers). */
  get alertmanagerPeerService(): ServiceV1 | undefined {
    return this.alertmanagerPeer?.service;
  }

  constructor(scope: Construct, id: string, props: ObservabilityHubProps) {
    super(scope, id);
    const namespace = props.namespace ?? "monitoring-hub";
    const peers = props.alertmanagerPeers;
    const peerLb = props.peerLoadBalancer;
    if (peers.length > 0 && !peerLb) {
      throw new Error("ObservabilityHub: peerLoadBalancer must give this hub's reserved peer address when alertmanagerPeers is set (the address is what the Alertmanager advertises), got none");
    }
    const tlsSecretName = props.alertmanagerClusterTlsSecretName ?? "alertmanager-cluster-tls";
    const authSecretName = props.alertmanagerPeerAuthSecretName ?? "alertmanager-peer-auth";
    const values = hubValues({
      retention: props.retention,
      dnsZone: props.dnsZone,
      regions: props.regions,
      ownRegion: props.regionalMonitoring.regionName,
      ownRegionPrometheusUrl: `http://${prometheusServiceName(REGIONAL_RELEASE)}.${props.regionalMonitoring.namespace}.svc:9090`,
      federationClientSecretName: props.federationClientSecretName ?? "federation-client",
      grafanaAdminSecretName: props.grafanaAdminSecretName ?? "grafana-admin",
      receiver: props.receiver,
      ...(peers.length > 0 && peerLb ? {
        alertmanagerCluster: { peers, advertiseAddress: peerLb.address, tlsSecretName, clusterLabel: props.alertmanagerClusterLabel },
        peerAlerting: { peers, apiPort: ALERTMANAGER_PEER_API_PORT, username: ALERTMANAGER_PEER_USERNAME, secretName: authSecretName },
      } : {}),
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

    if (peers.length > 0 && peerLb) this.alertmanagerPeer = new AlertmanagerPeerEndpoint(this, "AlertmanagerPeer", {
      namespace,
      // The labels the Prometheus Operator puts on the Alertmanager's pods.
      alertmanagerSelector: { "app.kubernetes.io/name": "alertmanager", alertmanager: `${HUB_RELEASE}-alertmanager` },
      alertmanagerApiUrl: `http://${HUB_RELEASE}-alertmanager.${namespace}.svc:9093`,
      loadBalancer: peerLb,
      allowedSourceCidrs: props.peerSourceCidrs,
      tlsSecretName,
      authSecretName,
      dependsOn: [this.release],
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
