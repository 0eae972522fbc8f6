import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { crdUpgradeKubectlTag, rayPodMonitor } from "../../../constructs/prometheus-federation";
import { crdValidator, hubStack, REFERENCE, releaseValues } from "./fixtures";

/**
 * Keys kube-prometheus-stack 88.5.3 accepts but does not list in its default values,
 * each with where the chart reads it.
 */
const ALLOWED_UNLISTED = new Set([
  // templates/alertmanager/alertmanager.yaml reads alertmanagerSpec.configSecret (listed only as a comment).
  "alertmanager.alertmanagerSpec.configSecret",
  // Subchart values the parent chart does not repeat: the grafana and kube-state-metrics
  // charts each take `resources` (a Kubernetes ResourceRequirements) at their top level.
  "grafana.resources",
  "kube-state-metrics.resources",
]);

const defaults = parse(fs.readFileSync(path.join(REFERENCE, "chart-values", "kube-prometheus-stack-88.5.3.values.yaml"), "utf8"));

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every key path set in `values` that the chart's defaults do not have. */
function unknownKeyPaths(values: unknown, dflt: unknown, prefix = ""): string[] {
  if (!isPlainObject(values)) return [];
  // An empty map or a list in the defaults is free-form (labels, selectors, specs).
  if (isPlainObject(dflt) && Object.keys(dflt).length === 0) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (ALLOWED_UNLISTED.has(p)) continue;
    if (!isPlainObject(dflt) || !(k in dflt)) out.push(p);
    else out.push(...unknownKeyPaths(v, dflt[k], p));
  }
  return out;
}

describe("kube-prometheus-stack values", () => {
  const { stack } = hubStack();
  for (const release of ["kube-prometheus-stack", "global-prometheus"]) {
    test(`${release}: every key path exists in the chart's 88.5.3 defaults (a typo would be silently ignored)`, () => {
      expect(unknownKeyPaths(releaseValues(stack, release), defaults)).toEqual([]);
    });
  }

  test("kube-prometheus-stack upgrades its CRDs with a pinned job (Helm itself never upgrades CRDs)", () => {
    const crds = releaseValues(stack, "kube-prometheus-stack").crds;
    expect(crds.enabled).toBe(true);
    // busybox: what the chart's `latest` was at its release; kubectl: the chart's own default
    // (the cluster's version), pinned from the region's kubernetesVersion (1.35 in the fixture).
    expect(crds.upgradeJob).toMatchObject({ enabled: true, forceConflicts: true, image: { busybox: { tag: "1.38.0" }, kubectl: { tag: "v1.35.0" } } });
  });

  test("the chart's CRD upgrade job images: registries and repositories the pinned tags belong to", () => {
    const image = defaults.crds.upgradeJob.image;
    // The tags above are published for exactly these repositories; a changed default would need new tags.
    expect([image.busybox.registry, image.busybox.repository, image.kubectl.registry, image.kubectl.repository]).toEqual(["docker.io", "busybox", "registry.k8s.io", "kubectl"]);
    expect([image.busybox.tag, image.kubectl.tag]).toEqual(["latest", ""]);
  });

  test("fails when the Kubernetes version is not <major>.<minor>", () => {
    expect(() => crdUpgradeKubectlTag("1.35.2")).toThrow('the Kubernetes version must be <major>.<minor>, got "1.35.2"');
  });

  test("fails when a key is misspelled (the check itself works)", () => {
    expect(unknownKeyPaths({ prometheus: { prometheusSpec: { retension: "1d" } }, grafana: { enable: true } }, defaults))
      .toEqual(["prometheus.prometheusSpec.retension", "grafana.enable"]);
  });
});

describe("custom resources against the upstream CRDs", () => {
  const { stack } = hubStack();
  const validRule = crdValidator("monitoring.coreos.com_prometheusrules.prometheus-operator-v0.93.1.yaml");
  const validPodMonitor = crdValidator("monitoring.coreos.com_podmonitors.prometheus-operator-v0.93.1.yaml");
  const validAlertmanager = crdValidator("monitoring.coreos.com_alertmanagers.prometheus-operator-v0.93.1.yaml");

  test("the hub's alertmanagerSpec (the chart copies these keys into the Alertmanager resource) is valid", () => {
    const spec = releaseValues(stack, "global-prometheus").alertmanager.alertmanagerSpec;
    const keys = ["replicas", "secrets", "resources", "forceEnableClusterMode", "clusterAdvertiseAddress", "additionalPeers", "clusterLabel", "clusterTLS"];
    expect(Object.keys(spec).sort()).toEqual([...keys].sort());
    const cr = { apiVersion: "monitoring.coreos.com/v1", kind: "Alertmanager", metadata: { name: "global-prometheus-alertmanager" }, spec };
    expect(validAlertmanager(cr)).toEqual([]);
    // The check itself rejects a misspelt field type.
    expect(validAlertmanager({ ...cr, spec: { ...spec, additionalPeers: "198.51.100.20:9094" } })).not.toEqual([]);
  });

  for (const release of ["kube-prometheus-stack", "global-prometheus"]) {
    test(`${release}: every PrometheusRule the chart renders from additionalPrometheusRulesMap is valid`, () => {
      const map = releaseValues(stack, release).additionalPrometheusRulesMap as Record<string, { groups: unknown }>;
      expect(Object.keys(map).length).toBeGreaterThan(0);
      for (const [name, spec] of Object.entries(map)) {
        const cr = { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name }, spec };
        expect(validRule(cr)).toEqual([]);
      }
    });
  }

  test("the Ray PodMonitor the chart renders from additionalPodMonitors is valid", () => {
    const monitors = releaseValues(stack, "kube-prometheus-stack").prometheus.additionalPodMonitors as Record<string, unknown>[];
    expect(monitors).toHaveLength(1);
    for (const { name, additionalLabels: _labels, ...spec } of monitors) {
      const cr = { apiVersion: "monitoring.coreos.com/v1", kind: "PodMonitor", metadata: { name }, spec };
      expect(validPodMonitor(cr)).toEqual([]);
    }
  });

  test("fails when a PodMonitor endpoint has a wrong type (the validator is live)", () => {
    const { name, ...spec } = rayPodMonitor();
    const broken = { ...spec, podMetricsEndpoints: [{ port: 8080 }] };
    const errors = validPodMonitor({ apiVersion: "monitoring.coreos.com/v1", kind: "PodMonitor", metadata: { name }, spec: broken });
    expect(errors.join("\n")).toMatch(/podMetricsEndpoints\/0\/port must be string/);
  });
});
