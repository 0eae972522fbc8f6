import * as fs from "fs";
import * as path from "path";
import { KARPENTER_AMI_RELEASES } from "../../catalog/karpenter";
import { compareGkeVersions, GKE_COMPUTE_CLASS_MIN_VERSION } from "../../catalog/gke-compute-class";
import { capacityVersionsRule, checkCapacityVersions } from "../../config/capacity";
import { versionTable } from "../../catalog/kubernetes-versions";
import { formatConfigError } from "../../config/errors";
import { REFERENCE_DIR } from "../reference";
import { rawDefault, regionOf, valid } from "./fixtures";

/** The default topology's region, validated, with its cluster version replaced. */
function regionAt(stem: string, version: string, edit: (r: Record<string, any>) => void = () => {}) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const raw = rawDefault();
  edit(regionOf(raw, stem));
  const config = valid(raw);
  const region = config.regions.find((r) => r.name === stem)!;
  return { settings: config.settings, file: `regions/${stem}.ts`, region: { ...region, cluster: { ...region.cluster, kubernetesVersion: version } } };
}

const run = (x: ReturnType<typeof regionAt>) => checkCapacityVersions(x.settings, { file: x.file, region: x.region }).map(formatConfigError);

describe("Kubernetes versions the GPU capacity machinery supports", () => {
  test("the AL2023 pin ships an NVIDIA image for exactly the versions the vendored amazon-eks-ami release notes list", () => {
    // Karpenter resolves al2023@<release> to .../amazon-eks-node-al2023-x86_64-nvidia-<k8s>-<release>
    // (pkg/providers/amifamily/al2023.go at v1.14.1); the release notes name every image built.
    const notes = fs.readFileSync(path.join(REFERENCE_DIR, "amazon-eks-ami", "CHANGELOG-v20260714.excerpt.md"), "utf8");
    const release = KARPENTER_AMI_RELEASES["al2023-nvidia"].alias.split("@")[1];
    expect(notes.startsWith(`# AMI Release ${release}\n`)).toBe(true);
    const shipped = [...notes.matchAll(new RegExp(`amazon-eks-node-al2023-x86_64-nvidia-(1\\.\\d+)-${release}`, "g"))].map((m) => m[1]);
    expect([...new Set(shipped)].sort()).toEqual([...KARPENTER_AMI_RELEASES["al2023-nvidia"].kubernetesVersions].sort());
  });

  test("every catalog version has an image for each node OS and has ComputeClasses on GKE", () => {
    for (const v of Object.keys(versionTable("aws"))) {
      expect(run(regionAt("us-east-1", v))).toEqual([]);
      expect(run(regionAt("us-east-1", v, (r) => { r.gpuPools[0].nodeOs = "bottlerocket-nvidia"; }))).toEqual([]);
    }
    for (const v of Object.keys(versionTable("gcp"))) expect(run(regionAt("asia-south1", v))).toEqual([]);
  });

  test("fails when the AMI release has no NVIDIA image for the cluster's version (the previous pin, al2023@v20250620, against 1.35)", () => {
    // v20250620 built amazon-eks-node-al2023-x86_64-nvidia-<k8s>-v20250620 for 1.27..1.33 only
    // (awslabs/amazon-eks-ami CHANGELOG, "AMI Release v20250620").
    const previous = { ...KARPENTER_AMI_RELEASES, "al2023-nvidia": { ...KARPENTER_AMI_RELEASES["al2023-nvidia"], alias: "al2023@v20250620", kubernetesVersions: ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"] } };
    const rule = capacityVersionsRule({ amiReleases: previous, gkeMinVersion: GKE_COMPUTE_CLASS_MIN_VERSION });
    const x = regionAt("us-east-1", "1.35");
    expect(rule(x.settings, { file: x.file, region: x.region }).map(formatConfigError)).toEqual([
      'regions/us-east-1.ts: cluster.kubernetesVersion: the pinned al2023-nvidia AMI release al2023@v20250620 (KARPENTER_AMI_RELEASES in catalog/karpenter.ts) has no NVIDIA image for Kubernetes 1.35, so Karpenter would launch no GPU node; use one of 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33 or move the pin to a release that ships 1.35, got "1.35"',
    ]);
  });

  test("an AKS region asks nothing of Karpenter's AMI pins, even with an EKS node OS (the node-OS rule refuses that on its own)", () => {
    // AKS picks the node image for the cluster's version. Before the per-cloud table, a pool
    // with nodeOs bottlerocket-nvidia on an AKS 1.36 cluster also got "Karpenter would launch
    // no GPU node", a message about a provisioner Azure regions do not have.
    const version = "1.36";
    expect(Object.keys(versionTable("azure"))).toContain(version);
    expect(KARPENTER_AMI_RELEASES["bottlerocket-nvidia"].kubernetesVersions).not.toContain(version);
    const region = { cloud: "azure", cluster: { kubernetesVersion: version }, gpuPools: [{ name: "a100", nodeOs: "bottlerocket-nvidia" }] };
    expect(checkCapacityVersions({}, { file: "regions/westeurope.ts", region: region as never })).toEqual([]);
  });

  test("fails when the GKE version is below what the ComputeClass fields need (a fuzzy minor counts as its first patch)", () => {
    // No catalog GKE version is below 1.30.3-gke.1451000 today; a later minimum (a newer
    // ComputeClass field) shows the rule refusing a minor that may resolve below it.
    const rule = capacityVersionsRule({ amiReleases: KARPENTER_AMI_RELEASES, gkeMinVersion: "1.35.2-gke.1000" });
    const x = regionAt("asia-south1", "1.35");
    expect(rule(x.settings, { file: x.file, region: x.region }).map(formatConfigError)).toEqual([
      'regions/asia-south1.ts: cluster.kubernetesVersion: GKE GPU pools are served through custom ComputeClasses, which need GKE 1.35.2-gke.1000 or later (catalog/gke-compute-class.ts; a minor alone counts as its first patch), got "1.35"',
    ]);
  });

  test("a version the catalog does not know is left to the Kubernetes version rule (no second message)", () => {
    expect(run(regionAt("us-east-1", "1.24"))).toEqual([]);
    expect(run(regionAt("asia-south1", "1.27"))).toEqual([]);
  });

  test("GKE versions compare by minor, patch and GKE build", () => {
    expect(compareGkeVersions("1.30.3-gke.1450999", GKE_COMPUTE_CLASS_MIN_VERSION)).toBeLessThan(0);
    expect(compareGkeVersions("1.30.4", GKE_COMPUTE_CLASS_MIN_VERSION)).toBeGreaterThan(0);
    expect(compareGkeVersions("1.29.9-gke.9999999", GKE_COMPUTE_CLASS_MIN_VERSION)).toBeLessThan(0);
  });
});
