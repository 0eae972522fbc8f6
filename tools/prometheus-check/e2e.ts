import { execFileSync, spawn, type ChildProcess } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";
import { stringify } from "yaml";
import type { RuleGroup, ScrapeConfig } from "../../constructs/prometheus-federation";
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

/** Inputs of {@link runFederationE2e}: what the platform synthesized. */
export interface E2eInput {
  readonly prometheus: string;
  readonly nginx: string;
  readonly workDir: string;
  readonly regions: readonly E2eRegion[];
  /** The regional recording rules file. */
  readonly regionalRules: { groups: RuleGroup[] };
  /** The hub's alert rules file. */
  readonly hubRules: { groups: RuleGroup[] };
  /** The hub's federation jobs, as synthesized. */
  readonly federationJobs: readonly ScrapeConfig[];
  /** The Grafana panel queries; each must return data at the hub. */
  readonly dashboardQueries: readonly DashboardQuery[];
  /** @default 90 - seconds the whole test may take */
  readonly timeoutSeconds?: number;
  readonly log?: (line: string) => void;
}

const LOOPBACK = "127.0.0.1";
const STEP_SECONDS = 1;
const REQUEST_TIMEOUT_MS = 5000;

/** A free TCP port on 127.0.0.1 (shared with the failover drill). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, LOOPBACK, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exposition lines of a cumulative histogram for model llama-8b (counts per bound; +Inf = last). */
function histogram(name: string, bounds: number[], counts: number[]): string[] {
  const labels = 'model_name="llama-8b"';
  const total = counts[counts.length - 1];
  return [
    ...bounds.map((b, i) => `${name}_bucket{${labels},le="${b}"} ${counts[i]}`),
    `${name}_bucket{${labels},le="+Inf"} ${total}`,
    `${name}_count{${labels}} ${total}`,
  ];
}

