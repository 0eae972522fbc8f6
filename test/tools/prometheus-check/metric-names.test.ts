import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exportedNames, metricNamesIn, referenceMetricNames, unknownMetricNames } from "../../../tools/prometheus-check/metric-names";
import { synthObservability } from "../../../tools/prometheus-check/synth";
import { defaultConfig } from "../../helpers";
import { REFERENCE_DIR } from "../../reference";

const exported = referenceMetricNames(path.join(REFERENCE_DIR, "metrics"));

describe("metricNamesIn", () => {
  test("finds the metric names, not functions, labels, aggregation label lists or durations", () => {
    const expr = 'histogram_quantile(0.5, sum by (model, le) (label_replace(rate(ray_vllm_time_to_first_token_seconds_bucket{model_name=~"a.*"}[5m]), "model", "$1", "model_name", "(.*)"))) or on (region) up offset 5m';
    expect(metricNamesIn(expr)).toEqual([{ kind: "name", name: "ray_vllm_time_to_first_token_seconds_bucket" }, { kind: "name", name: "up" }]);
  });

  test("reads __name__ matchers, and recording-rule names with colons", () => {
    expect(metricNamesIn('{__name__=~"region(_[a-z]+)*:.+"}')).toEqual([{ kind: "regex", pattern: "region(_[a-z]+)*:.+" }]);
    expect(metricNamesIn("count by (model) (region_model:serve_replicas:count > 0)")).toEqual([{ kind: "name", name: "region_model:serve_replicas:count" }]);
  });
});

describe("reference metric lists", () => {
  test("leave out the sections a pinned exporter does not export by default", () => {
    // vLLM 0.11 hides gpu_cache_usage_perc; DCGM's profiling counters are commented out of its CSV.
    expect(exported).toContain("ray_vllm_kv_cache_usage_perc");
    expect(exported).not.toContain("ray_vllm_gpu_cache_usage_perc");
    expect(exported).toContain("DCGM_FI_DEV_XID_ERRORS");
    expect(exportedNames("# == unverified: x ==\na_metric\n# == exported ==\nb_metric\n")).toEqual(["b_metric"]);
  });
});

describe("every metric name the platform references", () => {
  test("is exported by a pinned exporter or recorded by a platform rule", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "metric-names-"));
    try {
      const stacks = synthObservability(defaultConfig(), dir);
      const check = unknownMetricNames(stacks as Parameters<typeof unknownMetricNames>[0], exported);
      expect(check.problems).toEqual([]);
      // Rules, alerts, every dashboard panel and the federation selectors were all read.
      expect(check.expressions).toBeGreaterThan(100);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("fails when a rule uses a name no exporter has (the ray_vllm: spelling) or one only an opt-in exports", () => {
    const stack = {
      resource: {
        helm_release: {
          r: {
            values: [
              "additionalPrometheusRulesMap:\n  x:\n    groups:\n    - name: g\n      rules:\n      - record: 'region:kv:max'\n        expr: 'max(ray_vllm:kv_cache_usage_perc) or max(ray_vllm_gpu_cache_usage_perc)'\n      - alert: A\n        expr: 'region:kv:max > 0.9'\n",
            ],
          },
        },
      },
    };
    expect(unknownMetricNames({ s: stack }, exported).problems).toEqual([
      "s rule region:kv:max: ray_vllm:kv_cache_usage_perc",
      "s rule region:kv:max: ray_vllm_gpu_cache_usage_perc",
    ]);
  });
});
