import { CLOUD_IDS } from "../../catalog/cloud";
import { checkAccount, checkCloudSettings, CLOUD_ACCOUNT_FIELD, CLOUD_SETTINGS_BLOCK } from "../../config/account-rules";
import type { Parsed, ParsedRegion } from "../../config/rule";
import type { PlatformSettings, RegionConfig } from "../../config/schema";

// The per-cloud settings tables, judged alone: which cloud (or DNS authority) needs which
// settings block or field, whatever the rest of the topology holds.
const FILE = "regions/platform.ts";
const settingsOf = (value: Partial<PlatformSettings>): Parsed<PlatformSettings> =>
  ({ value, known: new Set(["aws", "gcp", "azure", "dns"] as (keyof PlatformSettings)[]) });
const region = (cloud: RegionConfig["cloud"] | undefined, file = `regions/${cloud}.ts`): ParsedRegion =>
  ({ file, region: cloud === undefined ? {} : { cloud }, known: new Set(cloud === undefined ? [] : ["cloud"]) });
const route53 = { authority: "route53" } as PlatformSettings["dns"];

describe("settings each cloud's regions need", () => {
  test("fails when DNS is on Cloud DNS and settings have no gcp section, though no region is on GCP", () => {
    const settings = settingsOf({ dns: { authority: "cloud-dns" } as PlatformSettings["dns"] });
    expect(checkCloudSettings(settings, FILE, [region("aws")]).map((e) => `${e.file}: ${e.path}: ${e.message}`)).toEqual([
      "regions/platform.ts: gcp: is required when a region is on GCP or DNS is on Cloud DNS (projectId, projectNumber), got nothing",
    ]);
  });

  test("fails when GCP and Azure regions have no settings blocks, in cloud order", () => {
    const errors = checkCloudSettings(settingsOf({ dns: route53 }), FILE, [region("azure"), region("gcp")]);
    expect(errors.map((e) => e.path)).toEqual(["gcp", "azure"]);
    expect(errors[1].message).toBe("is required when a region is on Azure (subscriptionId, tenantId, clusterAdminGroupObjectIds), got nothing");
  });

  test("asks nothing of an AWS-only platform on Route53 beyond the account id", () => {
    expect(checkCloudSettings(settingsOf({ dns: route53 }), FILE, [region("aws")])).toEqual([]);
    expect(checkAccount(settingsOf({ dns: route53 }), FILE, [region("aws")])).toEqual([
      { file: FILE, path: "aws.accountId", message: "is required when a region runs on AWS (the KMS key policies name the account's root and the Auto Scaling service-linked role), got nothing" },
    ]);
    expect(checkAccount(settingsOf({ aws: { accountId: "444455556666" } as PlatformSettings["aws"] }), FILE, [region("aws")])).toEqual([]);
  });

  test("a region whose cloud did not parse needs nothing (its own error says why)", () => {
    expect(checkAccount(settingsOf({}), FILE, [region(undefined, "regions/broken.ts")])).toEqual([]);
    expect(checkCloudSettings(settingsOf({ dns: route53 }), FILE, [{ region: {} as RegionConfig }])).toEqual([]);
  });

  test("a settings block that failed its own parsing is not reported missing again", () => {
    const settings: Parsed<PlatformSettings> = { value: { dns: route53 }, known: new Set(["dns"]) };
    expect(checkCloudSettings(settings, FILE, [region("gcp"), region("azure")])).toEqual([]);
    expect(checkAccount(settings, FILE, [region("aws")])).toEqual([]);
  });

  test("every cloud has a row in each table, each naming its own settings key", () => {
    for (const cloud of CLOUD_IDS) {
      expect(Object.prototype.hasOwnProperty.call(CLOUD_SETTINGS_BLOCK, cloud)).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(CLOUD_ACCOUNT_FIELD, cloud)).toBe(true);
      for (const row of [CLOUD_SETTINGS_BLOCK[cloud], CLOUD_ACCOUNT_FIELD[cloud]]) if (row) expect(row.key).toBe(cloud);
    }
  });
});