/** A tiny exporter with DCGM, Ray Serve and vLLM series; counters grow on every scrape. */
function startExporter(region: string): Promise<{ server: http.Server; port: number }> {
  let scrapes = 0;
  const server = http.createServer((_req, res) => {
    scrapes++;
    const lines = [
      `DCGM_FI_DEV_GPU_UTIL{gpu="0",Hostname="${region}-gpu-a",modelName="NVIDIA L4"} 60`,
      `DCGM_FI_DEV_GPU_UTIL{gpu="1",Hostname="${region}-gpu-a",modelName="NVIDIA L4"} 80`,
      `DCGM_FI_DEV_FB_USED{gpu="0",Hostname="${region}-gpu-a",modelName="NVIDIA L4"} 18000`,
      `DCGM_FI_DEV_FB_FREE{gpu="0",Hostname="${region}-gpu-a",modelName="NVIDIA L4"} 4000`,
      `DCGM_FI_DEV_GPU_TEMP{gpu="0",Hostname="${region}-gpu-a",modelName="NVIDIA L4"} 61`,
      `DCGM_FI_DEV_XID_ERRORS{gpu="0",Hostname="${region}-gpu-a",modelName="NVIDIA L4"} 0`,
      `DCGM_FI_DEV_XID_ERRORS{gpu="1",Hostname="${region}-gpu-a",modelName="NVIDIA L4"} 13`,
      `ray_serve_num_http_requests_total{application="llama-8b",status_code="200"} ${scrapes * 10}`,
      `ray_serve_num_http_requests_total{application="llama-8b",status_code="500"} ${scrapes}`,
      `ray_serve_deployment_replica_healthy{application="llama-8b",replica="r1"} 1`,
      `ray_vllm:kv_cache_usage_perc{model_name="llama-8b"} 0.42`,
      `ray_vllm:num_requests_waiting{model_name="llama-8b"} 3`,
      `ray_vllm:num_requests_running{model_name="llama-8b"} 5`,
      ...histogram("ray_vllm:time_to_first_token_seconds", [0.5, 1, 2.5], [scrapes * 6, scrapes * 9, scrapes * 10]),
      ...histogram("ray_vllm:inter_token_latency_seconds", [0.02, 0.05], [scrapes * 50, scrapes * 100]),
    ];
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(`${lines.join("\n")}\n`);
  });
  return new Promise((resolve) => server.listen(0, LOOPBACK, () => resolve({ server, port: (server.address() as net.AddressInfo).port })));
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

/** Group intervals scaled to the test's step, so rules evaluate in seconds rather than 30 s. */
function fastRules(rules: { groups: RuleGroup[] }): { groups: RuleGroup[] } {
  return { groups: rules.groups.map((g) => ({ ...g, interval: `${STEP_SECONDS}s` })) };
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

/** SIGKILL to a started process and everything in its process group (nginx workers). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch (e) {
    // ESRCH: the group is already gone, which is the goal.
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
  }
}

/** A wrong result (not a not-yet-ready one): stops the wait at once. */
export class WrongResult extends Error {}

/** Polls `probe` every 500 ms until it returns a value, a crash is reported, or the deadline passes. */
export async function until<T>(what: string, deadline: number, probe: () => Promise<T | undefined>, crashed?: () => string | undefined): Promise<T> {
  let last: unknown;
  while (Date.now() < deadline) {
    const dead = crashed?.();
    if (dead) throw new Error(`${dead} exited while waiting for ${what}`);
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      if (e instanceof WrongResult) throw e;
      last = e;
    }
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

/**
 * Three (or more) regional Prometheus servers with the synthesized external labels and
 * recording rules, each scraping a local exporter and behind the synthesized federation
 * proxy run by a real nginx (TLS, basic auth, /federate only); a hub
 * Prometheus with the synthesized federation jobs (targets and credential folder
 * pointed at this machine, intervals scaled to seconds) and alert rules. Asserts that
 * every region's series arrive with its labels, then stops one region and asserts the
 * hub marks it down and FederationTargetDown goes pending or firing.
 * Uses only 127.0.0.1, is bounded in time, and stops everything it started.
 */
export async function runFederationE2e(input: E2eInput): Promise<void> {
  const log = input.log ?? (() => undefined);
  const deadline = Date.now() + (input.timeoutSeconds ?? 90) * 1000;
  const dir = input.workDir;
  const procs = new Map<string, ChildProcess>();
  const exporters: http.Server[] = [];
  const start = (name: string, args: string[]) => {
    const logFile = fs.openSync(path.join(dir, `${name}.log`), "w");
    // Its own process group, so killing the group takes nginx's workers along.
    const child = spawn(name.endsWith("-proxy") ? input.nginx : input.prometheus, args, { stdio: ["ignore", logFile, logFile], detached: true });
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
  const killAll = () => procs.forEach(killGroup);
  const onSignal = (signal: NodeJS.Signals) => {
    killAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const watchdog = setTimeout(() => {
    log("watchdog: the loopback test overran its time bound; stopping everything");
    killAll();
    process.exit(1);
  }, deadline - Date.now() + 15_000);

  try {
    // Certificates for federation.<region>.<zone>, as the regions' Secrets would hold.
    const hosts = input.federationJobs.map((j) => j.tls_config.server_name);
    const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=federation-test-ca"]);
    openssl(["req", ...ec, "-keyout", "tls.key", "-out", "tls.csr", "-subj", "/CN=federation"]);
    fs.writeFileSync(path.join(dir, "san.cnf"), `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}\n`);
    openssl(["x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tls.crt", "-days", "1", "-extfile", "san.cnf"]);
    const secrets = path.join(dir, "hub-secrets");
    fs.mkdirSync(secrets);
    fs.copyFileSync(path.join(dir, "ca.crt"), path.join(secrets, "ca.crt"));

    // Regions: exporter, Prometheus, and the synthesized federation proxy (real nginx) in front.
    const ports = new Map<string, number>();
    const passwords = new Map<string, string>();
    for (const region of input.regions) {
      const job = input.federationJobs.find((j) => j.static_configs[0]?.labels.region === region.name);
      if (!job) throw new Error(`the hub has no federation job for region ${region.name}`);
      const password = randomBytes(16).toString("hex");
      passwords.set(region.name, password);
      fs.writeFileSync(path.join(secrets, path.basename(job.basic_auth.password_file)), password);

      const exporter = await startExporter(region.name);
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
      ports.set(region.name, port);
      const conf = loopbackProxyConfig(region.proxyConfig, { port, credentialsDir: credentials, runDir: run, upstreamUrl: `http://${LOOPBACK}:${promPort}` });
      fs.writeFileSync(path.join(rdir, "nginx.conf"), conf);
      // As root, nginx would run its worker as `nobody`, who cannot read the private work folder.
      const asRoot = process.getuid?.() === 0 ? " user root;" : "";
      start(`${region.name}-proxy`, ["-c", path.join(rdir, "nginx.conf"), "-e", "/dev/stderr", "-g", `daemon off;${asRoot}`]);
    }

    // Hub: the synthesized jobs, pointed at this machine.
    const hubDir = path.join(dir, "hub");
    fs.mkdirSync(hubDir);
    const jobs = input.federationJobs.map((j) => {
      const region = j.static_configs[0].labels.region;
      const relocate = (file: string) => path.join(secrets, path.basename(file));
      return {
        ...j,
        scrape_interval: `${STEP_SECONDS}s`,
        scrape_timeout: `${STEP_SECONDS}s`,
        basic_auth: { ...j.basic_auth, password_file: relocate(j.basic_auth.password_file) },
        tls_config: { ...j.tls_config, ca_file: relocate(j.tls_config.ca_file) },
        static_configs: j.static_configs.map((s) => ({ ...s, targets: [`${LOOPBACK}:${ports.get(region)}`] })),
      };
    });
    fs.writeFileSync(path.join(hubDir, "rules.yaml"), stringify(input.hubRules));
    fs.writeFileSync(path.join(hubDir, "prometheus.yaml"), stringify({
      global: { scrape_interval: `${STEP_SECONDS}s`, evaluation_interval: `${STEP_SECONDS}s` },
      rule_files: ["rules.yaml"],
      scrape_configs: jobs,
    }));
    const hubPort = await freePort();
    start("hub", [
      `--config.file=${path.join(hubDir, "prometheus.yaml")}`,
      `--web.listen-address=${LOOPBACK}:${hubPort}`,
      `--storage.tsdb.path=${path.join(hubDir, "data")}`,
      "--log.level=warn",
    ]);
    const api = (q: string) => getJson(`http://${LOOPBACK}:${hubPort}/api/v1/query?query=${encodeURIComponent(q)}`);
    log(`started ${input.regions.length} regional servers with their federation proxies and the hub on ${LOOPBACK}`);

    // The proxy: no or wrong credentials get 401; only /federate is passed on.
    const [first] = input.regions;
    const firstJob = jobs.find((j) => j.static_configs[0].labels.region === first.name)!;
    const ca = fs.readFileSync(path.join(dir, "ca.crt"), "utf8");
    const probe = (urlPath: string, auth?: string) => proxyStatus(ports.get(first.name)!, ca, firstJob.tls_config.server_name, urlPath, auth);
    const hubUser = firstJob.basic_auth.username;
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

    // Every region's recording-rule series arrive with its external labels.
    for (const series of ["region:dcgm_gpu_utilization:avg", "region_model:serve_requests:rate5m", "region_model:vllm_kv_cache_usage:max"]) {
      await wait(`${series} from every region at the hub`, async () => {
        const res = await api(series);
        const got = (res.data?.result ?? []) as { metric: Record<string, string> }[];
        // exported_* labels would mean the hub overwrote the regions' labels (honor_labels off).
        const clashes = got.flatMap((s) => Object.keys(s.metric).filter((k) => k.startsWith("exported_")));
        if (clashes.length > 0) throw new WrongResult(`${series} arrived with ${[...new Set(clashes)].join(", ")}: the hub relabelled the regions' labels`);
        const complete = input.regions.every((r) =>
          got.some((s) => Object.entries(r.externalLabels).every(([k, v]) => s.metric[k] === v)));
        return complete ? true : undefined;
      });
      log(`${series}: arrived from ${input.regions.map((r) => r.name).join(", ")} with region, cloud and cluster labels`);
    }
    const util = await api("region:dcgm_gpu_utilization:avg");
    for (const s of util.data.result as { metric: Record<string, string>; value: [number, string] }[]) {
      if (Math.abs(Number(s.value[1]) - 0.7) > 1e-9) throw new Error(`${s.metric.region}: GPU utilization ${s.value[1]}, expected 0.7 (avg of 60 and 80 percent)`);
    }

    // Every dashboard panel shows data from the federated series.
    let empty: string[] = [];
    const emptyPanels = async () => {
      empty = [];
      for (const q of input.dashboardQueries) {
        const res = await api(q.expr);
        if (res.status !== "success" || (res.data?.result ?? []).length === 0) empty.push(`${q.dashboard} / ${q.panel}: ${q.expr}`);
      }
      return empty.length === 0 ? true : undefined;
    };
    await wait("every dashboard panel to show data", emptyPanels).catch((e: Error) => {
      throw new Error(`${e.message}; panels without data at the hub:\n  ${empty.join("\n  ")}`);
    });
    log(`all ${input.dashboardQueries.length} dashboard panel queries return data at the hub`);

    // Stop one region's Prometheus (its proxy stays, answering 502): the hub marks it
    // down and the federation-down alert goes pending.
    const victim = input.regions[input.regions.length - 1].name;
    await stop(victim);
    log(`stopped the Prometheus of ${victim}`);
    const downJob = jobs.find((j) => j.static_configs[0].labels.region === victim)!.job_name;
    await wait(`up{job="${downJob}"} == 0`, async () => {
      const res = await api(`up{job="${downJob}"} == 0`);
      return res.data?.result?.length === 1 ? true : undefined;
    });
    log(`the hub marks ${downJob} down`);
    const alert = await wait(`FederationTargetDown for ${victim}`, async () => {
      const res = await getJson(`http://${LOOPBACK}:${hubPort}/api/v1/alerts`);
      return (res.data?.alerts ?? []).find((a: { labels: Record<string, string>; state: string }) =>
        a.labels.alertname === "FederationTargetDown" && a.labels.region === victim && ["pending", "firing"].includes(a.state));
    });
    log(`FederationTargetDown{region="${victim}"} is ${alert.state}`);
    const others = await api(`up{job=~"federate-.+"} == 1`);
    const stillUp = (others.data.result as { metric: Record<string, string> }[]).map((s) => s.metric.region).sort();
    const expected = input.regions.map((r) => r.name).filter((r) => r !== victim).sort();
    if (JSON.stringify(stillUp) !== JSON.stringify(expected)) throw new Error(`regions still up: ${stillUp}, expected ${expected}`);
    log(`the other regions stay up: ${stillUp.join(", ")}`);
  } catch (e) {
    for (const name of procs.keys()) {
      const file = path.join(dir, `${name}.log`);
      const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
      if (text) log(`--- ${name}.log\n${text.split("\n").slice(-15).join("\n")}`);
    }
    throw e;
  } finally {
    clearTimeout(watchdog);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await Promise.all([...procs.keys()].map(stop));
    await Promise.all(exporters.map((s) => new Promise((r) => s.close(r))));
  }
}
