import { Testing, TerraformStack } from "cdktf";
import { KUBERAY_CHART, KubeRayOperator, kuberayCrdCommand, kuberayValues } from "../../../constructs/kuberay";
import { chartDefaults, unknownValuePaths } from "../../reference";

const defaults = chartDefaults("kuberay-operator-1.7.0.values.yaml");
// Keys the chart accepts but lists only in comments:
const ALLOWLIST = [
  // `resources.requests` is commented out in the 1.7.0 defaults; the template renders `resources` whole.
  "resources.requests",
];

function synth(props: { serviceMonitorLabels?: Record<string, string> } = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, "t");
  new KubeRayOperator(stack, "KubeRay", { kubeconfigCommand: "echo creds", ...props });
  return JSON.parse(Testing.synth(stack));
}

describe("KubeRayOperator", () => {
  test("every key path set exists in the kuberay-operator 1.7.0 chart defaults (or the commented allowlist)", () => {
    expect(unknownValuePaths(kuberayValues({ release: "kube-prometheus-stack" }), defaults, ALLOWLIST)).toEqual([]);
    expect(unknownValuePaths(kuberayValues(), defaults, ALLOWLIST)).toEqual([]);
  });

  test("Helm skips the CRDs, which it would never upgrade; the CRD step owns them", () => {
    const release = Object.values(synth().resource.helm_release)[0] as Record<string, unknown>;
    expect(release).toMatchObject({ chart: "kuberay-operator", version: "1.7.0", skip_crds: true, atomic: true, cleanup_on_fail: true });
    expect(release.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^terraform_data\.KubeRay_Crds_/)]));
  });

  test("the CRD step reruns when the operator version changes and applies CRDs of that same tag", () => {
    const data = Object.values(synth().resource.terraform_data)[0] as { triggers_replace: unknown; provisioner: { "local-exec": { command: string } }[] };
    expect(data.triggers_replace).toEqual({ version: KUBERAY_CHART.version });
    const command = data.provisioner[0]["local-exec"].command;
    expect(command).toContain(`kubectl apply --server-side --force-conflicts -k "github.com/ray-project/kuberay/ray-operator/config/crd?ref=v${KUBERAY_CHART.version}"`);
    expect(command.indexOf("echo creds")).toBeLessThan(command.indexOf("kubectl apply"));
  });

  test("the CRD command fails fast and leaves no credentials behind", () => {
    const command = kuberayCrdCommand("get-creds", "1.7.0");
    expect(command.startsWith("set -euo pipefail\n")).toBe(true);
    expect(command).toContain("trap 'rm -f \"$KUBECONFIG\"' EXIT");
  });

  test("the chart's ServiceMonitor is off until the Prometheus Operator CRDs are there (labels given)", () => {
    expect(kuberayValues()).toMatchObject({ metrics: { enabled: true } });
    expect((kuberayValues() as { metrics: Record<string, unknown> }).metrics.serviceMonitor).toBeUndefined();
    expect(kuberayValues({ release: "kube-prometheus-stack" })).toMatchObject({
      metrics: { serviceMonitor: { enabled: true, additionalLabels: { release: "kube-prometheus-stack" } } },
    });
  });
});
