import { execFileSync, spawn, type ChildProcess } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import type { PlatformConfig } from "../../config/schema";
import { modelRoutes, regionServingHost } from "../../config/spill";
import { routerConfig } from "../../constructs/llm-serving";
import { ROUTER_SCRIPT, SPILL_TOKEN_ENV, SPILL_TOKEN_HEADER } from "../../constructs/llm-serving";
import { freePort, guardProcesses, sleep, until } from "../lib/processes";
import { startFakeServe, type FakeServe, type ServeMode } from "./fake-serve";
import { chat, steadyLoad, type Target } from "./load";
import { loopbackSite } from "./loopback-site";
import { measure, missedTargets, type HealthPoll, type ScenarioResult, type Targets } from "./measure";

/** Inputs of {@link runDrill}. */
export interface DrillInput {
  readonly config: PlatformConfig;
  readonly nginx: string;
  readonly workDir: string;
  /** @default 20 */
  readonly ratePerSecond?: number;
  /** @default 240 - seconds the whole drill may take */
  readonly timeoutSeconds?: number;
  readonly log?: (line: string) => void;
}

/** What the drill found. */
export interface DrillOutcome {
  readonly model: string;
  readonly local: string;
  readonly peer: string;
  readonly results: ScenarioResult[];
  /** Every missed target and failed contract check; empty when the drill passed. */
  readonly failures: string[];
}

/**
 * The issue's targets: spill within 2 s, at most 1% failed requests while spilled. The
 * health path's is the router's share of detection: its 1 s readiness cache plus the
 * 200 ms poll and slack for a loaded 2-core CI machine.
 */
export const DRILL_TARGETS = { maxSpillMs: 2000, maxFailedRatio: 0.01, maxHealthDownMs: 3000 } as const;

const LOOPBACK = "127.0.0.1";
const REQUEST_TIMEOUT_MS = 5000;
/** Seconds of steady load before the fault, with the fault, and at most after the recovery. */
const BEFORE_S = 2;
const FAULT_S = 6;
const AFTER_MAX_S = 16;

interface Scenario {
  readonly name: string;
  /** Puts the fault in; returns how to recover. */
  readonly fault: (fakes: FakeServe[]) => Promise<void>;
  readonly health: Targets["health"];
}

/**
 * The failover drill: a router per region, rendered by the same function as the
 * platform stack's ConfigMap from the same routes, run by a real nginx on 127.0.0.1 with
 * fake Ray Serve upstreams (see fake-serve.ts); a steady load on the drilled model at the
 * highest-priority region serving it, while scenarios break and heal that region.
 * Bounded in time, loopback only, and stops everything it started on any exit.
 */
