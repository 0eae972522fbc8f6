import { createHash } from "crypto";
import type { ModelConfig } from "../../config/schema";
import { NODE_LABELS } from "../contracts";
import { SERVE_PORT, serveServiceName, type K8sObject } from "./manifests";

/**
 * The region's OpenAI API front door: nginx terminating TLS and routing
 * `/<model name>/...` to that model's RayService, plus the health path the global DNS
 * checks. One router per region keeps one load balancer and one static address however
 * many models the region serves.
 */

/** Pinned nginx, unprivileged variant (uid 101). */
export const ROUTER_IMAGE = "nginxinc/nginx-unprivileged:1.28.0-alpine";
/** The router's TLS port; the load balancer maps 443 to it. */
export const ROUTER_PORT = 8443;
/** Ray Serve's proxy health route, which the health path forwards to. */
export const RAY_SERVE_HEALTH_ROUTE = "/-/healthz";
/** Pod labels of the router, which the serving Service selects. */
export const ROUTER_LABELS = { "app.kubernetes.io/name": "llm-router", "app.kubernetes.io/part-of": "llm-serving" } as const;

/** What the router needs to know. */
export interface RouterInput {
  readonly models: readonly Pick<ModelConfig, "name">[];
  readonly namespace: string;
  /** The path health checks call (`settings.traffic.healthCheck.path`). */
  readonly healthPath: string;
  /** Secret (created outside Terraform, type kubernetes.io/tls) with the serving certificate. */
  readonly tlsSecret: string;
  /** @default 2 */
  readonly replicas?: number;
}

/** Where the router looks Serve services up; `routerConfig` callers may point it elsewhere (tests). */
export const CLUSTER_DNS = "kube-dns.kube-system.svc.cluster.local";

/**
 * nginx's server config. Upstreams are variables, resolved per request through the
 * cluster DNS, so the router starts (and stays up) while KubeRay has not yet created a
 * model's Serve service. The health path answers from the first model whose Serve proxy
 * is healthy, trying the next on a connection error or 5xx: one failing model does not
 * fail the region over. Plain nginx 1.22+ directives only, so `nginx -t` of the
 * distribution's nginx can check it.
 */
export function routerConfig(input: RouterInput, resolver: string = CLUSTER_DNS): string {
  // A variable in proxy_pass makes nginx resolve the name per request, not at startup.
  const hostVar = (m: string) => `$serve_${m.replace(/-/g, "_")}`;
  const upstream = (m: string) => `http://${hostVar(m)}:${SERVE_PORT}`;
  const healthHop = (m: string, i: number) => {
    const last = i === input.models.length - 1;
    return [
      `  location ${i === 0 ? `= ${input.healthPath}` : `@health_${i}`} {`,
      ...(last ? [] : ["    proxy_intercept_errors on;", `    error_page 500 502 503 504 = @health_${i + 1};`]),
      `    proxy_pass ${upstream(m)}${RAY_SERVE_HEALTH_ROUTE};`,
      "  }",
    ];
  };
  const lines = [
    "server {",
    `  listen ${ROUTER_PORT} ssl;`,
    "  ssl_certificate /etc/nginx/tls/tls.crt;",
    "  ssl_certificate_key /etc/nginx/tls/tls.key;",
    "  ssl_protocols TLSv1.2 TLSv1.3;",
    `  resolver ${resolver} valid=10s ipv6=off;`,
    "  client_max_body_size 16m;",
    "  proxy_http_version 1.1;",
    "  # Tokens stream back as server-sent events.",
    "  proxy_buffering off;",
    "  proxy_read_timeout 600s;",
    "  # A failing model answers 502 instead of letting nginx retry a POST elsewhere.",
    "  proxy_next_upstream off;",
    ...input.models.map((m) => `  set ${hostVar(m.name)} ${serveServiceName(m)}.${input.namespace}.svc.cluster.local;`),
    "",
    ...input.models.flatMap((m, i) => healthHop(m.name, i)),
    ...input.models.flatMap((m) => [
      `  location /${m.name}/ {`,
      `    rewrite ^/${m.name}/(.*)$ /$1 break;`,
      `    proxy_pass ${upstream(m.name)};`,
      "  }",
    ]),
    "  location / {",
    `    return 404 "unknown path; call /<model>/v1/... with one of: ${input.models.map((m) => m.name).join(", ")}\\n";`,
    "  }",
    "}",
    "",
  ];
  return lines.join("\n");
}

/** The router's ConfigMap and Deployment. The pod template carries the config hash, so a new config rolls the pods. */
export function routerManifests(input: RouterInput): K8sObject[] {
  const config = routerConfig(input);
  const hash = createHash("sha256").update(config).digest("hex").slice(0, 16);
  const security = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 101,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
  return [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "llm-router", namespace: input.namespace, labels: { ...ROUTER_LABELS } },
      data: { "default.conf": config },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "llm-router", namespace: input.namespace, labels: { ...ROUTER_LABELS } },
      spec: {
        replicas: input.replicas ?? 2,
        selector: { matchLabels: { ...ROUTER_LABELS } },
        template: {
          metadata: { labels: { ...ROUTER_LABELS }, annotations: { "llm-platform.dev/config-hash": hash } },
          spec: {
            nodeSelector: { [NODE_LABELS.pool]: "system" },
            topologySpreadConstraints: [{
              maxSkew: 1,
              topologyKey: "topology.kubernetes.io/zone",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: { ...ROUTER_LABELS } },
            }],
            automountServiceAccountToken: false,
            containers: [{
              name: "nginx",
              image: ROUTER_IMAGE,
              ports: [{ containerPort: ROUTER_PORT, name: "https" }],
              resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "1", memory: "256Mi" } },
              readinessProbe: { tcpSocket: { port: ROUTER_PORT }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: ROUTER_PORT }, periodSeconds: 10 },
              securityContext: security,
              volumeMounts: [
                { name: "config", mountPath: "/etc/nginx/conf.d", readOnly: true },
                { name: "tls", mountPath: "/etc/nginx/tls", readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
              ],
            }],
            volumes: [
              { name: "config", configMap: { name: "llm-router" } },
              { name: "tls", secret: { secretName: input.tlsSecret } },
              { name: "tmp", emptyDir: {} },
            ],
          },
        },
      },
    },
  ];
}
