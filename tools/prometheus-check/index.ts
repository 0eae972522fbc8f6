import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { loadProjectConfig, projectRoot } from "../lib/project";
import { federationEndpointViolations } from "../../constructs/prometheus-federation";
import { runFederationE2e } from "./e2e";
import { hubRegionNames } from "../../config/hubs";
import { referenceMetricNames, unknownInputSeries, unknownMetricNames } from "./metric-names";
import { alertmanagerClusters, alertmanagerConfigs, alertmanagerPeerProxyConfigs, dashboardQueries, federationProxyConfigs, renderedReleases, type RenderedRelease } from "./rendered";
import { readStacks, synthObservability } from "./synth";

/**
 * `npm run test:prometheus`: checks what the platform synthesizes against a real
 * Prometheus. (0) the federation endpoint policy on every synthesized stack; (1) `promtool check rules` on every rule file of every synthesized
 * release; (2) `promtool test rules` on the unit tests in test/prometheus/, run against
 * the synthesized rule files; (3) the loopback federation test (see e2e.ts).
 * Fails loudly when a binary is missing; never passes by skipping.
 *
 * Also (1b) every metric name a rule, alert, panel or federation selector references
 * against the vendored exporter lists in reference/metrics.
 *
 * Environment: PROMETHEUS, PROMTOOL, NGINX, ALERTMANAGER (binaries, default from PATH), CDKTF_OUTDIR
 * (default `cdktf.out`; its stacks are checked too when present).
 */


function requireBinary(bin: string, args: string[], hint: string): void {
  try {
    execFileSync(bin, args, { stdio: "pipe" });
  } catch {
    throw new Error(`'${bin}' is not runnable; ${hint}`);
  }
}

