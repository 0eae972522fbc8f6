import { loadRegions } from "../../config/load";
import {
  checkFailoverBudget,
  failoverBudget,
  failoverBudgets,
  formatBudgetTable,
  LB_ALIAS_TTL_SECONDS,
  ROUTE53_PROBE_TIMEOUT_SECONDS,
} from "../../config/failover-budget";
import { ConfigValidationError } from "../../config/errors";
import type { PlatformSettings } from "../../config/schema";
import { validatePlatform } from "../../config/validate";
import { defaultConfig, topologyDir } from "../helpers";

const FILE = "regions/platform.ts";

/** The default settings with the health check, DNS and SLO fields replaced. */
function withSettings(change: {
  healthCheck?: Partial<PlatformSettings["traffic"]["healthCheck"]>;
  dns?: Partial<PlatformSettings["dns"]>;
  slo?: Partial<PlatformSettings["traffic"]["slo"]>;
}): PlatformSettings {
  const s = defaultConfig().settings;
  return {
    ...s,
    dns: { ...s.dns, ...change.dns },
    traffic: {
      ...s.traffic,
      healthCheck: { ...s.traffic.healthCheck, ...change.healthCheck },
      slo: { ...s.traffic.slo, ...change.slo },
    },
  };
}

const regions = () => defaultConfig().regions;

describe("failoverBudget", () => {
  test("the default settings meet the default SLO (detection <= 30 s, client-visible <= 60 s)", () => {
    const { settings } = defaultConfig();
    expect(settings.traffic.slo).toEqual({ maxDetectionSeconds: 30, maxFailoverSeconds: 60, maxDegradedSeconds: 900 });
    for (const b of failoverBudgets(settings, regions())) {
      // 2 x 10 s + 6 s Route53 probe timeout; + 10 s TTL.
      expect(b.detectionSeconds).toBe(26);
      expect(b.failoverSeconds).toBe(36);
    }
    expect(checkFailoverBudget(settings, FILE, regions())).toEqual([]);
  });

  test("detection is threshold x interval + the authority's probe timeout", () => {
    const r53 = failoverBudget(withSettings({ healthCheck: { failureThreshold: 3, requestIntervalSeconds: 30 } }), { name: "x" });
    expect(r53.detectionSeconds).toBe(3 * 30 + ROUTE53_PROBE_TIMEOUT_SECONDS);
    // Cloud DNS probes get a 5 s timeout and at least a 30 s interval; Route53's timeout is 4 s connect + 2 s response.
    const gcp = failoverBudget(withSettings({ dns: { authority: "cloud-dns" }, healthCheck: { failureThreshold: 1 } }), { name: "x" });
    expect(gcp.detectionSeconds).toBe(1 * 30 + 5);
  });

  test("an alias to a load balancer adds its fixed 60 s TTL, which alone breaks the SLO", () => {
    // Why the serving endpoints have static addresses: the same settings via an alias.
    const b = failoverBudget(defaultConfig().settings, { name: "x" }, "lb-alias");
    expect(b.aliasTtlSeconds).toBe(LB_ALIAS_TTL_SECONDS);
    expect(b.failoverSeconds).toBe(26 + 10 + 60);
  });

  test("a client that caches DNS answers 30 s whatever the TTL (the JDK's default) sees detection + 30 s", () => {
    const b = failoverBudget(defaultConfig().settings, { name: "x" });
    expect(b.failoverWithCacheFloorSeconds).toBe(26 + 30);
    expect(failoverBudget(withSettings({ dns: { ttlSeconds: 45 } }), { name: "x" }).failoverWithCacheFloorSeconds).toBe(26 + 45);
  });
});

