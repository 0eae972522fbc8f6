import { execFileSync, spawn, type ChildProcess } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";
import { stringify } from "yaml";
import { ALERTMANAGER_PEER_SERVER_NAME, type RuleGroup, type ScrapeConfig } from "../../constructs/prometheus-federation";
import { freePort, guardProcesses, killGroup, sleep, until, WrongResult } from "../lib/processes";
import type { DashboardQuery, RenderedAlertmanagerCluster } from "./rendered";

/** One region of the loopback federation test, as the constructs synthesized it. */
export interface E2eRegion {
  readonly name: string;
  /** The external labels the regional release sets. */
  readonly externalLabels: Record<string, string>;
  /** The federation proxy's nginx.conf, as synthesized. */
  readonly proxyConfig: string;
  /** Time and size retention as the release sets them (Prometheus must accept both). */
  readonly retention: string;
  readonly retentionSize: string;
}

/** One hub of the loopback test, as the constructs synthesized it. */
export interface E2eHub {
  /** The hub's region (its own region is federated in-cluster, over http). */
  readonly region: string;
  /** The hub's federation jobs, as synthesized. */
  readonly federationJobs: readonly ScrapeConfig[];
  /** The Alertmanager configuration (chart values `alertmanager.config`), as synthesized. */
  readonly alertmanagerConfig: Record<string, any>;
  /** Advertised address, peers and the Prometheus's other Alertmanagers, as synthesized. */
  readonly cluster: RenderedAlertmanagerCluster;
  /** The peer endpoint's nginx.conf, as synthesized. */
  readonly peerProxyConfig: string;
}

/** Inputs of {@link runFederationE2e}: what the platform synthesized. */
export interface E2eInput {
  readonly prometheus: string;
  readonly nginx: string;
  /** The Alertmanager binary (Debian: prometheus-alertmanager). */
  readonly alertmanager: string;
  readonly workDir: string;
  readonly regions: readonly E2eRegion[];
  /** The regional recording rules file. */
  readonly regionalRules: { groups: RuleGroup[] };
  /** The hub's alert rules file. */
  readonly hubRules: { groups: RuleGroup[] };
  /** Primary hub first, then the standby. */
  readonly hubs: readonly E2eHub[];
  /** Names the pinned exporters export (reference/metrics): every series the test exporter serves must be one. */
  readonly exportedMetricNames: ReadonlySet<string>;
  /** The Grafana panel queries; each must return data at the hub. */
  readonly dashboardQueries: readonly DashboardQuery[];
  /** @default Debian's path - nginx's stream module (the official nginx images have it built in) */
  readonly streamModule?: string;
  /** @default 420 - seconds the whole test may take */
  readonly timeoutSeconds?: number;
  readonly log?: (line: string) => void;
}

const LOOPBACK = "127.0.0.1";
/** Where Debian's libnginx-mod-stream puts the stream module. */
export const DEBIAN_STREAM_MODULE = "/usr/lib/nginx/modules/ngx_stream_module.so";
const ALERTMANAGER_PEER_NAME = ALERTMANAGER_PEER_SERVER_NAME;
const STEP_SECONDS = 1;
const REQUEST_TIMEOUT_MS = 5000;

/** Exposition lines of a cumulative histogram for model llama-8b (counts per bound; +Inf = last). */
function histogram(name: string, bounds: number[], counts: number[]): string[] {
  const labels = 'model_name="llama-8b",engine="0"';
  const total = counts[counts.length - 1];
  return [
    ...bounds.map((b, i) => `${name}_bucket{${labels},le="${b}"} ${counts[i]}`),
    `${name}_bucket{${labels},le="+Inf"} ${total}`,
    `${name}_count{${labels}} ${total}`,
  ];
}

/** Fault switches of a test exporter. */
interface ExporterState {
  /** The llama-8b vLLM replica reports unhealthy (the ingress stays healthy). */
  modelDown: boolean;
}