export async function runDrill(input: DrillInput): Promise<DrillOutcome> {
  const log = input.log ?? (() => undefined);
  const { config } = input;
  const rate = input.ratePerSecond ?? 20;
  const deadline = Date.now() + (input.timeoutSeconds ?? 240) * 1000;
  const dir = input.workDir;
  const fqdn = `${config.settings.dns.recordName}.${config.settings.dns.zone}`;
  const failures: string[] = [];

  // The drilled model: served by the most regions (ties: catalog order); local = its
  // highest-priority region, peer = where that region spills it.
  const servers = (m: string) => config.regions.filter((r) => r.models.some((x) => x.name === m));
  const model = [...new Set(config.regions.flatMap((r) => r.models.map((m) => m.name)))].sort()
    .reduce((best, m) => (servers(m).length > servers(best).length ? m : best));
  const localRegion = [...servers(model)].sort((a, b) => a.traffic.priority - b.traffic.priority)[0];
  const peer = modelRoutes(config.regions, localRegion.name, fqdn).find((r) => r.model === model)?.spillTo?.region;
  if (!peer) throw new Error(`no region other than ${localRegion.name} serves ${model}: the drill needs two (regions/)`);
  log(`drilling ${model}: load on ${localRegion.name}'s router, which spills it to ${peer}`);

  const procs = new Map<string, ChildProcess>();
  const fakes: FakeServe[] = [];
  const guard = guardProcesses(procs, deadline, "the drill", log);
  const crashed = () => [...procs].find(([, c]) => c.exitCode !== null)?.[0];
  const wait = <T>(what: string, probe: () => Promise<T | undefined>) => until(what, deadline, probe, crashed);

  try {
    // One certificate for every region's own name and the global name, from a drill CA:
    // routers verify their peers against it as they verify the real CA in the cluster.
    const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=drill-ca"]);
    openssl(["req", ...ec, "-keyout", "tls.key", "-out", "tls.csr", "-subj", `/CN=${fqdn}`]);
    const names = [fqdn, ...config.regions.map((r) => regionServingHost(r.name, fqdn))];
    fs.writeFileSync(path.join(dir, "san.cnf"), `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}\n`);
    openssl(["x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tls.crt", "-days", "1", "-extfile", "san.cnf"]);
    const ca = fs.readFileSync(path.join(dir, "ca.crt"), "utf8");
    const token = randomBytes(24).toString("hex");

    const routerPorts = new Map<string, number>();
    for (const r of config.regions) routerPorts.set(r.name, await freePort());
    for (const r of config.regions) {
      for (const m of r.models) fakes.push(await startFakeServe(r.name, m.name));
    }
    const fakesOf = (region: string) => fakes.filter((f) => f.region === region);

    for (const r of config.regions) {
      const rdir = path.join(dir, r.name);
      fs.mkdirSync(rdir);
      fs.writeFileSync(path.join(rdir, "router.js"), ROUTER_SCRIPT);
      const site = loopbackSite({
        port: routerPorts.get(r.name)!,
        readinessPort: await freePort(),
        dir: rdir,
        models: new Map(fakesOf(r.name).map((f) => [f.model, f])),
        routerPorts,
        tlsDir: dir,
        caFile: path.join(dir, "ca.crt"),
      });
      // The platform stack's translation, with the router's default timing.
      const conf = routerConfig({
        region: r.name,
        routes: modelRoutes(config.regions, r.name, fqdn),
        namespace: "llm-serving",
        healthPath: config.settings.traffic.healthCheck.path,
        tlsSecret: "serving-tls",
        spillTokenSecret: "llm-spill-token",
      }, site);
      fs.writeFileSync(path.join(rdir, "nginx.conf"), conf);
      const logFile = fs.openSync(path.join(rdir, "nginx.log"), "w");
      // As root, nginx would run its workers as `nobody`, who cannot read the private work folder.
      const asRoot = process.getuid?.() === 0 ? " user root;" : "";
      const child = spawn(input.nginx, ["-c", path.join(rdir, "nginx.conf"), "-e", "/dev/stderr", "-g", `daemon off;${asRoot}`], {
        stdio: ["ignore", logFile, logFile],
        detached: true,
        env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin", [SPILL_TOKEN_ENV]: token },
      });
      procs.set(`${r.name} router`, child);
    }

    const agent = new https.Agent({ keepAlive: true, maxSockets: 64 });
    const get = (region: string, urlPath: string, headers: Record<string, string> = {}) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = https.get({ host: LOOPBACK, port: routerPorts.get(region), path: urlPath, ca, servername: fqdn, headers: { host: fqdn, ...headers }, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
    });
    const healthPath = config.settings.traffic.healthCheck.path;
    for (const r of config.regions) {
      await wait(`${r.name}'s router to report healthy`, async () => ((await get(r.name, healthPath)).status === 200 ? true : undefined));
    }
    log(`started ${config.regions.length} routers (real nginx ${input.nginx}) and ${fakes.length} fake RayServices on ${LOOPBACK}`);
    const clockOrigin = Date.now();
    const clock = () => Date.now() - clockOrigin;
    const target = (region: string, m: string): Target => ({ port: routerPorts.get(region)!, host: fqdn, ca, model: m, agent });

    // Contract checks before the scenarios.
    failures.push(...await contractChecks({ config, fqdn, model, local: localRegion.name, peer, target, get, clock, fakes, token }));
    for (const f of failures) log(`contract: FAILED ${f}`);

    const scenarios: Scenario[] = [
      { name: `${model} replicas die in ${localRegion.name}`, health: "down", fault: async (fs_) => fs_.find((f) => f.region === localRegion.name && f.model === model)!.setMode("dead") },
      { name: `${localRegion.name} loses every upstream`, health: "down", fault: async () => { for (const f of fakesOf(localRegion.name)) await f.setMode("gone"); } },
      { name: `${model} saturated in ${localRegion.name} (429)`, health: "up", fault: async (fs_) => fs_.find((f) => f.region === localRegion.name && f.model === model)!.setMode("saturated-429") },
      { name: `${model} backpressure in ${localRegion.name} (503)`, health: "up", fault: async (fs_) => fs_.find((f) => f.region === localRegion.name && f.model === model)!.setMode("backpressure-503") },
    ];
    const results: ScenarioResult[] = [];
    for (const s of scenarios) {
      if (Date.now() + (BEFORE_S + FAULT_S + AFTER_MAX_S + 10) * 1000 > deadline) {
        failures.push(`${s.name}: not run, the drill ran out of time`);
        continue;
      }
      const heal = async () => { for (const f of fakes) await f.setMode("healthy" as ServeMode); };
      await heal();
      await wait(`${localRegion.name} healthy before "${s.name}"`, async () => ((await get(localRegion.name, healthPath)).status === 200 ? true : undefined));
      // Let the not-ready hold of the previous scenario run out, so each starts clean.
      await sleep(11_000);

      const health: HealthPoll[] = [];
      let faultMs = Number.POSITIVE_INFINITY;
      let recoverMs = Number.POSITIVE_INFINITY;
      let stopped = false;
      const poller = (async () => {
        while (!stopped) {
          const atMs = clock();
          const status = await get(localRegion.name, healthPath).then((r) => r.status, () => 0);
          health.push({ atMs, status });
          await sleep(200);
        }
      })();
      const load = steadyLoad({ target: target(localRegion.name, model), ratePerSecond: rate, clock, stop: () => stopped, maxRequests: rate * (BEFORE_S + FAULT_S + AFTER_MAX_S + 2), timeoutMs: REQUEST_TIMEOUT_MS });
      await sleep(BEFORE_S * 1000);
      faultMs = clock();
      await s.fault(fakes);
      await sleep(FAULT_S * 1000);
      recoverMs = clock();
      await heal();
      // Run on until traffic is back home for 2 s, or the bound.
      const until_ = clock() + AFTER_MAX_S * 1000;
      let homeSince: number | undefined;
      while (clock() < until_) {
        await sleep(250);
        const probe = await chat(target(localRegion.name, model), false, clock, REQUEST_TIMEOUT_MS);
        if (probe.ok && probe.servedBy === localRegion.name) homeSince ??= clock();
        else homeSince = undefined;
        if (homeSince !== undefined && clock() - homeSince > 2000) break;
      }
      stopped = true;
      const samples = await load;
      await poller;
      const result = measure(s.name, samples, health, localRegion.name, faultMs, recoverMs);
      results.push(result);
      const missed = missedTargets(result, {
        ...DRILL_TARGETS,
        health: s.health,
        // The router holds a not-ready verdict 10 s; a dead upstream also needs its dashboard to say RUNNING again.
        maxFailbackMs: 15_000,
      });
      failures.push(...missed);
      log(`${s.name}: ${missed.length === 0 ? "met its targets" : `MISSED ${missed.join("; ")}`}`);
    }
    return { model, local: localRegion.name, peer, results, failures };
  } catch (e) {
    for (const name of procs.keys()) {
      const file = path.join(dir, name.split(" ")[0], "nginx.log");
      const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
      if (text) log(`--- ${name} nginx.log\n${text.split("\n").filter((l) => !l.includes("[notice]")).slice(-15).join("\n")}`);
    }
    throw e;
  } finally {
    guard.release();
    guard.killAll();
    await Promise.all(fakes.map((f) => f.close()));
  }
}