describe("checkFailoverBudget", () => {
  test("fails when the 30 s request interval makes detection too slow, naming the interval and the figures", () => {
    const errors = checkFailoverBudget(withSettings({ healthCheck: { requestIntervalSeconds: 30 } }), FILE, regions());
    expect(errors[0]).toEqual({
      file: FILE,
      path: "traffic.healthCheck.requestIntervalSeconds",
      message: "worst-case failure detection for asia-south1, eu-west-1, us-east-1 is 2 x 30 s + 6 s probe timeout = 66 s, " +
        "over traffic.slo.maxDetectionSeconds (30 s); use 10, got 30",
    });
    // 66 s + 10 s TTL also breaks the client-visible SLO, and no TTL fixes it: with the
    // 30 s interval, one failure (30 + 6 + 10 = 46 s) would meet that SLO.
    expect(errors[1]).toEqual({
      file: FILE,
      path: "traffic.healthCheck.failureThreshold",
      message: "worst-case client-visible failover for asia-south1, eu-west-1, us-east-1 is 66 s detection + 10 s record TTL = 76 s, " +
        "over traffic.slo.maxFailoverSeconds (60 s); lower it to at most 1, got 2",
    });
  });

  test("fails when the failure threshold is too high, saying the largest threshold that fits", () => {
    const errors = checkFailoverBudget(withSettings({ healthCheck: { failureThreshold: 3 } }), FILE, regions());
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe("traffic.healthCheck.failureThreshold");
    expect(errors[0].message).toContain("is 3 x 10 s + 6 s probe timeout = 36 s");
    expect(errors[0].message).toMatch(/lower it to at most 2, got 3$/);
  });

  test("fails when the record TTL pushes client-visible failover over the SLO, naming dns.ttlSeconds", () => {
    const errors = checkFailoverBudget(withSettings({ dns: { ttlSeconds: 60 } }), FILE, regions());
    expect(errors).toEqual([{
      file: FILE,
      path: "dns.ttlSeconds",
      message: "worst-case client-visible failover for asia-south1, eu-west-1, us-east-1 is 26 s detection + 60 s record TTL = 86 s, " +
        "over traffic.slo.maxFailoverSeconds (60 s); lower it to at most 34, got 60",
    }]);
  });

  test("fails when no health check setting can meet a tight SLO, naming the SLO", () => {
    const errors = checkFailoverBudget(withSettings({ healthCheck: { failureThreshold: 1 }, slo: { maxDetectionSeconds: 10 } }), FILE, regions());
    expect(errors[0].path).toBe("traffic.slo.maxDetectionSeconds");
    expect(errors[0].message).toMatch(/raise it to at least 16, got 10$/);
  });

  test("fails synth validation as a whole when the budget is broken (nothing written)", () => {
    const raw = loadRegions({ sourceDir: topologyDir("default"), displayDir: "regions" });
    const settings = { ...(raw.settings.data as object), dns: { zone: "llm.example.com", ttlSeconds: 120 } };
    const run = () => validatePlatform({ ...raw, settings: { ...raw.settings, data: settings } });
    expect(run).toThrow(ConfigValidationError);
    expect(run).toThrow("regions/platform.ts: dns.ttlSeconds: worst-case client-visible failover");
  });
});

test("formatBudgetTable shows every term of the sum", () => {
  const { settings } = defaultConfig();
  const table = formatBudgetTable(settings, failoverBudgets(settings, [{ name: "us-east-1" }]));
  expect(table.split("\n")[2]).toBe("| us-east-1 | route53 | 2 x 10 + 6 = **26 s** | 26 + 10 = **36 s** | 56 s |");
});

test("fails when Cloud DNS is the authority under the default SLO: its external-endpoint checks probe at most every 30 s", () => {
  const settings = withSettings({ dns: { authority: "cloud-dns" } });
  expect(failoverBudget(settings, { name: "x" }).detectionSeconds).toBe(2 * 30 + 5);
  const errors = checkFailoverBudget(settings, FILE, regions());
  expect(errors[0].path).toBe("traffic.slo.maxDetectionSeconds");
  expect(errors[0].message).toContain("is 2 x 30 s + 5 s probe timeout = 65 s");
  expect(errors[0].message).toMatch(/cloud-dns probes at most every 30 s\); raise it to at least 35, got 30$/);
});

test("fails when no setting can meet the client-visible SLO, naming the SLO with the smallest reachable figure", () => {
  const settings = withSettings({ dns: { authority: "cloud-dns" }, slo: { maxDetectionSeconds: 70, maxFailoverSeconds: 40 } });
  const errors = checkFailoverBudget(settings, FILE, regions());
  expect(errors).toHaveLength(1);
  expect(errors[0].path).toBe("traffic.slo.maxFailoverSeconds");
  // 1 x 30 s + 5 s timeout + 10 s TTL.
  expect(errors[0].message).toMatch(/= 75 s, over traffic.slo.maxFailoverSeconds \(40 s\); no health check setting fits \(cloud-dns probes at most every 30 s\); raise it to at least 45, got 40$/);
});
