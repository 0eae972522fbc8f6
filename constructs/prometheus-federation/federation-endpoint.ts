import { Construct } from "constructs";
import type { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Token, type ITerraformDependable } from "cdktf";
import { opensWorld } from "../../config/cidr";
import { loadBalancerAddress, type ClusterLoadBalancer } from "../contracts";
import { FEDERATION_PORT } from "./federation-jobs";
import { nginxProxy } from "./nginx-proxy";

/** The pinned image of the federation proxy (runs as uid 101, listens on unprivileged ports). */
export const FEDERATION_PROXY_IMAGE = "nginxinc/nginx-unprivileged:1.27.4-alpine";

/** The label every federation endpoint Service carries; the policy check finds them by it. */
export const FEDERATION_ENDPOINT_LABEL = { "app.kubernetes.io/name": "federation-proxy" } as const;

const CONTAINER_PORT = 8443;

/** Properties of {@link FederationEndpoint}. */
export interface FederationEndpointProps {
  /** The namespace the proxy runs in, where the Secret already exists. */
  readonly namespace: string;
  /** `http://<service>.<namespace>.svc:<port>` of the regional Prometheus. */
  readonly upstreamUrl: string;
  /**
   * Source ranges allowed to reach the load balancer: the hub's static egress addresses
   * as /32s, literal or a list token. Must not be empty or contain 0.0.0.0/0.
   */
  readonly allowedSourceCidrs: string[];
  /**
   * A pre-existing Secret with `tls.crt`, `tls.key` (a certificate for
   * `federation.<region>.<zone>`) and `htpasswd` (user `hub`, bcrypt). Only its name
   * is in the plan.
   */
  readonly secretName: string;
  /**
   * How the cluster builds the source-restricted load balancer (`ClusterAccess.loadBalancer`):
   * its annotations and where its address appears.
   */
  readonly loadBalancer: ClusterLoadBalancer;
  /** @default 2 - proxy replicas */
  readonly replicas?: number;
  /** Resources the proxy must wait for (the Prometheus release). @default - no extra dependencies */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The nginx configuration of the proxy: TLS, basic auth, and nothing but `GET /federate`
 * passed to Prometheus (its API, admin endpoints and UI stay in the cluster).
 */
export function federationProxyConfig(upstreamUrl: string): string {
  return `worker_processes 1;
pid /tmp/nginx.pid;
error_log /dev/stderr warn;
events { worker_connections 1024; }
http {
  access_log /dev/stdout;
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;
  server_tokens off;
  server {
    listen ${CONTAINER_PORT} ssl;
    ssl_certificate /etc/federation/tls.crt;
    ssl_certificate_key /etc/federation/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location = /federate {
      limit_except GET { deny all; }
      auth_basic "federation";
      auth_basic_user_file /etc/federation/htpasswd;
      proxy_pass ${upstreamUrl};
      proxy_read_timeout 60s;
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

/**
 * Throws when source ranges would open the endpoint to everyone. A list that resolves
 * at apply (another stack's output) passes here; the policy check sees the result.
 */
export function checkFederationSourceCidrs(cidrs: readonly string[]): void {
  if (Token.isUnresolved(cidrs)) return;
  if (cidrs.length === 0) {
    throw new Error("FederationEndpoint: allowedSourceCidrs must list the hub's egress addresses (an empty list lets the cloud default to 0.0.0.0/0), got []");
  }
  if (opensWorld(cidrs)) {
    throw new Error(`FederationEndpoint: allowedSourceCidrs must not open the federation endpoint to the internet; list the hub's egress addresses, got ${JSON.stringify(cidrs)}`);
  }
}

/**
 * A region's federation endpoint: an nginx proxy that terminates TLS and checks basic
 * auth in front of Prometheus `/federate`, behind a LoadBalancer Service restricted to
 * the hub's egress addresses. Credentials come from a pre-existing Secret.
 */
export class FederationEndpoint extends Construct {
  /** The proxy's configuration. */
  readonly config: ConfigMapV1;
  /** The proxy. */
  readonly deployment: DeploymentV1;
  /** The source-restricted load balancer. */
  readonly service: ServiceV1;
  private readonly loadBalancer: ClusterLoadBalancer;

  constructor(scope: Construct, id: string, props: FederationEndpointProps) {
    super(scope, id);
    this.loadBalancer = props.loadBalancer;
    checkFederationSourceCidrs(props.allowedSourceCidrs);
    const name = "federation-proxy";
    const labels = { ...FEDERATION_ENDPOINT_LABEL, "app.kubernetes.io/part-of": "gpu-llm-platform" };
    const nginxConf = federationProxyConfig(props.upstreamUrl);

    ({ config: this.config, deployment: this.deployment } = nginxProxy(this, {
      name,
      namespace: props.namespace,
      labels,
      selector: FEDERATION_ENDPOINT_LABEL,
      image: FEDERATION_PROXY_IMAGE,
      nginxConf,
      replicas: props.replicas,
      ports: [{ name: "https", containerPort: CONTAINER_PORT }],
      probePort: CONTAINER_PORT,
      secrets: [{ name: "credentials", mountPath: "/etc/federation", secret: { secretName: props.secretName } }],
      configDependsOn: props.dependsOn,
      proxyDependsOn: props.dependsOn,
    }));

    this.service = new ServiceV1(this, "LoadBalancer", {
      dependsOn: props.dependsOn,
      metadata: {
        name,
        namespace: props.namespace,
        labels,
        // What the cloud needs to enforce loadBalancerSourceRanges (EKS: an NLB).
        annotations: { ...props.loadBalancer.annotations },
      },
      spec: {
        type: "LoadBalancer",
        selector: { ...FEDERATION_ENDPOINT_LABEL },
        loadBalancerSourceRanges: props.allowedSourceCidrs,
        // Keeps the client address, so the source ranges see the hub's egress address.
        externalTrafficPolicy: "Local",
        port: [{ name: "https", port: FEDERATION_PORT, targetPort: String(CONTAINER_PORT), protocol: "TCP" }],
      },
    });
  }

  /** The load balancer's DNS name or IP address, for the `federation.<region>.<zone>` record. */
  get loadBalancerAddress(): string {
    return loadBalancerAddress(this.service, this.loadBalancer);
  }
}