/** Metric names of exposition lines (`name{...} value`). */
export function exposedNames(lines: readonly string[]): string[] {
  return [...new Set(lines.map((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(l)?.[0] ?? l))];
}

/**
 * A tiny exporter with DCGM, Ray Serve and vLLM series under the names and labels the
 * pinned exporters use; counters grow on every scrape. Serve also counts the proxy's
 * health checks (application "") and runs the OpenAiIngress deployment beside the model's.
 */
function exporterLines(region: string, scrapes: number, state: ExporterState): string[] {
  const gpu = (i: number) => `gpu="${i}",hostname="${region}-gpu-a",modelName="NVIDIA L4"`;
  return [
    `DCGM_FI_DEV_GPU_UTIL{${gpu(0)}} 60`,
    `DCGM_FI_DEV_GPU_UTIL{${gpu(1)}} 80`,
    `DCGM_FI_DEV_FB_USED{${gpu(0)}} 18000`,
    `DCGM_FI_DEV_FB_FREE{${gpu(0)}} 4000`,
    `DCGM_FI_DEV_GPU_TEMP{${gpu(0)}} 61`,
    `DCGM_FI_DEV_XID_ERRORS{${gpu(0)}} 0`,
    `DCGM_FI_DEV_XID_ERRORS{${gpu(1)}} 13`,
    `ray_serve_num_http_requests_total{application="llama-8b",route="/",status_code="200"} ${scrapes * 10}`,
    `ray_serve_num_http_requests_total{application="llama-8b",route="/",status_code="500"} ${scrapes}`,
    `ray_serve_num_http_requests_total{application="",route="/-/healthz",status_code="200"} ${scrapes * 50}`,
    `ray_serve_deployment_replica_healthy{application="llama-8b",deployment="LLMServer:llama-8b",replica="r1"} ${state.modelDown ? 0 : 1}`,
    `ray_serve_deployment_replica_healthy{application="llama-8b",deployment="OpenAiIngress",replica="r2"} 1`,
    `ray_vllm_kv_cache_usage_perc{model_name="llama-8b",engine="0"} 0.42`,
    `ray_vllm_num_requests_waiting{model_name="llama-8b",engine="0"} 3`,
    `ray_vllm_num_requests_running{model_name="llama-8b",engine="0"} 5`,
    ...histogram("ray_vllm_time_to_first_token_seconds", [0.5, 1, 2.5], [scrapes * 6, scrapes * 9, scrapes * 10]),
    ...histogram("ray_vllm_inter_token_latency_seconds", [0.02, 0.05], [scrapes * 50, scrapes * 100]),
  ];
}

function startExporter(region: string, state: ExporterState): Promise<{ server: http.Server; port: number }> {
  let scrapes = 0;
  const server = http.createServer((_req, res) => {
    scrapes++;
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(`${exporterLines(region, scrapes, state).join("\n")}\n`);
  });
  return new Promise((resolve) => server.listen(0, LOOPBACK, () => resolve({ server, port: (server.address() as net.AddressInfo).port })));
}

/** One notification a webhook receiver got: when, and the firing alerts' labels. */
interface Notification {
  readonly at: number;
  readonly firing: Record<string, string>[];
}

/** A loopback webhook receiver that records every notification. */
function startReceiver(): Promise<{ server: http.Server; port: number; notifications: Notification[] }> {
  const notifications: Notification[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const msg = JSON.parse(body) as { alerts: { status: string; labels: Record<string, string> }[] };
      notifications.push({ at: Date.now(), firing: msg.alerts.filter((a) => a.status === "firing").map((a) => a.labels) });
      res.writeHead(200);
      res.end();
    });
  });
  return new Promise((resolve) => server.listen(0, LOOPBACK, () => resolve({ server, port: (server.address() as net.AddressInfo).port, notifications })));
}

/** Where the loopback copy of a federation proxy listens, reads its credentials and forwards to. */
export interface LoopbackProxy {
  readonly port: number;
  readonly credentialsDir: string;
  readonly runDir: string;
  readonly upstreamUrl: string;
}

/**
 * The synthesized proxy configuration with only the in-cluster specifics replaced: the
 * listen port, the Secret's mount folder, the writable folder and the upstream. Throws
 * when an anchor is missing, so a change to the real configuration cannot go untested.
 */
