import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { GPU_OPERATOR_CHART } from "../constructs/gpu-operator/gpu-operator";
import { readGpuOperatorLayers, type HelmValues } from "../constructs/gpu-operator/values";
import { KUBERAY_CHART } from "../constructs/kuberay/kuberay-operator";
import { RAY_IMAGE, RAY_VERSION } from "../constructs/llm-serving/manifests";
import { KUBE_PROMETHEUS_STACK_CHART } from "../constructs/prometheus-federation/values";
import { GOOGLE_FORCE_NEW_VERSION } from "../tools/plan-diff/google-force-new";
import { ROOT } from "./helpers";
import { chartDefaults, REFERENCE_DIR } from "./reference";
import {
  chartPinsIn,
  chartRequirements,
  dcgmExporterRequirements,
  filesUnder,
  KUBE_PROMETHEUS_STACK_COMPONENTS,
  missingReferenceFiles,
  rayImageRequirements,
  sourceFiles,
  type ChartPin,
  type Requirement,
} from "./reference-pins";

/**
 * Every pinned chart, CRD and image has upstream reference data of the same version in
 * `reference/`, so the schema, chart-default and metric-name checks test what deploys.
 * Bumping a pin without vendoring the new data fails here, naming the file to add.
 */

const files = filesUnder(REFERENCE_DIR);

/** Chart pins wherever the code declares them (a new add-on's pin is found too). */
const pins: ChartPin[] = ["constructs", "stacks", "config", "catalog"]
  .filter((d) => fs.existsSync(path.join(ROOT, d)))
  .flatMap((d) => sourceFiles(ROOT, d))
  .flatMap((f) => chartPinsIn(fs.readFileSync(path.join(ROOT, f), "utf8"), f));

const pinOf = (chart: { chart: string; version: string }): ChartPin | undefined => pins.find((p) => p.chart === chart.chart && p.version === chart.version);

/** `dcgmExporter.version` wherever the platform's GPU Operator values set it, else the pinned chart's default. */
function dcgmExporterVersions(): Requirement[] {
  const layers = readGpuOperatorLayers(path.join(ROOT, "helm-values", "gpu-operator"));
  const named: [string, HelmValues][] = [
    ["helm-values/gpu-operator/base.yaml", layers.base],
    ...Object.entries(layers.profiles).map(([n, v]): [string, HelmValues] => [`helm-values/gpu-operator/${n}.yaml`, v]),
    ...Object.entries(layers.regions).map(([n, v]): [string, HelmValues] => [`helm-values/gpu-operator/regions/${n}.yaml`, v]),
  ];
  const version = (v: HelmValues): unknown => (v.dcgmExporter as HelmValues | undefined)?.version;
  const chartFile = `chart-values/${GPU_OPERATOR_CHART.chart}-${GPU_OPERATOR_CHART.version}.values.yaml`;
  const sources: [string, unknown][] = named.filter(([, v]) => version(v) !== undefined).map(([n, v]) => [n, version(v)]);
  if (files.includes(chartFile)) sources.push([`reference/${chartFile}`, version(chartDefaults(path.basename(chartFile)))]);
  return sources.flatMap(([source, v]) => dcgmExporterRequirements(String(v), source));
}

