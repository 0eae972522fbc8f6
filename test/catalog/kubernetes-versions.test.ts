import { EKS_ADDON_VERSIONS, EKS_VERSION_SUPPORT, GKE_VERSION_SUPPORT, supportStatus, supportedVersions } from "../../catalog/kubernetes-versions";
import { DEFAULT_KUBERNETES_VERSION } from "../../config/schema";
import { validatePlatform } from "../../config/validate";
import { problems, rawDefault, regionOf } from "../config/fixtures";
import { TEST_TODAY } from "../helpers";

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("Kubernetes version support", () => {
  test("EKS 1.33 left standard support on 2026-07-29 (EKS release calendar)", () => {
    expect(supportStatus("aws", "1.33", day("2026-07-28")).kind).toBe("ending");
    expect(supportStatus("aws", "1.33", day("2026-07-29"))).toEqual({ kind: "ended", endOfStandardSupport: "2026-07-29" });
  });

  test("warns from 60 days before the end, not earlier", () => {
    // 1.34 ends 2026-12-02: at noon on 2026-10-03 60 days (rounded up) are left.
    expect(supportStatus("aws", "1.34", day("2026-10-03"))).toEqual({ kind: "ending", endOfStandardSupport: "2026-12-02", daysLeft: 60 });
    expect(supportStatus("aws", "1.34", day("2026-10-02")).kind).toBe("supported");
  });

  test("the default version is in standard support, outside the warning window, on both clouds at the catalog date", () => {
    expect(supportStatus("aws", DEFAULT_KUBERNETES_VERSION, TEST_TODAY).kind).toBe("supported");
    expect(supportStatus("gcp", DEFAULT_KUBERNETES_VERSION, TEST_TODAY).kind).toBe("supported");
  });

  test("every EKS version still supported has pinned vpc-cni, kube-proxy, coredns and EBS CSI add-ons", () => {
    for (const v of supportedVersions("aws", TEST_TODAY)) {
      expect(Object.keys(EKS_ADDON_VERSIONS[v as keyof typeof EKS_ADDON_VERSIONS] ?? {}).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]);
      // kube-proxy must match the control plane's minor version.
      expect(EKS_ADDON_VERSIONS[v as keyof typeof EKS_ADDON_VERSIONS]!["kube-proxy"]).toMatch(new RegExp(`^v${v.replace(".", "\\.")}\\.`));
    }
  });

  test("release dates precede end dates, and EKS standard support lasts 14 months", () => {
    for (const t of [EKS_VERSION_SUPPORT, GKE_VERSION_SUPPORT]) {
      for (const { released, endOfStandardSupport } of Object.values(t)) expect(released < endOfStandardSupport).toBe(true);
    }
    for (const { released, endOfStandardSupport } of Object.values(EKS_VERSION_SUPPORT)) {
      const months = (Number(endOfStandardSupport.slice(0, 4)) - Number(released.slice(0, 4))) * 12 + Number(endOfStandardSupport.slice(5, 7)) - Number(released.slice(5, 7));
      expect(months).toBe(14);
    }
  });
});

describe("cluster.kubernetesVersion validation", () => {
  test("fails when the version's standard support has ended, naming the date it ended", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").cluster.kubernetesVersion = "1.33";
    expect(problems(raw)).toEqual([
      'regions/us-east-1.ts: cluster.kubernetesVersion: standard support for EKS 1.33 ended on 2026-07-29; use a version still in standard support (1.34, 1.35), got "1.33"',
    ]);
  });

  test("fails when a GKE version's standard support has ended", () => {
    const raw = rawDefault();
    regionOf(raw, "asia-south1").cluster.kubernetesVersion = "1.32";
    expect(problems(raw)[0]).toMatch(/^regions\/asia-south1\.ts: cluster\.kubernetesVersion: standard support for GKE 1\.32 ended on 2026-04-11;/);
  });

  test("the date is injectable: the same input fails once the day passes its end", () => {
    const raw = rawDefault();
    expect(() => validatePlatform(raw, undefined, { today: day("2027-03-27") })).toThrow(/standard support for EKS 1\.35 ended on 2027-03-27/);
  });

  test("warns within 60 days of the end, naming the date and the version to move to", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").cluster.kubernetesVersion = "1.34";
    const config = validatePlatform(raw, undefined, { today: TEST_TODAY });
    expect(config.warnings).toEqual([
      "regions/us-east-1.ts: cluster.kubernetesVersion: standard support for EKS 1.34 ends on 2026-12-02 (in 2 days); plan the upgrade to 1.35",
    ]);
  });

  test("fails when an AWS region runs without aws.accountId", () => {
    const raw = rawDefault();
    delete (raw.settings.data as { aws?: unknown }).aws;
    expect(problems(raw)).toEqual([
      "regions/platform.ts: aws.accountId: is required when a region runs on AWS (the KMS key policies name the account's root and the Auto Scaling service-linked role), got nothing",
    ]);
  });

});