function run(bin: string, args: string[], cwd: string): string {
  try {
    return execFileSync(bin, args, { cwd, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${bin} ${args.join(" ")} failed:\n${err.stdout ?? ""}${err.stderr ?? err.message}`);
  }
}

function only<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0];
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the synthesized values set no ${what}`);
  return value;
}

async function main(): Promise<number> {
  const root = projectRoot(__dirname);
  const prometheus = process.env.PROMETHEUS ?? "prometheus";
  const promtool = process.env.PROMTOOL ?? "promtool";
  const hint = "install it (Debian: apt-get install -y prometheus prometheus-alertmanager nginx apache2-utils openssl) or see .ci/steps/observability.sh";
  requireBinary(prometheus, ["--version"], hint);
  requireBinary(promtool, ["--version"], hint);
  requireBinary("openssl", ["version"], hint);
  requireBinary("htpasswd", ["-nbB", "x", "y"], hint);
  const nginx = process.env.NGINX ?? "nginx";
  requireBinary(nginx, ["-v"], hint);
  // Debian names the binary prometheus-alertmanager; the upstream tarball alertmanager.
  const alertmanager = process.env.ALERTMANAGER ?? "prometheus-alertmanager";
  requireBinary(alertmanager, ["--version"], hint);

  const config = loadProjectConfig(root);
  if (!config) return 1;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "prometheus-check-"));
  // Also when the loopback test exits early on a signal or its watchdog.
  process.once("exit", () => fs.rmSync(work, { recursive: true, force: true }));
  try {
    const own = synthObservability(config, path.join(work, "synth"));
    const platform = readStacks(process.env.CDKTF_OUTDIR ?? path.join(root, "cdktf.out"));
    const releases: RenderedRelease[] = [
      ...Object.entries(own).flatMap(([name, json]) => renderedReleases(name, json)),
      ...Object.entries(platform).flatMap(([name, json]) => renderedReleases(`cdktf.out/${name}`, json)),
    ];

    // 0. Policy: no federation endpoint in any synthesized stack is open to the internet.
    const violations = [...Object.entries(own), ...Object.entries(platform).map(([n, j]) => [`cdktf.out/${n}`, j] as const)]
      .flatMap(([name, json]) => federationEndpointViolations(json as Parameters<typeof federationEndpointViolations>[0]).map((v) => `${name}: ${v}`));
    if (violations.length > 0) throw new Error(`federation endpoint policy:\n  ${violations.join("\n  ")}`);
    console.log(`policy: no federation endpoint open to the internet in ${Object.keys(own).length + Object.keys(platform).length} synthesized stacks`);

    // 1. promtool check rules on every rule file.
    const rulesDir = path.join(work, "rules");
    fs.mkdirSync(rulesDir);
    const files: string[] = [];
    for (const r of releases) {
      for (const [key, content] of Object.entries(r.ruleFiles)) {
        const file = path.join(rulesDir, `${r.stack.replace(/\//g, "_")}.${r.release}.${key}.rules.yaml`);
        fs.writeFileSync(file, stringify(content));
        files.push(file);
      }
    }
    if (files.length === 0) throw new Error("no rule files were synthesized");
    // Dashboard panel queries, as recording rules, so promtool parses their PromQL too.
    const queries = Object.values(own).flatMap((json) => dashboardQueries(json));
    if (queries.length === 0) throw new Error("no Grafana dashboards were synthesized");
    const dashboardsFile = path.join(rulesDir, "dashboards.queries.yaml");
    fs.writeFileSync(dashboardsFile, stringify({ groups: [{ name: "dashboards", rules: queries.map((q, i) => ({ record: `dashboard_query_${i}`, expr: q.expr })) }] }));
    run(promtool, ["check", "rules", ...files, dashboardsFile], rulesDir);
    console.log(`promtool check rules: ${files.length} rule files from ${releases.length} releases and ${queries.length} dashboard queries passed`);

    // 1b. Every metric name referenced is exported by a pinned component or recorded by a platform rule.
    const exported = referenceMetricNames(path.join(root, "reference", "metrics"));
    const names = unknownMetricNames({ ...own, ...Object.fromEntries(Object.entries(platform).map(([n, j]) => [`cdktf.out/${n}`, j])) }, exported);
    if (names.problems.length > 0) throw new Error(`metric names neither exported by a pinned component (reference/metrics) nor recorded by a platform rule:\n  ${names.problems.join("\n  ")}`);
    console.log(`metric names: ${names.checked} references in ${names.expressions} expressions, all exported (reference/metrics) or recorded`);

    // 2. promtool test rules against the synthesized rule files.
    const hubNames = hubRegionNames(config.settings);
    const ownReleases = releases.filter((r) => !r.stack.startsWith("cdktf.out/"));
    const hubOf = (region: string) => only(ownReleases.filter((r) => r.stack === `${region}-observability` && r.ruleFiles["platform-hub"]), `hub release of ${region}`);
    const hub = hubOf(hubNames[0]);
    const regionalOf = (region: string) => only(ownReleases.filter((r) => r.stack === `${region}-observability` && r.ruleFiles["platform-region"]), `regional release of ${region}`);
    const unitDir = path.join(work, "unit");
    fs.mkdirSync(unitDir);
    fs.writeFileSync(path.join(unitDir, "platform-hub.rules.yaml"), stringify(hub.ruleFiles["platform-hub"]));
    fs.writeFileSync(path.join(unitDir, "platform-region.rules.yaml"), stringify(regionalOf(config.regions[0].name).ruleFiles["platform-region"]));
    const testsDir = path.join(root, "test", "prometheus");
    const tests = fs.readdirSync(testsDir).filter((f) => f.endsWith(".test.yaml")).sort();
    if (tests.length === 0) throw new Error(`no promtool unit tests in ${testsDir}`);
    for (const t of tests) fs.copyFileSync(path.join(testsDir, t), path.join(unitDir, t));
    // Input series are named as the pinned exporters name them (or as a platform rule records them).
    const inputs = { resource: { kubernetes_config_map_v1: { unit: { data: Object.fromEntries(tests.map((t) => [t, fs.readFileSync(path.join(testsDir, t), "utf8")])) } } } };
    const foreign = unknownInputSeries(inputs, names.known);
    if (foreign.length > 0) throw new Error(`promtool test input series with names no pinned exporter exports and no platform rule records:\n  ${foreign.join("\n  ")}`);
    const out = run(promtool, ["test", "rules", ...tests], unitDir);
    console.log(`promtool test rules: ${tests.join(", ")} passed${out.includes("SUCCESS") ? "" : ` (${out.trim()})`}`);

    // 3. Loopback federation.
    const e2eDir = path.join(work, "e2e");
    fs.mkdirSync(e2eDir);
    await runFederationE2e({
      prometheus,
      nginx,
      alertmanager,
      exportedMetricNames: exported,
      workDir: e2eDir,
      regions: config.regions.map((r) => ({
        name: r.name,
        externalLabels: regionalOf(r.name).externalLabels,
        retention: required(regionalOf(r.name).retention, `retention of ${r.name}`),
        retentionSize: required(regionalOf(r.name).retentionSize, `retentionSize of ${r.name}`),
        proxyConfig: only(federationProxyConfigs(own[`${r.name}-observability`]), `federation proxy of ${r.name}`),
      })),
      regionalRules: regionalOf(config.regions[0].name).ruleFiles["platform-region"],
      hubRules: hub.ruleFiles["platform-hub"],
      hubs: hubNames.map((h) => ({
        region: h,
        federationJobs: hubOf(h).scrapeConfigs,
        alertmanagerConfig: only(alertmanagerConfigs(own[`${h}-observability`]), `Alertmanager configuration of hub ${h}`),
        cluster: only(alertmanagerClusters(own[`${h}-observability`]), `Alertmanager cluster settings of hub ${h}`),
        peerProxyConfig: only(alertmanagerPeerProxyConfigs(own[`${h}-observability`]), `Alertmanager peer endpoint of hub ${h}`),
      })),
      dashboardQueries: queries,
      log: (line) => console.log(`e2e: ${line}`),
    });
    console.log("prometheus-check: all checks passed against a real Prometheus");
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(`prometheus-check: FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
