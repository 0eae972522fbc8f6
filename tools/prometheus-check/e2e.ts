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
import type { DashboardQuery } from "./rendered";

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
  /** @default 240 - seconds the whole test may take */
  readonly timeoutSeconds?: number;
  readonly log?: (line: string) => void;
}

const LOOPBACK = "127.0.0.1";
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
  const deadline = Date.now() + (input.timeoutSeconds ?? 240) * 1000;
  const dir = input.workDir;
  const procs = new Map<string, ChildProcess>();
  const exporters: http.Server[] = [];
  const servers: http.Server[] = [];
  const start = (name: string, args: string[]) => {
    const logFile = fs.openSync(path.join(dir, `${name}.log`), "w");
    const bin = name.endsWith("-proxy") ? input.nginx : name.endsWith("-alertmanager") ? input.alertmanager : input.prometheus;
    // Its own process group, so killing the group takes nginx's workers along.
    const child = spawn(bin, args, { stdio: ["ignore", logFile, logFile], detached: true });
    procs.set(name, child);
    return child;
  };
  const stopped = new Set<string>();
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

    // Hubs: each an Alertmanager (clustered with the other's over mutual TLS) and a
    // Prometheus with its synthesized jobs pointed at this machine, sending to its own
    // Alertmanager: both evaluate the same rules on the same data, and the cluster's
    // notification log lets only one of them notify.
    issue("alertmanager-peer", [ALERTMANAGER_PEER_NAME]);
    const clusterPorts = await Promise.all(input.hubs.map(() => freePort()));
    const hubPorts = new Map<string, { prometheus: number; alertmanager: number }>();
    for (const [i, hub] of input.hubs.entries()) {
      const hdir = path.join(dir, `hub-${hub.region}`);
      fs.mkdirSync(hdir);
      const ports = { prometheus: await freePort(), alertmanager: await freePort() };
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
        `--cluster.listen-address=${LOOPBACK}:${clusterPorts[i]}`,
        `--cluster.advertise-address=${LOOPBACK}:${clusterPorts[i]}`,
        ...clusterPorts.filter((_, j) => j !== i).map((p) => `--cluster.peer=${LOOPBACK}:${p}`),
        `--cluster.tls-config=${peerTls}`,
        "--log.level=warn",
      ]);
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
      fs.writeFileSync(path.join(hdir, "rules.yaml"), stringify(fastRules(input.hubRules)));
      fs.writeFileSync(path.join(hdir, "prometheus.yaml"), stringify({
        global: { scrape_interval: `${STEP_SECONDS}s`, evaluation_interval: `${STEP_SECONDS}s` },
        rule_files: ["rules.yaml"],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`${LOOPBACK}:${ports.alertmanager}`] }] }] },
        scrape_configs: jobs,
      }));
      start(`${hub.region}-hub`, [
        `--config.file=${path.join(hdir, "prometheus.yaml")}`,
        `--web.listen-address=${LOOPBACK}:${ports.prometheus}`,
        `--storage.tsdb.path=${path.join(hdir, "data")}`,
        "--log.level=warn",
      ]);
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
    // ModelServingDown reaches the receiver exactly once, with both hubs up, then with
    // the primary hub gone.
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
    await raise(regionsByName[0], "both hubs up");

    await stop(`${primary.region}-hub`);
    await stop(`${primary.region}-alertmanager`);
    log(`stopped the primary hub (${primary.region}): its Prometheus and Alertmanager`);
    await raise(regionsByName[regionsByName.length - 1], "primary hub lost");
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
