import { stringify } from "yaml";
import { renderedReleases } from "../../../tools/prometheus-check/rendered";

// The check reads rule files and scrape jobs from what Helm will receive; if it read
// nothing, promtool would "pass" on no input.
describe("renderedReleases", () => {
  const values = {
    additionalPrometheusRulesMap: { "platform-hub": { groups: [{ name: "g", rules: [{ alert: "A", expr: "up == 0" }] }] } },
    prometheus: { prometheusSpec: { externalLabels: { region: "eu-west-1" }, additionalScrapeConfigs: [{ job_name: "federate-eu-west-1" }] } },
  };

  test("reads rule files, external labels and scrape jobs from a release's values", () => {
    const got = renderedReleases("s", { resource: { helm_release: { R: { name: "global-prometheus", values: [stringify(values)] } } } });
    expect(got).toEqual([{
      stack: "s",
      release: "global-prometheus",
      ruleFiles: values.additionalPrometheusRulesMap,
      externalLabels: { region: "eu-west-1" },
      scrapeConfigs: [{ job_name: "federate-eu-west-1" }],
    }]);
  });

  test("skips releases without Prometheus configuration (other charts)", () => {
    const got = renderedReleases("s", { resource: { helm_release: { G: { name: "gpu-operator", values: [stringify({ driver: { enabled: false } })] } } } });
    expect(got).toEqual([]);
  });
});
