import { createHash } from "crypto";
import { NODE_LABELS } from "../contracts";
import { DASHBOARD_PORT, headServiceName, SERVE_PORT, serveServiceName, type K8sObject } from "./manifests";
import { routerNginxConfig, type RouterConfigInput, type RouterSite } from "./router-config";
import { ROUTER_SCRIPT, SPILL_TOKEN_ENV } from "./router-script";

/**
 * The region's OpenAI API front door: nginx terminating TLS and routing
 * `/<model name>/...` for every model of the platform, to this region's RayService when
 * it is ready, else to a peer region (see router-config.ts), plus the health path the
 * global DNS checks. One router per region keeps one load balancer and one static address
 * however many models the region serves.
 */

/** Pinned nginx, unprivileged variant (uid 101); its image ships the njs module the router loads. */
export const ROUTER_IMAGE = "nginxinc/nginx-unprivileged:1.28.0-alpine";
/** The router's TLS port; the load balancer maps 443 to it. */
export const ROUTER_PORT = 8443;
/** The loopback port of the router's internal readiness server. */
export const READINESS_PORT = 8081;
/** Pod labels of the router, which the serving Service selects. */
export const ROUTER_LABELS = { "app.kubernetes.io/name": "llm-router", "app.kubernetes.io/part-of": "llm-serving" } as const;
/** Where the ConfigMap (nginx.conf, router.js) is mounted. */
export const ROUTER_CONFIG_DIR = "/etc/nginx/router";

/** What the router needs to know. */
export interface RouterInput {
  /** The region's name, on every response as `X-Llm-Region`. */
  readonly region: string;
  /** Every model of the platform, as this region routes it (config/spill.ts `modelRoutes`). */
  readonly routes: RouterConfigInput["routes"];
  readonly namespace: string;
  /** The path health checks call (`settings.traffic.healthCheck.path`). */
  readonly healthPath: string;
  /**
   * Secret (created outside Terraform, type kubernetes.io/tls) with the serving
   * certificate, which must cover the global name and `<region>.<global name>`, and
   * `ca.crt`: the CA the peer regions' certificates are verified against.
   */
  readonly tlsSecret: string;
  /**
   * Secret (created outside Terraform, the same value in every region) holding the spill
   * token under key `token`, at least 32 characters: peers accept spilled requests only with it.
   */
  readonly spillTokenSecret: string;
  /** @default 2 */
  readonly replicas?: number;
  /** @default 1 - seconds a ready verdict is reused */
  readonly readyCacheSeconds?: number;
  /** @default 10 - seconds a not-ready verdict is held before traffic fails back */
  readonly failbackHoldSeconds?: number;
  /** @default 1 - seconds to connect to a local Serve service or a peer */
  readonly connectTimeoutSeconds?: number;
}

/** Where the router looks Serve services and peers up. */
export const CLUSTER_DNS = "kube-dns.kube-system.svc.cluster.local";

/** The in-cluster {@link RouterSite}: Serve and head services of the namespace, peers on 443. */
export function clusterSite(namespace: string): RouterSite {
  const svc = (name: string) => `${name}.${namespace}.svc.cluster.local`;
  return {
    listen: String(ROUTER_PORT),
    readinessListen: `127.0.0.1:${READINESS_PORT}`,
    resolver: CLUSTER_DNS,
    serveAddress: (m) => `${svc(serveServiceName({ name: m }))}:${SERVE_PORT}`,
    statusAddress: (m) => `${svc(headServiceName({ name: m }))}:${DASHBOARD_PORT}`,
    peerAddress: (t) => `${t.host}:443`,
    tlsDir: "/etc/nginx/tls",
    trustedCaFile: "/etc/nginx/tls/ca.crt",
    scriptFile: `${ROUTER_CONFIG_DIR}/router.js`,
    jsModuleFile: "/etc/nginx/modules/ngx_http_js_module.so",
    runDir: "/tmp",
    accessLog: "/dev/stdout",
  };
}

/** Defaults of the router's timing, resolved once. */
export const ROUTER_TIMING_DEFAULTS = { readyCacheSeconds: 1, failbackHoldSeconds: 10, connectTimeoutSeconds: 1 } as const;

/** The router's nginx.conf for the input, in the cluster or (tests, drill) at another site. */
export function routerConfig(input: RouterInput, site: RouterSite = clusterSite(input.namespace)): string {
  return routerNginxConfig({
    region: input.region,
    routes: input.routes,
    healthPath: input.healthPath,
    readyCacheSeconds: input.readyCacheSeconds ?? ROUTER_TIMING_DEFAULTS.readyCacheSeconds,
    failbackHoldSeconds: input.failbackHoldSeconds ?? ROUTER_TIMING_DEFAULTS.failbackHoldSeconds,
    connectTimeoutSeconds: input.connectTimeoutSeconds ?? ROUTER_TIMING_DEFAULTS.connectTimeoutSeconds,
  }, site);
}

/** The router's ConfigMap and Deployment. The pod template carries the config hash, so a new config rolls the pods. */
export function routerManifests(input: RouterInput): K8sObject[] {
  const config = routerConfig(input);
  const hash = createHash("sha256").update(config).update(ROUTER_SCRIPT).digest("hex").slice(0, 16);
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
      data: { "nginx.conf": config, "router.js": ROUTER_SCRIPT },
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
              command: ["nginx", "-c", `${ROUTER_CONFIG_DIR}/nginx.conf`, "-g", "daemon off;"],
              env: [{ name: SPILL_TOKEN_ENV, valueFrom: { secretKeyRef: { name: input.spillTokenSecret, key: "token" } } }],
              ports: [{ containerPort: ROUTER_PORT, name: "https" }],
              resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "1", memory: "256Mi" } },
              readinessProbe: { tcpSocket: { port: ROUTER_PORT }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: ROUTER_PORT }, periodSeconds: 10 },
              securityContext: security,
              volumeMounts: [
                { name: "config", mountPath: ROUTER_CONFIG_DIR, readOnly: true },
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
