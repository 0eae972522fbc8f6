import * as fs from "fs";
import * as path from "path";

/**
 * Which reference files each pinned version needs. The pins are read from the code
 * (chart pins found in the source, the Ray image constants); the reference files are
 * the names in `reference/`, whose names end in the version of the data they hold.
 */

/** A Helm chart pinned in the code: an object literal with string `chart` and `version`. */
export interface ChartPin {
  readonly chart: string;
  readonly version: string;
  /** The source file that declares it, relative to the project root. */
  readonly file: string;
}

/**
 * Versions that ship inside a kube-prometheus-stack chart version, from that chart's
 * `Chart.yaml` at tag `kube-prometheus-stack-<version>` in prometheus-community/helm-charts
 * (`appVersion` is the Prometheus Operator, which the CRDs belong to; the subchart
 * dependencies' own `Chart.yaml` give their `appVersion`). Checked for 88.5.3 at commit
 * ea930baeebeba39f56d6b44e351f23b2a072a600: appVersion v0.93.1, kube-state-metrics 8.4.0
 * (appVersion 2.20.0, tag commit 1982f1c5), prometheus-node-exporter 4.56.1 (appVersion
 * 1.12.1, tag commit 8b8e639c). A new chart pin needs its row here, read the same way.
 */
export const KUBE_PROMETHEUS_STACK_COMPONENTS: Readonly<Record<string, { prometheusOperator: string; kubeStateMetrics: string; nodeExporter: string }>> = {
  "88.5.3": { prometheusOperator: "0.93.1", kubeStateMetrics: "2.20.0", nodeExporter: "1.12.1" },
};

/** Charts whose reference data is CRDs only (their values are a Helm wrapper around them). */
const CRD_ONLY_CHARTS = new Set(["karpenter-crd"]);

const bare = (version: string): string => version.replace(/^v/, "");

/** The custom resources the platform creates (or will) from a chart's project, by chart name. */
function crdFiles(pin: ChartPin): string[] {
  const v = bare(pin.version);
  switch (pin.chart) {
    case "kuberay-operator":
      return [`crds/ray.io_rayservices.kuberay-v${v}.yaml`];
    case "karpenter":
    case "karpenter-crd":
      return ["karpenter.sh_nodepools", "karpenter.sh_nodeclaims", "karpenter.k8s.aws_ec2nodeclasses"].map((c) => `crds/${c}.karpenter-v${v}.yaml`);
    case "kube-prometheus-stack": {
      const op = KUBE_PROMETHEUS_STACK_COMPONENTS[v]?.prometheusOperator;
      return op === undefined ? [] : ["servicemonitors", "podmonitors", "prometheusrules"].map((c) => `crds/monitoring.coreos.com_${c}.prometheus-operator-v${op}.yaml`);
    }
    default:
      return [];
  }
}

/** A requirement: one of `anyOf` must exist under reference/, for the reason given. */
export interface Requirement {
  readonly anyOf: readonly string[];
  readonly why: string;
}

/** What reference data a chart pin needs: its default values, the CRDs of its project, its exporters' metric names. */
export function chartRequirements(pin: ChartPin): Requirement[] {
  const v = bare(pin.version);
  const why = `${pin.file}: chart ${pin.chart} ${pin.version}`;
  const reqs: Requirement[] = [];
  if (!CRD_ONLY_CHARTS.has(pin.chart)) {
    reqs.push({ anyOf: [`chart-values/${pin.chart}-${v}.values.yaml`, `chart-values/${pin.chart}-v${v}.values.yaml`], why: `${why} (default values)` });
  }
  for (const f of crdFiles(pin)) reqs.push({ anyOf: [f], why: `${why} (CRD)` });
  if (pin.chart === "kube-prometheus-stack") {
    const c = KUBE_PROMETHEUS_STACK_COMPONENTS[v];
    if (c === undefined) {
      reqs.push({ anyOf: [], why: `${why}: no row in KUBE_PROMETHEUS_STACK_COMPONENTS (test/reference-pins.ts); add the operator and subchart versions from the chart's Chart.yaml at that tag` });
    } else {
      reqs.push({ anyOf: [`metrics/kube-state-metrics-${c.kubeStateMetrics}.txt`], why: `${why} (kube-state-metrics ${c.kubeStateMetrics} metric names)` });
      reqs.push({ anyOf: [`metrics/node-exporter-${c.nodeExporter}.txt`], why: `${why} (node-exporter ${c.nodeExporter} metric names)` });
    }
  }
  return reqs;
}

/** What the Ray image needs: Ray Serve's and vLLM-through-Ray's metric names for its Ray version. */
export function rayImageRequirements(image: string, rayVersion: string, files: readonly string[]): Requirement[] {
  const why = `constructs/llm-serving/manifests.ts: RAY_IMAGE ${image} (Ray ${rayVersion})`;
  const tag = image.split(":")[1] ?? "";
  const reqs: Requirement[] = [
    { anyOf: [`metrics/ray-serve-${rayVersion}.txt`], why: `${why} (Ray Serve metric names)` },
    { anyOf: files.filter((f) => f.startsWith("metrics/vllm-") && f.endsWith(`-via-ray-${rayVersion}.txt`)), why: `${why}: no reference file metrics/vllm-<vLLM version>-via-ray-${rayVersion}.txt (vLLM metric names through Ray)` },
  ];
  if (!tag.startsWith(`${rayVersion}-`) && tag !== rayVersion) reqs.push({ anyOf: [], why: `${why}: the image tag ${tag} is not Ray ${rayVersion}` });
  return reqs;
}

/** What the DCGM exporter version the GPU Operator deploys needs: its metric names. */
export function dcgmExporterRequirements(version: string, source: string): Requirement[] {
  // Image tags are <DCGM>-<exporter>[-<flavour>], e.g. 4.6.0-4.8.3-distroless.
  const m = /^(\d+\.\d+\.\d+-\d+\.\d+\.\d+)/.exec(version);
  return [{ anyOf: m ? [`metrics/dcgm-exporter-${m[1]}.txt`] : [], why: `${source}: dcgmExporter.version ${version} (dcgm-exporter metric names)${m ? "" : ": not a <DCGM>-<exporter> version"}` }];
}

/** One line per requirement none of whose files is in `files` (one with no candidates is a problem by itself). */
export function missingReferenceFiles(reqs: readonly Requirement[], files: readonly string[]): string[] {
  const have = new Set(files);
  return reqs
    .filter((r) => !r.anyOf.some((f) => have.has(f)))
    .map((r) => (r.anyOf.length ? `${r.why}: no reference file (expected ${r.anyOf.join(" or ")})` : r.why));
}

/**
 * Chart pins in TypeScript source: every object literal (without nested braces) that
 * has a string `chart` and a string `version`. A chart named by a variable (the local
 * llm-serving chart) is not an upstream pin and is skipped.
 */
export function chartPinsIn(source: string, file: string): ChartPin[] {
  const pins: ChartPin[] = [];
  for (const [block] of source.matchAll(/\{[^{}]*\}/g)) {
    const chart = /\bchart:\s*"([^"]+)"/.exec(block)?.[1];
    const version = /\bversion:\s*"([^"]+)"/.exec(block)?.[1];
    if (chart !== undefined && version !== undefined) pins.push({ chart, version, file });
  }
  return pins;
}

/** Every `.ts` file under `dir` (relative to `root`), skipping tests and dependencies. */
export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(root, rel));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

/** Every file under `dir`, as paths relative to it with `/` separators. */
export function filesUnder(dir: string, prefix = ""): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}
