import { stringify } from "yaml";
import { dashboardQueries, renderedReleases } from "../../../tools/prometheus-check/rendered";

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

describe("dashboardQueries", () => {
  test("takes every panel query of the provisioned dashboards, variables set to match all", () => {
    const dashboard = { title: "D", panels: [{ title: "P", targets: [{ expr: 'x{region=~"$region", model=~"$model"}' }] }] };
    const json = {
      resource: {
        kubernetes_config_map_v1: {
          Dash: { metadata: { labels: { grafana_dashboard: "1" } }, data: { "d.json": JSON.stringify(dashboard) } },
          Other: { metadata: { labels: {} }, data: { "nginx.conf": "events {}" } },
        },
      },
    };
    expect(dashboardQueries(json)).toEqual([{ dashboard: "D", panel: "P", expr: 'x{region=~".*", model=~".*"}' }]);
  });
});