export function loopbackProxyConfig(conf: string, at: LoopbackProxy): string {
  const swaps: [RegExp, string][] = [
    // /tmp first: the folders put in below may themselves live under /tmp.
    [/\/tmp\//g, `${at.runDir}/`],
    [/listen \d+ ssl;/g, `listen ${LOOPBACK}:${at.port} ssl;`],
    [/\/etc\/federation\//g, `${at.credentialsDir}/`],
    [/proxy_pass http:\/\/[^;]+;/g, `proxy_pass ${at.upstreamUrl};`],
  ];
  let out = conf;
  for (const [re, to] of swaps) {
    if (!re.test(out)) throw new Error(`the federation proxy configuration no longer has ${re}; update the loopback test`);
    out = out.replace(re, to);
  }
  return out;
}

/** Where the loopback copy of a hub's peer endpoint listens, reads its Secrets and forwards to. */
export interface LoopbackPeerProxy {
  /** The loopback address standing in for the hub's reserved load balancer address. */
  readonly address: string;
  /** `127.0.0.1:<port>` of the Alertmanager's cluster listener (the pod's address). */
  readonly gossipUpstream: string;
  /** `http://127.0.0.1:<port>` of the Alertmanager's web API. */
  readonly apiUpstream: string;
  readonly tlsDir: string;
  readonly authDir: string;
  readonly runDir: string;
  readonly streamModule: string;
}

/**
 * The synthesized peer endpoint configuration with only the in-cluster specifics replaced:
 * the listen address (the reserved load balancer address; ports as synthesized), the
 * Secrets' folders, the writable folder and the upstreams; Debian builds the stream module
 * as a dynamic module, so it is loaded first. Throws when an anchor is missing.
 */
export function loopbackPeerProxyConfig(conf: string, at: LoopbackPeerProxy): string {
  const swaps: [RegExp, string][] = [
    [/\/tmp\//g, `${at.runDir}/`],
    [/listen (\d+);/g, `listen ${at.address}:$1;`],
    [/listen (\d+) ssl;/g, `listen ${at.address}:$1 ssl;`],
    [/proxy_pass [a-z0-9.-]+\.svc:\d+;/g, `proxy_pass ${at.gossipUpstream};`],
    [/proxy_pass http:\/\/[^;]+;/g, `proxy_pass ${at.apiUpstream};`],
    [/\/etc\/alertmanager-peer\/tls\//g, `${at.tlsDir}/`],
    [/\/etc\/alertmanager-peer\/auth\//g, `${at.authDir}/`],
  ];
  let out = conf;
  for (const [re, to] of swaps) {
    if (!re.test(out)) throw new Error(`the Alertmanager peer endpoint configuration no longer has ${re}; update the loopback test`);
    out = out.replace(re, to);
  }
  return `load_module ${at.streamModule};\n${out}`;
}

/** `host` of a `host:port`. */
function hostOf(hostPort: string): string {
  return hostPort.slice(0, hostPort.lastIndexOf(":"));
}

/** Group intervals and alerts' `for` scaled to the test's step, so rules act in seconds rather than minutes. */
function fastRules(rules: { groups: RuleGroup[] }): { groups: RuleGroup[] } {
  return {
    groups: rules.groups.map((g) => ({
      ...g,
      interval: `${STEP_SECONDS}s`,
      rules: g.rules.map((r) => ("alert" in r ? { ...r, for: `${2 * STEP_SECONDS}s` } : r)),
    })),
  };
}

/**
 * The synthesized Alertmanager configuration with only what differs on loopback: the
 * webhook URL inline (Debian 12's Alertmanager 0.25 lacks `url_file`, which the chart's
 * v0.34.0 reads from the mounted Secret) and group timers in seconds. Throws when the
 * receiver is not the single webhook this test can stand in for.
 */
export function loopbackAlertmanagerConfig(config: Record<string, any>, webhookUrl: string): Record<string, any> {
  const receivers = config.receivers as { name: string; webhook_configs?: Record<string, unknown>[] }[];
  if (receivers.length !== 1 || receivers[0].webhook_configs?.length !== 1) {
    throw new Error(`the loopback test stands in for one webhook receiver; the configuration has ${JSON.stringify(receivers)}`);
  }
  const { url_file: _file, ...webhook } = receivers[0].webhook_configs[0];
  return {
    ...config,
    route: { ...config.route, group_wait: "1s", group_interval: "2s" },
    receivers: [{ ...receivers[0], webhook_configs: [{ ...webhook, url: webhookUrl }] }],
  };
}

function getJson(url: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: REQUEST_TIMEOUT_MS }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url} within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
  });
}

/** Status code of a GET through a federation proxy, verifying its certificate for `servername`. */
function proxyStatus(port: number, ca: string, servername: string, urlPath: string, auth?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: LOOPBACK, port, path: urlPath, ca, servername, auth, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${LOOPBACK}:${port} within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
  });
}

/** Status code of a request to `address:port` over TLS, verifying the certificate for `servername`. */
function tlsStatus(address: string, port: number, ca: string, servername: string, method: string, urlPath: string, auth?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: address, port, method, path: urlPath, ca, servername, auth, timeout: REQUEST_TIMEOUT_MS, headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${address}:${port} within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(method === "POST" ? "[]" : undefined);
  });
}

/** The value of an unlabelled gauge or a sum over a family's series in a /metrics page. */
function metricValue(page: string, name: string, labelMatch = ""): number {
  return page.split("\n").filter((l) => l.startsWith(name) && /^[a-zA-Z_:][a-zA-Z0-9_:]*[{ ]/.test(l) && l.slice(0, l.search(/[{ ]/)) === name && l.includes(labelMatch))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}

function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: REQUEST_TIMEOUT_MS }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve(body));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url} within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
  });
}

/**
 * Three (or more) regional Prometheus servers with the synthesized external labels and
 * recording rules, each scraping a local exporter (names from the reference lists only)
 * and behind the synthesized federation proxy run by a real nginx (TLS, basic auth,
 * /federate only); the primary and the standby hub, each a Prometheus with its
 * synthesized federation jobs and alert rules and an Alertmanager with the synthesized
 * configuration, the two Alertmanagers clustered over mutual TLS; a webhook receiver.
 * Asserts the proxy's answers, every region's series and every dashboard query's data at
 * both hubs; then a dead model reaches the receiver exactly once with both hubs up, and
 * again after the primary hub is stopped, printing the time from fault to notification.
 * Uses only 127.0.0.1, is bounded in time, and stops everything it started.
 */
