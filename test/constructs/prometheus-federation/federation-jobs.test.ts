import { FEDERATE_MATCH, federationHost, federationScrapeConfigs, regionalRecordingRules } from "../../../constructs/prometheus-federation";
import { defaultConfig } from "../../helpers";

const opts = { zone: "llm.example.com", credentialsDir: "/etc/prometheus/secrets/federation-client/" };
const regions = defaultConfig().regions;

describe("federationScrapeConfigs", () => {
  test("one job per region, named after it and sorted, so the output is stable", () => {
    const jobs = federationScrapeConfigs([...regions].reverse(), opts);
    expect(jobs.map((j) => j.job_name)).toEqual(regions.map((r) => `federate-${r.name}`).sort());
  });

  test("adding a region adds its job and removing one removes it", () => {
    const extra = { name: "us-west-2", cloud: "aws" as const };
    const withExtra = federationScrapeConfigs([...regions, extra], opts).map((j) => j.job_name);
    expect(withExtra).toContain("federate-us-west-2");
    const without = federationScrapeConfigs(regions.filter((r) => r.name !== "eu-west-1"), opts).map((j) => j.job_name);
    expect(without).not.toContain("federate-eu-west-1");
    expect(without).toHaveLength(regions.length - 1);
  });

  test("honors the regions' labels and pulls only the recording rules and up via /federate", () => {
    for (const job of federationScrapeConfigs(regions, opts)) {
      // Without honor_labels the hub would rename region/cloud/cluster to exported_*.
      expect(job.honor_labels).toBe(true);
      expect(job.metrics_path).toBe("/federate");
      expect(job.params["match[]"]).toEqual(FEDERATE_MATCH);
    }
  });

  test("reaches each region at federation.<region>.<zone>:443 over TLS with that server name", () => {
    const [job] = federationScrapeConfigs([{ name: "eu-west-1", cloud: "aws" }], opts);
    expect(job.scheme).toBe("https");
    expect(job.static_configs).toEqual([
      // The target labels keep `up` of an unreachable region attributable to it.
      { targets: ["federation.eu-west-1.llm.example.com:443"], labels: { region: "eu-west-1", cloud: "aws" } },
    ]);
    expect(job.tls_config?.server_name).toBe(federationHost("eu-west-1", "llm.example.com"));
  });

  test("reads credentials from files in the mounted Secret, never inline", () => {
    const [job] = federationScrapeConfigs([{ name: "eu-west-1", cloud: "aws" }], opts);
    expect(job.basic_auth).toEqual({ username: "hub", password_file: "/etc/prometheus/secrets/federation-client/eu-west-1.password" });
    expect(job.tls_config?.ca_file).toBe("/etc/prometheus/secrets/federation-client/ca.crt");
    expect(JSON.stringify(job)).not.toMatch(/"password"/);
  });

  test("scrapes the hub's own region in the cluster, not through a name the global stack creates later", () => {
    const jobs = federationScrapeConfigs([{ name: "eu-west-1", cloud: "aws" }, { name: "us-east-1", cloud: "aws" }], {
      ...opts,
      inCluster: { region: "us-east-1", url: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090" },
    });
    const own = jobs.find((j) => j.job_name === "federate-us-east-1")!;
    expect(own).toMatchObject({ scheme: "http", static_configs: [{ targets: ["kube-prometheus-stack-prometheus.monitoring.svc:9090"], labels: { region: "us-east-1", cloud: "aws" } }] });
    expect(own.basic_auth).toBeUndefined();
    expect(jobs.find((j) => j.job_name === "federate-eu-west-1")!.scheme).toBe("https");
  });

  test("keeps the scrape timeout inside the interval", () => {
    const [job] = federationScrapeConfigs([{ name: "a", cloud: "gcp" }], { ...opts, scrapeIntervalSeconds: 15 });
    expect(job.scrape_interval).toBe("15s");
    expect(job.scrape_timeout).toBe("12s");
  });

  test("match[] selects every regional recording rule, so the hub gets all it needs", () => {
    const re = /^region(_[a-z]+)*:.+$/; // mirrors FEDERATE_MATCH[0]
    expect(FEDERATE_MATCH[0]).toBe('{__name__=~"region(_[a-z]+)*:.+"}');
    for (const group of regionalRecordingRules()) {
      for (const rule of group.rules) expect("record" in rule && re.test(rule.record)).toBe(true);
    }
  });
});
