import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { ClusterLoadBalancer } from "../contracts";
import { FederationEndpoint } from "./federation-endpoint";
import { federationHost, type FederatedRegion } from "./federation-jobs";
import { kubePrometheusStackRelease } from "./release";
import { prometheusServiceName, REGIONAL_RELEASE, regionalValues, type PrometheusRetention } from "./values";

/** Properties of {@link RegionalMonitoring}. */
export interface RegionalMonitoringProps {
  /** The region: its name and cloud become the `region` and `cloud` external labels. */
  readonly region: FederatedRegion;
  /** The Kubernetes cluster's name, the `cluster` external label. */
  readonly clusterName: string;
  /** The platform's DNS zone: the hub scrapes `federation.<region>.<zone>`. */
  readonly dnsZone: string;
  readonly retention: PrometheusRetention;
  /** The cluster's Kubernetes minor version (`1.35`): the chart's CRD upgrade job runs a kubectl of it. */
  readonly kubernetesVersion: string;
  /**
   * Both hubs' static egress addresses as CIDRs, the only sources the federation load
   * balancer accepts, e.g.
   * `Token.asList(Fn.formatlist("%s/32", [hubCluster.getList("egress_ips")]))` per hub, concatenated.
   */
  readonly hubEgressCidrs: string[];
  /** How the cluster builds the federation endpoint's load balancer (`ClusterAccess.loadBalancer`). */
  readonly loadBalancer: ClusterLoadBalancer;
  /**
   * A pre-existing Secret in {@link namespace} with `tls.crt`, `tls.key` and `htpasswd`
   * for the federation endpoint.
   * @default "federation-endpoint"
   */
  readonly federationSecretName?: string;
  /** @default "monitoring" - namespace of the release and the federation proxy */
  readonly namespace?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** @default 900 - seconds Helm waits for the release to become ready */
  readonly helmTimeoutSeconds?: number;
}

/**
 * A region's monitoring: kube-prometheus-stack with the external labels
 * `{region, cloud, cluster}`, persistent storage and retention from the settings,
 * selectors for the DCGM exporter and Ray pods, the recording rules the hub federates,
 * and the authenticated, source-restricted federation endpoint.
 */
export class RegionalMonitoring extends Construct {
  /** The kube-prometheus-stack release (owns the CRDs and the operator). */
  readonly release: Release;
  /** The federation endpoint in front of this region's Prometheus. */
  readonly federation: FederationEndpoint;
  /** The DNS name the hub scrapes: `federation.<region>.<zone>`. */
  readonly federationHost: string;
  /** The region's name, the `region` external label. */
  readonly regionName: string;
  /** The namespace of the release and the federation proxy. */
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: RegionalMonitoringProps) {
    super(scope, id);
    const namespace = props.namespace ?? "monitoring";
    this.namespace = namespace;
    this.regionName = props.region.name;
    const secretName = props.federationSecretName ?? "federation-endpoint";
    const timeout = props.helmTimeoutSeconds ?? 900;

    const values = regionalValues({
      retention: props.retention,
      region: props.region,
      clusterName: props.clusterName,
      kubernetesVersion: props.kubernetesVersion,
      storageClassName: props.storageClassName,
    });
    this.release = kubePrometheusStackRelease(this, "Release", { name: REGIONAL_RELEASE, namespace, values, timeoutSeconds: timeout });

    this.federation = new FederationEndpoint(this, "Federation", {
      namespace,
      upstreamUrl: `http://${prometheusServiceName(REGIONAL_RELEASE)}.${namespace}.svc:9090`,
      allowedSourceCidrs: props.hubEgressCidrs,
      secretName,
      loadBalancer: props.loadBalancer,
      dependsOn: [this.release],
    });
    this.federationHost = federationHost(props.region.name, props.dnsZone);
  }
}