interface ContractInput {
  readonly config: PlatformConfig;
  readonly fqdn: string;
  readonly model: string;
  readonly local: string;
  readonly peer: string;
  readonly target: (region: string, model: string) => Target;
  readonly get: (region: string, urlPath: string, headers?: Record<string, string>) => Promise<{ status: number; body: string }>;
  readonly clock: () => number;
  readonly fakes: readonly FakeServe[];
  readonly token: string;
}

/**
 * Behaviour the scenarios do not measure: streaming passes unbuffered, locally and over
 * a spill; every region answers every model; a forged spill credential is refused; a
 * peer's spill is never passed on; the model never sees the token.
 */
async function contractChecks(c: ContractInput): Promise<string[]> {
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
  };
  // Streaming: the first event must arrive well before the last (the fake spaces 4 chunks 60 ms apart).
  const streamed = async (region: string, model: string) => {
    const t = c.target(region, model);
    const started = c.clock();
    let first: number | undefined;
    let body = "";
    await new Promise<void>((resolve, reject) => {
      const payload = JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "hi" }] });
      const req = https.request({ host: LOOPBACK, port: t.port, servername: t.host, ca: t.ca, method: "POST", path: `/${model}/v1/chat/completions`, headers: { host: t.host, "content-type": "application/json" }, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          first ??= c.clock();
          body += d;
        });
        res.on("end", () => resolve());
      });
      req.on("error", reject);
      req.end(payload);
    });
    return { firstMs: (first ?? c.clock()) - started, totalMs: c.clock() - started, body };
  };
  const local = await streamed(c.local, c.model);
  check(local.body.includes("data: [DONE]") && local.totalMs - local.firstMs >= 150, `streaming through ${c.local} is buffered: first bytes after ${local.firstMs} ms of ${local.totalMs} ms`);

  // Every region answers every model (through a spill where it does not serve it).
  const catalog = [...new Set(c.config.regions.flatMap((r) => r.models.map((m) => m.name)))];
  for (const r of c.config.regions) {
    for (const m of catalog) {
      const res = await chat(c.target(r.name, m), false, c.clock, REQUEST_TIMEOUT_MS);
      const servesIt = r.models.some((x) => x.name === m);
      check(res.ok, `${r.name} did not answer ${m} (HTTP ${res.status})`);
      if (res.ok) check(servesIt ? res.servedBy === r.name : res.servedBy !== r.name, `${r.name} answered ${m} from ${res.servedBy}`);
      if (!servesIt && res.ok) {
        const s = await streamed(r.name, m);
        check(s.body.includes("data: [DONE]") && s.totalMs - s.firstMs >= 150, `streaming ${m} from ${r.name} through a spill is buffered: first bytes after ${s.firstMs} ms of ${s.totalMs} ms`);
      }
    }
  }
  const forged = await c.get(c.local, `/${c.model}/v1/models`, { [SPILL_TOKEN_HEADER]: "x".repeat(48) });
  check(forged.status === 401, `a forged spill credential got HTTP ${forged.status}, expected 401`);

  // One hop: with the peer's model dead, a spill arriving there is refused, not passed back.
  const peerFake = c.fakes.find((f) => f.region === c.peer && f.model === c.model)!;
  await peerFake.setMode("dead");
  const hop = await c.get(c.peer, `/${c.model}/v1/models`, { [SPILL_TOKEN_HEADER]: c.token });
  check(hop.status === 502 || hop.status === 503, `a spilled request to ${c.peer} with its model dead got HTTP ${hop.status}, expected 502 or 503 (never a second hop)`);
  await peerFake.setMode("healthy");
  for (const f of c.fakes) check(!f.seenHeaders.has(SPILL_TOKEN_HEADER.toLowerCase()), `the spill token reached the model in ${f.region}/${f.model}`);
  return failures;
}
