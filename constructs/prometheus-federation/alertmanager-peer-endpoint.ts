import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import type { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { ReservedLoadBalancer } from "../contracts";
import { ALERTMANAGER_CLUSTER_PORT } from "./alertmanager";
import { checkFederationSourceCidrs, FEDERATION_PROXY_IMAGE } from "./federation-endpoint";
import { nginxProxy } from "./nginx-proxy";

/** The port of the peer endpoint's alert API (TLS + basic auth), on the load balancer and in the pod. */
export const ALERTMANAGER_PEER_API_PORT = 9095;

/** The label of the peer proxy's pods and of its load balancer Service; the policy check finds them by it. */
export const ALERTMANAGER_PEER_LABEL = { "app.kubernetes.io/name": "alertmanager-peer-proxy" } as const;

/** The user the other hub's Prometheus authenticates as. */
export const ALERTMANAGER_PEER_USERNAME = "hub";

/** Where the proxy mounts the peer TLS Secret (`tls.crt`, `tls.key`) and the auth Secret (`htpasswd`). */
const TLS_DIR = "/etc/alertmanager-peer/tls";
const AUTH_DIR = "/etc/alertmanager-peer/auth";

/** Upstreams of {@link alertmanagerPeerProxyConfig}, inside the hub cluster. */
export interface AlertmanagerPeerUpstreams {
  /** `host:port` of the Alertmanager's cluster (gossip) port. */
  readonly gossip: string;
  /** `http://host:port` of the Alertmanager's web API. */
  readonly api: string;
}

/**
 * The nginx configuration of a hub's peer endpoint. Gossip is passed through as plain TCP
 * (`stream`): the Alertmanagers' mutual TLS runs end to end, and with `--cluster.tls-config`
 * memberlist sends packets and streams alike over TCP (alertmanager v0.34.0
 * `cluster/tls_transport.go`), so no UDP port is needed. The alert API is served over TLS
 * with basic auth, and only `POST /api/v2/alerts` (what a Prometheus sends) reaches the
 * Alertmanager: silences, status and the UI stay in the cluster.
 */
export function alertmanagerPeerProxyConfig(upstreams: AlertmanagerPeerUpstreams): string {
  return `worker_processes 1;
pid /tmp/nginx.pid;
error_log /dev/stderr warn;
events { worker_connections 1024; }
stream {
  server {
    listen ${ALERTMANAGER_CLUSTER_PORT};
    proxy_pass ${upstreams.gossip};
    proxy_connect_timeout 5s;
    proxy_timeout 10m;
  }
}
http {
  access_log /dev/stdout;
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;
  server_tokens off;
  server {
    listen ${ALERTMANAGER_PEER_API_PORT} ssl;
    ssl_certificate ${TLS_DIR}/tls.crt;
    ssl_certificate_key ${TLS_DIR}/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location = /api/v2/alerts {
      limit_except POST { deny all; }
      auth_basic "alertmanager";
      auth_basic_user_file ${AUTH_DIR}/htpasswd;
      proxy_pass ${upstreams.api};
      proxy_read_timeout 30s;
    }
    location = /healthz {
      access_log off;
      return 200 "ok\\n";
    }
    location / { return 404; }
  }
}
`;
}

/** Properties of {@link AlertmanagerPeerEndpoint}. */
export interface AlertmanagerPeerEndpointProps {
  readonly namespace: string;
  /** The labels the Prometheus Operator puts on the hub Alertmanager's pods. */
  readonly alertmanagerSelector: Readonly<Record<string, string>>;
  /** `http://<service>.<namespace>.svc:9093` of the hub Alertmanager. */
  readonly alertmanagerApiUrl: string;
  /** The reserved static address and the annotations that put the load balancer on it. */
  readonly loadBalancer: ReservedLoadBalancer;
  /** The other hubs' egress addresses as CIDRs (literal or a list token); never the internet. */
  readonly allowedSourceCidrs: string[];
  /** A Secret with `tls.crt` and `tls.key` (SAN `alertmanager-peer`, the peers' CA). */
  readonly tlsSecretName: string;
  /** A Secret with `htpasswd` (user `hub`, bcrypt). */
  readonly authSecretName: string;
  /** @default 2 - proxy replicas */
  readonly replicas?: number;
  /** @default - no extra dependencies */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A hub's Alertmanager peer endpoint on its reserved static address: the address the hub's
 * Alertmanager advertises (`clusterAdvertiseAddress`) and the other hub's Alertmanager
 * gossips with and the other hub's Prometheus sends alerts to. An nginx proxy behind a
 * LoadBalancer Service that admits only the other hubs' egress addresses: gossip passed
 * through to the Alertmanager's cluster port, the alert API over TLS with basic auth.
 */
export class AlertmanagerPeerEndpoint extends Construct {
  /** The proxy's configuration. */
  readonly config: ConfigMapV1;
  readonly deployment: DeploymentV1;
  /** A stable in-cluster address of the Alertmanager's cluster port (the pod's IP changes). */
  readonly meshService: ServiceV1;
  /** The source-restricted load balancer on the reserved address. */
  readonly service: ServiceV1;

  constructor(scope: Construct, id: string, props: AlertmanagerPeerEndpointProps) {
    super(scope, id);
    checkFederationSourceCidrs(props.allowedSourceCidrs);
    const labels = { ...ALERTMANAGER_PEER_LABEL, "app.kubernetes.io/part-of": "gpu-llm-platform" };
    this.meshService = new ServiceV1(this, "Mesh", {
      dependsOn: props.dependsOn,
      metadata: { name: "alertmanager-mesh", namespace: props.namespace, labels: { "app.kubernetes.io/part-of": "gpu-llm-platform" } },
      spec: {
        type: "ClusterIP",
        selector: { ...props.alertmanagerSelector },
        port: [{ name: "mesh-tcp", port: ALERTMANAGER_CLUSTER_PORT, targetPort: String(ALERTMANAGER_CLUSTER_PORT), protocol: "TCP" }],
      },
    });
    const nginxConf = alertmanagerPeerProxyConfig({
      gossip: `alertmanager-mesh.${props.namespace}.svc:${ALERTMANAGER_CLUSTER_PORT}`,
      api: props.alertmanagerApiUrl,
    });
    const name = "alertmanager-peer-proxy";
    ({ config: this.config, deployment: this.deployment } = nginxProxy(this, {
      name,
      namespace: props.namespace,
      labels,
      selector: ALERTMANAGER_PEER_LABEL,
      // The official nginx images build the stream module in (`--with-stream`, not a
      // loadable module: nginx/docker-nginx#205), so `stream {}` needs no load_module.
      image: FEDERATION_PROXY_IMAGE,
      nginxConf,
      replicas: props.replicas,
      ports: [
        { name: "mesh-tcp", containerPort: ALERTMANAGER_CLUSTER_PORT },
        { name: "https", containerPort: ALERTMANAGER_PEER_API_PORT },
      ],
      probePort: ALERTMANAGER_PEER_API_PORT,
      secrets: [
        { name: "tls", mountPath: TLS_DIR, secret: { secretName: props.tlsSecretName, items: [{ key: "tls.crt", path: "tls.crt" }, { key: "tls.key", path: "tls.key" }] } },
        { name: "auth", mountPath: AUTH_DIR, secret: { secretName: props.authSecretName, items: [{ key: "htpasswd", path: "htpasswd" }] } },
      ],
      configDependsOn: props.dependsOn,
      // nginx resolves the mesh Service's name once, at start.
      proxyDependsOn: [...(props.dependsOn ?? []), this.meshService],
    }));
    this.service = new ServiceV1(this, "LoadBalancer", {
      dependsOn: props.dependsOn,
      metadata: {
        name: "alertmanager-peer",
        namespace: props.namespace,
        labels,
        annotations: { ...props.loadBalancer.annotations },
      },
      spec: {
        type: "LoadBalancer",
        selector: { ...ALERTMANAGER_PEER_LABEL },
        loadBalancerSourceRanges: props.allowedSourceCidrs,
        // Cluster, not Local: on AWS the load balancer sits in one zone (one address), and
        // only nodes of that zone receive from it; they forward to the proxy wherever it runs.
        // The source ranges are still enforced on the nodes (AWS) or the firewall (GCP).
        externalTrafficPolicy: "Cluster",
        port: [
          { name: "mesh-tcp", port: ALERTMANAGER_CLUSTER_PORT, targetPort: String(ALERTMANAGER_CLUSTER_PORT), protocol: "TCP" },
          { name: "https", port: ALERTMANAGER_PEER_API_PORT, targetPort: String(ALERTMANAGER_PEER_API_PORT), protocol: "TCP" },
        ],
      },
    });
  }
}