export async function runFederationE2e(input: E2eInput): Promise<void> {
  const log = input.log ?? (() => undefined);
  const deadline = Date.now() + (input.timeoutSeconds ?? 420) * 1000;
  const dir = input.workDir;
  const procs = new Map<string, ChildProcess>();
  const exporters: http.Server[] = [];
  const servers: http.Server[] = [];
  const stopped = new Set<string>();
  const start = (name: string, args: string[]) => {
    stopped.delete(name);
    const logFile = fs.openSync(path.join(dir, `${name}.log`), "w");
    const bin = name.endsWith("-proxy") ? input.nginx : name.endsWith("-alertmanager") ? input.alertmanager : input.prometheus;
    // Its own process group, so killing the group takes nginx's workers along.
    const child = spawn(bin, args, { stdio: ["ignore", logFile, logFile], detached: true });
    procs.set(name, child);
    return child;
  };
  // A process that exits on its own (bad config, port taken) fails the test at once.
  const crashed = () => [...procs].find(([name, child]) => child.exitCode !== null && !stopped.has(name))?.[0];
  const wait = <T>(what: string, probe: () => Promise<T | undefined>) => until(what, deadline, probe, crashed);
  const stop = async (name: string) => {
    stopped.add(name);
    const child = procs.get(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(5000)]);
    killGroup(child);
  };

  // Whatever happens (a hung call, the check being interrupted), no process outlives it.
  const guard = guardProcesses(procs, deadline, "the loopback test", log);

  try {
    const [primary, standby] = input.hubs;
    if (!primary || !standby || input.hubs.length !== 2) throw new Error(`expected a primary and a standby hub, got ${input.hubs.map((h) => h.region).join(", ")}`);
    // Every series the test exporter serves is one a pinned exporter exports.
    const foreign = exposedNames(exporterLines("x", 1, { modelDown: false })).filter((n) => !input.exportedMetricNames.has(n));
    if (foreign.length > 0) throw new Error(`the test exporter serves names no pinned exporter exports: ${foreign.join(", ")}`);

    // Certificates for federation.<region>.<zone>, as the regions' Secrets would hold, and
    // for the Alertmanager peers (SAN alertmanager-peer), all from one test CA.
    const allJobs = input.hubs.flatMap((h) => h.federationJobs);
    const hosts = [...new Set(allJobs.flatMap((j) => (j.tls_config ? [j.tls_config.server_name] : [])))];
    const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=federation-test-ca"]);
    const issue = (name: string, sans: string[]) => {
      openssl(["req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
      fs.writeFileSync(path.join(dir, `${name}.cnf`), `subjectAltName=${sans.map((h) => `DNS:${h}`).join(",")}\nextendedKeyUsage=serverAuth,clientAuth\n`);
      openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-days", "1", "-extfile", `${name}.cnf`]);
    };
    issue("tls", hosts);
    const secrets = path.join(dir, "hub-secrets");
    fs.mkdirSync(secrets);
    fs.copyFileSync(path.join(dir, "ca.crt"), path.join(secrets, "ca.crt"));

    // Regions: exporter, Prometheus, and the synthesized federation proxy (real nginx) in front.
    const proxyPorts = new Map<string, number>();
    const promPorts = new Map<string, number>();
    const passwords = new Map<string, string>();
    const faults = new Map<string, ExporterState>();
    const remoteJobOf = (region: string) => allJobs.find((j) => j.static_configs[0]?.labels.region === region && j.basic_auth);
    for (const region of input.regions) {
      const job = remoteJobOf(region.name);
      if (!job?.basic_auth) throw new Error(`no hub federates region ${region.name} through its endpoint`);
      const password = randomBytes(16).toString("hex");
      passwords.set(region.name, password);
      fs.writeFileSync(path.join(secrets, path.basename(job.basic_auth.password_file)), password);

      const state = { modelDown: false };
      faults.set(region.name, state);
      const exporter = await startExporter(region.name, state);
      exporters.push(exporter.server);
      const rdir = path.join(dir, region.name);
      fs.mkdirSync(rdir);
      fs.writeFileSync(path.join(rdir, "rules.yaml"), stringify(fastRules(input.regionalRules)));
      fs.writeFileSync(path.join(rdir, "prometheus.yaml"), stringify({
        global: { scrape_interval: `${STEP_SECONDS}s`, evaluation_interval: `${STEP_SECONDS}s`, external_labels: region.externalLabels },
        rule_files: ["rules.yaml"],
        scrape_configs: [{ job_name: "exporter", static_configs: [{ targets: [`${LOOPBACK}:${exporter.port}`] }] }],
      }));
      const promPort = await freePort();
      promPorts.set(region.name, promPort);
      start(region.name, [
        `--config.file=${path.join(rdir, "prometheus.yaml")}`,
        `--web.listen-address=${LOOPBACK}:${promPort}`,
        `--storage.tsdb.path=${path.join(rdir, "data")}`,
        `--storage.tsdb.retention.time=${region.retention}`,
        `--storage.tsdb.retention.size=${region.retentionSize}`,
        "--log.level=warn",
      ]);

      // The region's Secret: a certificate for federation.<region>.<zone> and htpasswd.
      const credentials = path.join(rdir, "federation");
      const run = path.join(rdir, "run");
      fs.mkdirSync(credentials);
      fs.mkdirSync(run);
      fs.copyFileSync(path.join(dir, "tls.crt"), path.join(credentials, "tls.crt"));
      fs.copyFileSync(path.join(dir, "tls.key"), path.join(credentials, "tls.key"));
      const htpasswd = execFileSync("htpasswd", ["-nbBC", "10", job.basic_auth.username, password], { encoding: "utf8" });
      fs.writeFileSync(path.join(credentials, "htpasswd"), htpasswd);
      const port = await freePort();
      proxyPorts.set(region.name, port);
      const conf = loopbackProxyConfig(region.proxyConfig, { port, credentialsDir: credentials, runDir: run, upstreamUrl: `http://${LOOPBACK}:${promPort}` });
      fs.writeFileSync(path.join(rdir, "nginx.conf"), conf);
      // As root, nginx would run its worker as `nobody`, who cannot read the private work folder.
      const asRoot = process.getuid?.() === 0 ? " user root;" : "";
      start(`${region.name}-proxy`, ["-c", path.join(rdir, "nginx.conf"), "-e", "/dev/stderr", "-g", `daemon off;${asRoot}`]);
    }

    // The webhook receiver both Alertmanagers notify.
    const receiver = await startReceiver();
    servers.push(receiver.server);

    // Hubs: each an Alertmanager, the synthesized peer endpoint in front of it (real nginx:
    // gossip passed through, the alert API over TLS with basic auth) on a loopback address
    // standing in for the hub's reserved load balancer address, and a Prometheus with its
    // synthesized jobs. Each Alertmanager listens on 127.0.0.1 (its pod address) but
    // advertises the endpoint's address and peers with the other's, as synthesized; each
    // Prometheus sends to its own Alertmanager and, through the other's endpoint, to the
    // other's. The cluster's notification log lets only one of them notify.
    issue("alertmanager-peer", [ALERTMANAGER_PEER_NAME]);
    const peerPassword = randomBytes(16).toString("hex");
    const peerAuth = path.join(dir, "peer-auth");
    fs.mkdirSync(peerAuth);
    const peerUser = input.hubs[0].cluster.peerAlertmanagers[0]?.basic_auth?.username;
    if (!peerUser) throw new Error(`hub ${input.hubs[0].region} sends alerts to no other hub's Alertmanager (prometheusSpec.additionalAlertManagerConfigs)`);
    fs.writeFileSync(path.join(peerAuth, "htpasswd"), execFileSync("htpasswd", ["-nbBC", "10", peerUser, peerPassword], { encoding: "utf8" }));
    fs.writeFileSync(path.join(peerAuth, "password"), peerPassword);
    fs.copyFileSync(path.join(dir, "ca.crt"), path.join(peerAuth, "ca.crt"));
    const peerTlsDir = path.join(dir, "peer-tls");
    fs.mkdirSync(peerTlsDir);
    fs.copyFileSync(path.join(dir, "alertmanager-peer.crt"), path.join(peerTlsDir, "tls.crt"));
    fs.copyFileSync(path.join(dir, "alertmanager-peer.key"), path.join(peerTlsDir, "tls.key"));
    // A loopback /24 of its own per run (127.a.b.11, .12), so parallel runs cannot collide on the synthesized ports.
    const net24 = `127.${2 + Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
    const lbOf = new Map(input.hubs.map((h, i) => [hostOf(h.cluster.advertiseAddress), `${net24}.${11 + i}`] as const));
    if (lbOf.size !== input.hubs.length) throw new Error(`the hubs advertise the same address: ${input.hubs.map((h) => h.cluster.advertiseAddress).join(", ")}`);
    // A peer address or alert target that is no hub's advertised address could never be reached.
    const onLoopback = (hostPort: string, what: string) => {
      const lb = lbOf.get(hostOf(hostPort));
      if (!lb) throw new Error(`${what} ${hostPort} is no hub's advertised peer address (${[...lbOf.keys()].join(", ")})`);
      return `${lb}:${hostPort.slice(hostPort.lastIndexOf(":") + 1)}`;
    };
    const hubPorts = new Map<string, { prometheus: number; alertmanager: number; cluster: number }>();
    const startHub = async (hub: E2eHub) => {
      const hdir = path.join(dir, `hub-${hub.region}`);
      fs.mkdirSync(hdir, { recursive: true });
      const ports = hubPorts.get(hub.region) ?? { prometheus: await freePort(), alertmanager: await freePort(), cluster: await freePort() };
      hubPorts.set(hub.region, ports);
      const peerTls = path.join(hdir, "cluster-tls.yaml");
      fs.writeFileSync(peerTls, stringify({
        tls_server_config: {
          cert_file: path.join(dir, "alertmanager-peer.crt"),
          key_file: path.join(dir, "alertmanager-peer.key"),
          client_ca_file: path.join(dir, "ca.crt"),
          client_auth_type: "RequireAndVerifyClientCert",
        },
        tls_client_config: {
          ca_file: path.join(dir, "ca.crt"),
          cert_file: path.join(dir, "alertmanager-peer.crt"),
          key_file: path.join(dir, "alertmanager-peer.key"),
          server_name: ALERTMANAGER_PEER_NAME,
        },
      }));
      fs.writeFileSync(path.join(hdir, "alertmanager.yaml"), stringify(loopbackAlertmanagerConfig(hub.alertmanagerConfig, `http://${LOOPBACK}:${receiver.port}/`)));
      start(`${hub.region}-alertmanager`, [
        `--config.file=${path.join(hdir, "alertmanager.yaml")}`,
        `--storage.path=${path.join(hdir, "am-data")}`,
        `--web.listen-address=${LOOPBACK}:${ports.alertmanager}`,
        `--cluster.listen-address=${LOOPBACK}:${ports.cluster}`,
        `--cluster.advertise-address=${onLoopback(hub.cluster.advertiseAddress, `hub ${hub.region}'s advertised address`)}`,
        ...hub.cluster.peers.map((p) => `--cluster.peer=${onLoopback(p, `hub ${hub.region}'s peer`)}`),
        `--cluster.tls-config=${peerTls}`,
        "--log.level=warn",
      ]);
      const run = path.join(hdir, "peer-run");
      fs.mkdirSync(run, { recursive: true });
      fs.writeFileSync(path.join(hdir, "peer-nginx.conf"), loopbackPeerProxyConfig(hub.peerProxyConfig, {
        address: lbOf.get(hostOf(hub.cluster.advertiseAddress))!,
        gossipUpstream: `${LOOPBACK}:${ports.cluster}`,
        apiUpstream: `http://${LOOPBACK}:${ports.alertmanager}`,
        tlsDir: peerTlsDir,
        authDir: peerAuth,
        runDir: run,
        streamModule: input.streamModule ?? DEBIAN_STREAM_MODULE,
      }));
      const asRoot = process.getuid?.() === 0 ? " user root;" : "";
      start(`${hub.region}-peer-proxy`, ["-c", path.join(hdir, "peer-nginx.conf"), "-e", "/dev/stderr", "-g", `daemon off;${asRoot}`]);
      const jobs = hub.federationJobs.map((j) => {
        const region = j.static_configs[0].labels.region;
        const relocate = (file: string) => path.join(secrets, path.basename(file));
        // The own region is scraped in-cluster (http, no credentials); the others through their proxies.
        const target = j.scheme === "http" ? promPorts.get(region) : proxyPorts.get(region);
        return {
          ...j,
          scrape_interval: `${STEP_SECONDS}s`,
          scrape_timeout: `${STEP_SECONDS}s`,
          ...(j.basic_auth ? { basic_auth: { ...j.basic_auth, password_file: relocate(j.basic_auth.password_file) } } : {}),
          ...(j.tls_config ? { tls_config: { ...j.tls_config, ca_file: relocate(j.tls_config.ca_file) } } : {}),
          static_configs: j.static_configs.map((sc) => ({ ...sc, targets: [`${LOOPBACK}:${target}`] })),
        };
      });
      // The other hubs' Alertmanagers as synthesized, their addresses and Secret files moved to this machine.
      const others = hub.cluster.peerAlertmanagers.map((am) => ({
        ...am,
        basic_auth: { ...am.basic_auth, password_file: path.join(peerAuth, path.basename(am.basic_auth.password_file)) },
        tls_config: { ...am.tls_config, ca_file: path.join(peerAuth, path.basename(am.tls_config.ca_file)) },
        static_configs: am.static_configs.map((sc: { targets: string[] }) => ({ targets: sc.targets.map((t) => onLoopback(t, `hub ${hub.region}'s alert target`)) })),
      }));
      fs.writeFileSync(path.join(hdir, "rules.yaml"), stringify(fastRules(input.hubRules)));
      fs.writeFileSync(path.join(hdir, "prometheus.yaml"), stringify({
        global: { scrape_interval: `${STEP_SECONDS}s`, evaluation_interval: `${STEP_SECONDS}s` },
        rule_files: ["rules.yaml"],
        // Its own Alertmanager in the cluster (the chart's default endpoint), then the others'.
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`${LOOPBACK}:${ports.alertmanager}`] }] }, ...others] },
        scrape_configs: jobs,
      }));
      start(`${hub.region}-hub`, [
        `--config.file=${path.join(hdir, "prometheus.yaml")}`,
        `--web.listen-address=${LOOPBACK}:${ports.prometheus}`,
        `--storage.tsdb.path=${path.join(hdir, "data")}`,
        "--log.level=warn",
      ]);
    };
    const stopHub = async (hub: E2eHub) => {
      for (const part of ["hub", "alertmanager", "peer-proxy"]) await stop(`${hub.region}-${part}`);
    };
    for (const hub of input.hubs) await startHub(hub);
    // The Alertmanagers form one cluster through the advertised (load balancer) addresses.
    const clusterFormed = async (hubs: readonly E2eHub[]) => {
      const want = hubs.map((h) => onLoopback(h.cluster.advertiseAddress, "advertised address")).sort();
      for (const hub of hubs) {
        await wait(`hub ${hub.region}'s Alertmanager to see ${want.join(" and ")} as its cluster`, async () => {
          const status = await getJson(`http://${LOOPBACK}:${hubPorts.get(hub.region)!.alertmanager}/api/v2/status`);
          const peers = ((status.cluster?.peers ?? []) as { address: string }[]).map((p) => p.address).sort();
          return status.cluster?.status === "ready" && JSON.stringify(peers) === JSON.stringify(want) ? true : undefined;
        });
      }
    };
    const t0Cluster = Date.now();
    await clusterFormed(input.hubs);
    log(`the hubs' Alertmanagers formed one cluster through their advertised peer endpoints (${input.hubs.map((h) => onLoopback(h.cluster.advertiseAddress, "")).join(", ")}; real nginx stream in front, mutual TLS end to end) within ${((Date.now() - t0Cluster) / 1000).toFixed(1)} s`);
    // Each Prometheus has both Alertmanagers: its own and the other's through the peer endpoint.
    for (const hub of input.hubs) {
      await wait(`hub ${hub.region}'s Prometheus to discover both Alertmanagers`, async () => {
        const page = await getText(`http://${LOOPBACK}:${hubPorts.get(hub.region)!.prometheus}/metrics`);
        return metricValue(page, "prometheus_notifications_alertmanagers_discovered") === input.hubs.length ? true : undefined;
      });
    }
    log(`each hub's Prometheus discovered ${input.hubs.length} Alertmanagers (prometheus_notifications_alertmanagers_discovered)`);
    // The peer endpoint's API: credentials needed, and nothing but POST /api/v2/alerts.
    {
      // Where the primary's Prometheus sends alerts: the standby's endpoint.
      const target = onLoopback(primary.cluster.peerAlertmanagers[0].static_configs[0].targets[0] as string, `hub ${primary.region}'s alert target`);
      const port = Number(target.slice(target.lastIndexOf(":") + 1));
      const ca = fs.readFileSync(path.join(dir, "ca.crt"), "utf8");
      const host = hostOf(target);
      const auth = `${peerUser}:${peerPassword}`;
      const cases: [string, string, string | undefined, number][] = [
        ["POST", "/api/v2/alerts", undefined, 401],
        ["POST", "/api/v2/alerts", `${peerUser}:wrong`, 401],
        ["GET", "/api/v2/alerts", auth, 403],
        ["GET", "/api/v2/status", auth, 404],
        ["POST", "/api/v2/silences", auth, 404],
        ["POST", "/api/v2/alerts", auth, 200],
      ];
      for (const [method, urlPath, a, want] of cases) {
        const got = await wait(`${method} ${urlPath} at hub ${standby.region}'s peer endpoint`, () => tlsStatus(host, port, ca, ALERTMANAGER_PEER_NAME, method, urlPath, a));
        if (got !== want) throw new Error(`${method} ${urlPath} ${a ? "with" : "without"} credentials at hub ${standby.region}'s peer endpoint got HTTP ${got}, expected ${want}`);
      }
      log(`hub ${standby.region}'s peer endpoint: 401 without or with a wrong password, 403/404 for anything but POST /api/v2/alerts, 200 for it`);
    }
    const apiAt = (hub: string) => (q: string) => getJson(`http://${LOOPBACK}:${hubPorts.get(hub)!.prometheus}/api/v1/query?query=${encodeURIComponent(q)}`);
    log(`started ${input.regions.length} regional servers with their federation proxies, and hubs ${input.hubs.map((h) => h.region).join(" (primary), ")} (standby) on ${LOOPBACK}`);

    // The proxy: no or wrong credentials get 401; only /federate is passed on.
    const [first] = input.regions;
    const firstJob = remoteJobOf(first.name)!;
    const ca = fs.readFileSync(path.join(dir, "ca.crt"), "utf8");
    const probe = (urlPath: string, auth?: string) => proxyStatus(proxyPorts.get(first.name)!, ca, firstJob.tls_config!.server_name, urlPath, auth);
    const hubUser = firstJob.basic_auth!.username;
    const expectations: [string, string | undefined, number][] = [
      ["/federate?match[]=up", undefined, 401],
      ["/federate?match[]=up", `${hubUser}:wrong-password`, 401],
      ["/api/v1/query?query=up", `${hubUser}:${passwords.get(first.name)}`, 404],
      ["/federate?match[]=up", `${hubUser}:${passwords.get(first.name)}`, 200],
    ];
    await wait(`the ${first.name} proxy to answer`, async () => ((await probe("/healthz")) === 200 ? true : undefined));
    for (const [urlPath, auth, want] of expectations) {
      const got = await wait(`${urlPath} through the ${first.name} proxy`, async () => {
        const code = await probe(urlPath, auth);
        return code === 502 ? undefined : code; // the Prometheus behind it may still be starting
      });
      if (got !== want) throw new Error(`GET ${urlPath} ${auth ? "with" : "without"} credentials through the ${first.name} proxy got HTTP ${got}, expected ${want}`);
    }
    log(`${first.name} proxy: 401 without or with a wrong password, 404 for the API, 200 for /federate with the hub's`);

    // At both hubs: every region's series arrive with its labels, and every dashboard panel has data.
    for (const hub of input.hubs) {
      const api = apiAt(hub.region);
      for (const series of ["region:dcgm_gpu_utilization:avg", "region_model:serve_requests:rate5m", "region_model:vllm_kv_cache_usage:max"]) {
        await wait(`${series} from every region at hub ${hub.region}`, async () => {
          const res = await api(series);
          const got = (res.data?.result ?? []) as { metric: Record<string, string> }[];
          // exported_* labels would mean the hub overwrote the regions' labels (honor_labels off).
          const clashes = got.flatMap((x) => Object.keys(x.metric).filter((k) => k.startsWith("exported_")));
          if (clashes.length > 0) throw new WrongResult(`${series} arrived with ${[...new Set(clashes)].join(", ")}: the hub relabelled the regions' labels`);
          return input.regions.every((r) => got.some((x) => Object.entries(r.externalLabels).every(([k, v]) => x.metric[k] === v))) ? true : undefined;
        });
      }
      const util = await api("region:dcgm_gpu_utilization:avg");
      for (const x of util.data.result as { metric: Record<string, string>; value: [number, string] }[]) {
        if (Math.abs(Number(x.value[1]) - 0.7) > 1e-9) throw new Error(`${x.metric.region}: GPU utilization ${x.value[1]}, expected 0.7 (avg of 60 and 80 percent)`);
      }
      // Health checks (application "") do not count as traffic: 10 of 11 requests per scrape succeed.
      await wait(`the error ratio without health checks at hub ${hub.region}`, async () => {
        const res = await api("region:serve_request_errors:ratio_rate5m");
        const got = (res.data?.result ?? []) as { value: [number, string] }[];
        if (got.length !== input.regions.length) return undefined;
        for (const x of got) if (Math.abs(Number(x.value[1]) - 1 / 11) > 1e-6) throw new WrongResult(`5xx ratio ${x.value[1]}, expected 1/11: health checks are counted`);
        return true;
      });
      let empty: string[] = [];
      await wait(`every dashboard panel to show data at hub ${hub.region}`, async () => {
        empty = [];
        for (const q of input.dashboardQueries) {
          const res = await api(q.expr);
          if (res.status !== "success" || (res.data?.result ?? []).length === 0) empty.push(`${q.dashboard} / ${q.panel}: ${q.expr}`);
        }
        return empty.length === 0 ? true : undefined;
      }).catch((e: Error) => {
        throw new Error(`${e.message}; panels without data at hub ${hub.region}:\n  ${empty.join("\n  ")}`);
      });
      log(`hub ${hub.region}: every region's series with region, cloud and cluster labels; 5xx ratio 1/11 (health checks left out); all ${input.dashboardQueries.length} dashboard queries return data`);
    }

    // A dead model (its vLLM replica unhealthy, the ingress still healthy) in a region:
    // ModelServingDown reaches the receiver exactly once with both hubs up, with the
    // standby hub lost, and (the standby back) with the primary hub lost.
    const settle = 25_000; // longer than the Alertmanager peer timeout (15 s): a duplicate would have come
    const firingFor = (region: string) => receiver.notifications.filter((n) => n.firing.some((l) => l.alertname === "ModelServingDown" && l.region === region));
    const raise = async (region: string, phase: string) => {
      const t0 = Date.now();
      faults.get(region)!.modelDown = true;
      await wait(`ModelServingDown for ${region} at the receiver (${phase})`, async () => (firingFor(region).length > 0 ? true : undefined));
      const ms = firingFor(region)[0].at - t0;
      await sleep(settle);
      const count = firingFor(region).length;
      if (count !== 1) throw new Error(`${phase}: ModelServingDown for ${region} reached the receiver ${count} times, expected exactly once`);
      log(`${phase}: a dead model in ${region} reached the webhook receiver once, ${(ms / 1000).toFixed(1)} s after the fault (no duplicate within ${settle / 1000} s more)`);
      return ms;
    };
    const regionsByName = input.regions.map((r) => r.name);
    if (regionsByName.length < 3) throw new Error(`the hub-loss phases need three regions (one fault each), got ${regionsByName.join(", ")}`);
    await raise(regionsByName[0], "both hubs up");
    // Both Alertmanagers received the alert from both Prometheus servers.
    for (const hub of input.hubs) {
      const page = await getText(`http://${LOOPBACK}:${hubPorts.get(hub.region)!.alertmanager}/metrics`);
      const received = metricValue(page, "alertmanager_alerts_received_total", 'status="firing"');
      if (received === 0) throw new Error(`hub ${hub.region}'s Alertmanager received no firing alert`);
      const sent = await getText(`http://${LOOPBACK}:${hubPorts.get(hub.region)!.prometheus}/metrics`);
      const targets = sent.split("\n").filter((l) => l.startsWith("prometheus_notifications_sent_total{") && !l.endsWith(" 0")).length;
      if (targets !== input.hubs.length) throw new Error(`hub ${hub.region}'s Prometheus sent alerts to ${targets} Alertmanagers, expected ${input.hubs.length}`);
    }
    log("both hubs' Prometheus sent to both Alertmanagers (prometheus_notifications_sent_total per Alertmanager), and both Alertmanagers received firing alerts");

    await stopHub(standby);
    log(`stopped the standby hub (${standby.region}): its Prometheus, Alertmanager and peer endpoint`);
    await raise(regionsByName[1], "standby hub lost");

    await startHub(standby);
    const t0Rejoin = Date.now();
    await clusterFormed(input.hubs);
    log(`restarted the standby hub; the cluster re-formed within ${((Date.now() - t0Rejoin) / 1000).toFixed(1)} s`);
    await stopHub(primary);
    log(`stopped the primary hub (${primary.region}): its Prometheus, Alertmanager and peer endpoint`);
    await raise(regionsByName[2], "primary hub lost");
    const api = apiAt(standby.region);
    const up = await api(`up{job=~"federate-.+"} == 1`);
    const seen = (up.data.result as { metric: Record<string, string> }[]).map((x) => x.metric.region).sort();
    if (JSON.stringify(seen) !== JSON.stringify([...regionsByName].sort())) throw new Error(`the standby hub federates ${seen}, expected ${regionsByName}`);
    log(`the standby hub (${standby.region}) still federates ${seen.join(", ")}`);
  } catch (e) {
    for (const name of procs.keys()) {
      const file = path.join(dir, `${name}.log`);
      const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
      if (text) log(`--- ${name}.log\n${text.split("\n").slice(-15).join("\n")}`);
    }
    throw e;
  } finally {
    guard.release();
    await Promise.all([...procs.keys()].map(stop));
    await Promise.all([...exporters, ...servers].map((x) => new Promise((r) => x.close(r))));
  }
}