describe("every pinned version has reference data of that version", () => {
  test("the chart pins are found where the code declares them", () => {
    // The scan is what finds a new add-on's pin; it must at least see the known ones.
    for (const chart of [GPU_OPERATOR_CHART, KUBERAY_CHART, KUBE_PROMETHEUS_STACK_CHART]) {
      expect(pinOf(chart)).toBeDefined();
    }
  });

  test("charts: default values, the CRDs of their project and the metric names of their exporters", () => {
    expect(missingReferenceFiles(pins.flatMap(chartRequirements), files)).toEqual([]);
  });

  test("the GPU Operator's DCGM exporter version: metric names", () => {
    const reqs = dcgmExporterVersions();
    expect(reqs.length).toBeGreaterThan(0);
    expect(missingReferenceFiles(reqs, files)).toEqual([]);
  });

  test("the Ray image: Ray Serve and vLLM metric names of its Ray version", () => {
    expect(missingReferenceFiles(rayImageRequirements(RAY_IMAGE, RAY_VERSION, files), files)).toEqual([]);
  });

  test("the monitoring CRDs are those of the operator version the kube-prometheus-stack pin ships", () => {
    // Checks the version table against the CRD files' own annotation, set upstream.
    const op = KUBE_PROMETHEUS_STACK_COMPONENTS[KUBE_PROMETHEUS_STACK_CHART.version]?.prometheusOperator;
    expect(op).toBeDefined();
    const crds = files.filter((f) => f.startsWith("crds/monitoring.coreos.com_") && f.endsWith(`.prometheus-operator-v${op}.yaml`));
    expect(crds).toHaveLength(4);
    for (const f of crds) {
      const doc = parseAllDocuments(fs.readFileSync(path.join(REFERENCE_DIR, f), "utf8")).map((d) => d.toJS()).find((d) => d?.kind === "CustomResourceDefinition");
      expect([f, doc.metadata.annotations["operator.prometheus.io/version"]]).toEqual([f, op]);
    }
  });

  test("fails when a chart pin has no reference data of its version", () => {
    const bumped: ChartPin = { chart: "kuberay-operator", version: "1.8.0", file: "constructs/kuberay/kuberay-operator.ts" };
    expect(missingReferenceFiles(chartRequirements(bumped), files)).toEqual([
      "constructs/kuberay/kuberay-operator.ts: chart kuberay-operator 1.8.0 (default values): no reference file (expected chart-values/kuberay-operator-1.8.0.values.yaml or chart-values/kuberay-operator-v1.8.0.values.yaml)",
      "constructs/kuberay/kuberay-operator.ts: chart kuberay-operator 1.8.0 (CRD): no reference file (expected crds/ray.io_rayservices.kuberay-v1.8.0.yaml)",
    ]);
  });

  test("fails when a kube-prometheus-stack pin has no known operator and subchart versions", () => {
    const bumped: ChartPin = { chart: "kube-prometheus-stack", version: "89.0.0", file: "constructs/prometheus-federation/values.ts" };
    expect(missingReferenceFiles(chartRequirements(bumped), files)).toEqual([
      "constructs/prometheus-federation/values.ts: chart kube-prometheus-stack 89.0.0 (default values): no reference file (expected chart-values/kube-prometheus-stack-89.0.0.values.yaml or chart-values/kube-prometheus-stack-v89.0.0.values.yaml)",
      "constructs/prometheus-federation/values.ts: chart kube-prometheus-stack 89.0.0: no row in KUBE_PROMETHEUS_STACK_COMPONENTS (test/reference-pins.ts); add the operator and subchart versions from the chart's Chart.yaml at that tag",
    ]);
  });

  test("fails when the Ray image moves to a Ray version without metric names", () => {
    expect(missingReferenceFiles(rayImageRequirements("rayproject/ray-llm:2.53.0-py311-cu128", "2.53.0", files), files)).toEqual([
      "constructs/llm-serving/manifests.ts: RAY_IMAGE rayproject/ray-llm:2.53.0-py311-cu128 (Ray 2.53.0) (Ray Serve metric names): no reference file (expected metrics/ray-serve-2.53.0.txt)",
      "constructs/llm-serving/manifests.ts: RAY_IMAGE rayproject/ray-llm:2.53.0-py311-cu128 (Ray 2.53.0): no reference file metrics/vllm-<vLLM version>-via-ray-2.53.0.txt (vLLM metric names through Ray)",
    ]);
  });

  test("fails when the Ray image tag is not the declared Ray version", () => {
    expect(missingReferenceFiles(rayImageRequirements("rayproject/ray-llm:2.53.0-py311-cu128", "2.52.0", files), files)).toEqual([
      "constructs/llm-serving/manifests.ts: RAY_IMAGE rayproject/ray-llm:2.53.0-py311-cu128 (Ray 2.52.0): the image tag 2.53.0-py311-cu128 is not Ray 2.52.0",
    ]);
  });

  test("fails when the DCGM exporter version has no metric names", () => {
    expect(missingReferenceFiles(dcgmExporterRequirements("4.7.0-4.9.0-distroless", "helm-values/gpu-operator/base.yaml"), files)).toEqual([
      "helm-values/gpu-operator/base.yaml: dcgmExporter.version 4.7.0-4.9.0-distroless (dcgm-exporter metric names): no reference file (expected metrics/dcgm-exporter-4.7.0-4.9.0.txt)",
    ]);
  });

  test("finds a pin in any object literal with a string chart and version, in any order", () => {
    const src = `export const KARPENTER_CHART = { version: "1.14.1", repository: "oci://public.ecr.aws/karpenter", chart: "karpenter" } as const;
      new Release(this, "Local", { chart: chart.path, version: "1.0.0" });`;
    expect(chartPinsIn(src, "constructs/karpenter/karpenter.ts")).toEqual([{ chart: "karpenter", version: "1.14.1", file: "constructs/karpenter/karpenter.ts" }]);
  });
});

describe("the google provider plan-diff decides replacements with", () => {
  // @cdktf/provider-google pins the hashicorp/google version its bindings were generated from.
  const bound = (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@cdktf/provider-google/package.json"), "utf8")) as { cdktf: { provider: { version: string } } }).cdktf.provider.version;

  test("has a ForceNew list of the version @cdktf/provider-google binds, and plan-diff reads that one", () => {
    expect(files).toContain(`terraform-provider-google/force-new-${bound}.json`);
    expect(GOOGLE_FORCE_NEW_VERSION).toBe(bound);
  });
});

describe("the Azure tag rules read the azurerm validators", () => {
  // @cdktf/provider-azurerm pins the hashicorp/azurerm version its bindings were generated from.
  const bound = (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@cdktf/provider-azurerm/package.json"), "utf8")) as { cdktf: { provider: { version: string } } }).cdktf.provider.version;

  test("of the version @cdktf/provider-azurerm binds", () => {
    expect(files).toEqual(expect.arrayContaining([`terraform-provider-azurerm/tags-validate-${bound}.go`, `terraform-provider-azurerm/storage-account-tags-${bound}.go`]));
  });
});

describe("reference/README.md gives the provenance of every vendored file", () => {
  const readme = fs.readFileSync(path.join(REFERENCE_DIR, "README.md"), "utf8");
  const named = new Set([...readme.matchAll(/`([^`\s]+\.(?:yaml|txt|py|md|json|go))`/g)].map((m) => m[1]));

  test("every file in reference/ has a row", () => {
    const rowless = files.filter((f) => f !== "README.md" && !named.has(f) && !named.has(path.basename(f)));
    expect(rowless).toEqual([]);
  });
});
