import { Release } from "@cdktf/provider-helm/lib/release";
import { ObservabilityHub, RegionalMonitoring } from "../../../constructs/prometheus-federation";
import { defaultConfig } from "../../helpers";
import { HUB_EGRESS, hubStack, platformLikeStack, releaseValues, synthesized, synthText } from "./fixtures";

describe("ObservabilityHub", () => {
  const { stack } = hubStack();
  const synth = synthText(stack);
  const values = releaseValues(stack, "global-prometheus");
  const regions = defaultConfig().regions;

  test("pins the chart and makes upgrades roll back on failure", () => {
    expect(synth).toHaveResourceWithProperties(Release, {
      name: "global-prometheus",
      namespace: "monitoring-hub",
      version: "88.5.3",
      atomic: true,
      cleanup_on_fail: true,
      timeout: 900,
      max_history: 10,
    });
  });

  test("waits for the regional release, whose operator and CRDs it relies on", () => {
    const hub = Object.values(synthesized(stack).resource.helm_release).find((r) => r.name === "global-prometheus")!;
    expect(hub.depends_on).toEqual(["helm_release.Monitoring_Release_FF43710B"]);
    // Two operators or two CRD owners in one cluster would fight.
    expect(values.prometheusOperator.enabled).toBe(false);
    expect(values.crds.enabled).toBe(false);
  });

  test("federates one job per region from the region list, credentials from the mounted Secret", () => {
    const jobs = values.prometheus.prometheusSpec.additionalScrapeConfigs;
    expect(jobs.map((j: { job_name: string }) => j.job_name)).toEqual(regions.map((r) => `federate-${r.name}`));
    expect(values.prometheus.prometheusSpec.secrets).toEqual(["federation-client"]);
    expect(jobs[0].basic_auth.password_file).toBe("/etc/prometheus/secrets/federation-client/asia-south1.password");
  });

  test("a fourth region adds a fourth federation job", () => {
    const s = platformLikeStack();
    const { settings } = defaultConfig();
    const regional = new RegionalMonitoring(s, "Monitoring", { settings, region: regions[0], hubEgressCidrs: HUB_EGRESS });
    const extra = { ...regions[0], name: "us-west-2", observabilityHub: false };
    new ObservabilityHub(s, "ObservabilityHub", { settings, regions: [...regions, extra], regionalMonitoring: regional });
    const jobs = releaseValues(s, "global-prometheus").prometheus.prometheusSpec.additionalScrapeConfigs;
    expect(jobs.map((j: { job_name: string }) => j.job_name)).toContain("federate-us-west-2");
    expect(jobs).toHaveLength(regions.length + 1);
  });

  test("runs the cross-region alerts and Alertmanager, and picks only its own rules", () => {
    expect(Object.keys(values.additionalPrometheusRulesMap)).toEqual(["platform-hub"]);
    expect(values.alertmanager.enabled).toBe(true);
    // The regional recording rules must not be evaluated twice in the hub cluster.
    expect(values.prometheus.prometheusSpec.ruleSelector).toEqual({ matchLabels: { release: "global-prometheus" } });
  });

  test("Grafana takes its admin credentials from a Secret, never from the plan", () => {
    expect(values.grafana.admin.existingSecret).toBe("grafana-admin");
    expect(synth).not.toMatch(/adminPassword|prom-operator/);
  });

  test("provisions the GPU fleet and LLM serving dashboards for Grafana's sidecar", () => {
    const maps = Object.values(synthesized(stack).resource.kubernetes_config_map_v1).filter((m) => m.metadata.labels?.grafana_dashboard === "1");
    expect(maps.map((m) => m.metadata.name).sort()).toEqual(["dashboard-platform-gpu-fleet", "dashboard-platform-llm-serving"]);
    const serving = JSON.parse(maps.find((m) => m.metadata.name === "dashboard-platform-llm-serving")!.data["platform-llm-serving.json"]);
    expect(serving.templating.list.map((v: { name: string }) => v.name)).toEqual(["datasource", "region", "model"]);
  });

  test("uses an Alertmanager configuration from a Secret when given one", () => {
    const s = platformLikeStack();
    const { settings } = defaultConfig();
    const regional = new RegionalMonitoring(s, "Monitoring", { settings, region: regions[0], hubEgressCidrs: HUB_EGRESS });
    new ObservabilityHub(s, "ObservabilityHub", { settings, regions, regionalMonitoring: regional, alertmanagerConfigSecretName: "alertmanager-config" });
    const spec = releaseValues(s, "global-prometheus").alertmanager.alertmanagerSpec;
    expect(spec).toEqual({ useExistingSecret: true, configSecret: "alertmanager-config" });
  });
});

describe("observability snapshot", () => {
  test("hub region: regional monitoring + hub", () => {
    expect(synthText(hubStack().stack)).toMatchSnapshot();
  });
});
