import * as fs from "fs";
import * as path from "path";
import { KARPENTER_AMI_RELEASES } from "../../catalog/karpenter";
import { compareGkeVersions, GKE_COMPUTE_CLASS_MIN_VERSION } from "../../catalog/gke-compute-class";
import { checkCapacityVersions } from "../../config/capacity";
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

  test("the default topology's versions (1.35) have an image for both node OSes and ComputeClasses on GKE", () => {
    expect(run(regionAt("us-east-1", "1.35"))).toEqual([]);
    expect(run(regionAt("us-east-1", "1.35", (r) => { r.gpuPools[0].nodeOs = "bottlerocket-nvidia"; }))).toEqual([]);
    expect(run(regionAt("asia-south1", "1.35"))).toEqual([]);
  });

  test("fails when the pinned Bottlerocket release has no NVIDIA variant for the cluster's version", () => {
    const x = regionAt("us-east-1", "1.36", (r) => { r.gpuPools[0].nodeOs = "bottlerocket-nvidia"; });
    expect(run(x)).toEqual([
      'regions/us-east-1.ts: cluster.kubernetesVersion: the pinned bottlerocket-nvidia AMI release bottlerocket@v1.54.0 (KARPENTER_AMI_RELEASES in catalog/karpenter.ts) has no NVIDIA image for Kubernetes 1.36, so Karpenter would launch no GPU node; use one of 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35 or move the pin to a release that ships 1.36, got "1.36"',
    ]);
  });

  test("fails when the pinned AL2023 release no longer ships the cluster's version", () => {
    expect(run(regionAt("us-east-1", "1.29"))[0]).toContain("al2023@v20260714 (KARPENTER_AMI_RELEASES in catalog/karpenter.ts) has no NVIDIA image for Kubernetes 1.29");
  });

  test("fails when a GKE version predates custom ComputeClasses (a fuzzy minor counts as its first patch)", () => {
    expect(run(regionAt("asia-south1", "1.30"))).toEqual([
      `regions/asia-south1.ts: cluster.kubernetesVersion: GKE GPU pools are served through custom ComputeClasses, which need GKE ${GKE_COMPUTE_CLASS_MIN_VERSION} or later (catalog/gke-compute-class.ts; a minor alone counts as its first patch), got "1.30"`,
    ]);
    expect(run(regionAt("asia-south1", "1.30.3-gke.1451000"))).toEqual([]);
    expect(run(regionAt("asia-south1", "1.31"))).toEqual([]);
  });

  test("GKE versions compare by minor, patch and GKE build", () => {
    expect(compareGkeVersions("1.30.3-gke.1450999", GKE_COMPUTE_CLASS_MIN_VERSION)).toBeLessThan(0);
    expect(compareGkeVersions("1.30.4", GKE_COMPUTE_CLASS_MIN_VERSION)).toBeGreaterThan(0);
    expect(compareGkeVersions("1.29.9-gke.9999999", GKE_COMPUTE_CLASS_MIN_VERSION)).toBeLessThan(0);
  });
});
