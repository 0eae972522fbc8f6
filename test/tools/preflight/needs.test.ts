import { TerraformStack } from "cdktf";
import { buildApp } from "../../../stacks/app";
import type { PlatformConfig } from "../../../config/schema";
import { formatQuotaTable, quotaNeeds, quotaWarnings, type PreflightStack } from "../../../tools/preflight/needs";
import { defaultConfig } from "../../helpers";
import { defaultAppStacks } from "../../shared-synth";

function stacksOf(config: PlatformConfig): Record<string, PreflightStack> {
  const app = buildApp(config, { outdir: "unused-outdir-not-written" });
  return Object.fromEntries(app.node.children.filter(TerraformStack.isStack).map((s) => [s.node.id, s.toTerraform() as PreflightStack]));
}

const withRegion = (config: PlatformConfig, name: string, patch: (r: PlatformConfig["regions"][number]) => PlatformConfig["regions"][number]): PlatformConfig =>
  ({ ...config, regions: config.regions.map((r) => (r.name === name ? patch(r) : r)) });

describe("preflight quota needs", () => {
  const config = defaultConfig();
  const needs = quotaNeeds(config, defaultAppStacks());
  const need = (region: string, code: string) => needs.find((n) => n.region === region && n.code === code);

  test("the default topology needs at most 5 Elastic IPs per AWS region (the default quota)", () => {
    const eips = needs.filter((n) => n.code === "L-0263D0A3");
    expect(eips.map((n) => n.region)).toEqual(["eu-west-1", "us-east-1"]);
    for (const n of eips) {
      expect(n.needed).toBeLessThanOrEqual(5);
      expect(n.fits).toBe(true);
    }
  });

  test("a hub region counts its Alertmanager peer address: us-east-1 uses all 5 (1 NAT + 3 serving + 1 peer), eu-west-1 4", () => {
    expect(need("us-east-1", "L-0263D0A3")).toMatchObject({ needed: 5, defaultValue: 5, fits: true });
    expect(need("eu-west-1", "L-0263D0A3")).toMatchObject({ needed: 4, fits: true });
  });

  // The finding of issue 12: one NAT per zone plus one serving address per zone is 6 in 3 zones.
  test("fails when NAT gateways are per zone in 3 zones: 6 Elastic IPs exceed the default of 5", () => {
    const perZone = withRegion(config, "eu-west-1", (r) => ({ ...r, network: { ...r.network, natGateways: "per-zone" } }));
    const eip = quotaNeeds(perZone, stacksOf(perZone)).find((n) => n.region === "eu-west-1" && n.code === "L-0263D0A3")!;
    expect(eip).toMatchObject({ needed: 6, defaultValue: 5, fits: false });
    expect(eip.raise).toBe("aws service-quotas request-service-quota-increase --region eu-west-1 --service-code ec2 --quota-code L-0263D0A3 --desired-value 6");
    expect(quotaWarnings([eip])).toEqual([
      'quota aws eu-west-1 "EC2-VPC Elastic IPs" (L-0263D0A3): needs 6 addresses, default 5; raise it (aws service-quotas request-service-quota-increase --region eu-west-1 --service-code ec2 --quota-code L-0263D0A3 --desired-value 6) and declare it in settings.quotas',
    ]);
  });

  test("a quota declared in settings.quotas replaces the default and silences the warning", () => {
    const declared = { ...config, settings: { ...config.settings, quotas: [{ region: "us-east-1", code: "L-DB2E81BA", value: 512 }] } };
    const n = quotaNeeds(declared, defaultAppStacks()).find((x) => x.region === "us-east-1" && x.code === "L-DB2E81BA")!;
    expect(n).toMatchObject({ declared: 512, fits: true });
    expect(quotaWarnings([n])).toEqual([]);
  });

  test("GPU vCPUs: on-demand G pools at max size in us-east-1, spot G in eu-west-1 on the largest listed type", () => {
    // us-east-1: g6.12xlarge (48 vCPUs) x 4 + g6e.12xlarge (48) x 2 = 288 on-demand G and VT vCPUs.
    expect(need("us-east-1", "L-DB2E81BA")).toMatchObject({ needed: 288, defaultValue: 0, fits: false });
    // eu-west-1: spot, g6.12xlarge or g6.24xlarge (96 vCPUs) x 4 = 384.
    expect(need("eu-west-1", "L-3819A6DF")).toMatchObject({ needed: 384, fits: false });
    expect(need("eu-west-1", "L-DB2E81BA")).toBeUndefined();
  });

  test("GCP: per-region L4 GPUs, the global GPU quota and external addresses, with gcloud raise commands", () => {
    expect(need("asia-south1", "NVIDIA_L4_GPUS")).toMatchObject({ needed: 8, defaultValue: 0 });
    expect(need("global", "GPUS_ALL_REGIONS")).toMatchObject({ needed: 8 });
    // 2 NAT + 1 serving + 1 Alertmanager peer (asia-south1 is the standby hub).
    expect(need("asia-south1", "STATIC_ADDRESSES")).toMatchObject({ needed: 4, fits: true });
    expect(need("asia-south1", "NVIDIA_L4_GPUS")!.raise).toBe(
      "gcloud beta quotas preferences create --project=llm-platform-demo --service=compute.googleapis.com --quota-id=NVIDIA-L4-GPUS-per-project-region --preferred-value=8 --dimensions=region=asia-south1");
  });

  test("the table lists every need and the commands for those that do not fit", () => {
    const table = formatQuotaTable(needs);
    expect(table).toContain("| aws | us-east-1 | EC2-VPC Elastic IPs | `L-0263D0A3` | 5 addresses | 5 | - | ok |");
    expect(table).toContain("Raise before the first apply");
  });
});
