/**
 * Karpenter facts used at synth: the pinned release and the EKS-optimized AMI releases
 * its `alias` selector term pins per node OS. Synth never calls an AWS API.
 *
 * Release: aws/karpenter-provider-aws tag v1.14.1 (commit bde00654), chart
 * `oci://public.ecr.aws/karpenter/karpenter` and `.../karpenter-crd` version 1.14.1; its
 * CRDs and default values are vendored under reference/ and tests check against them.
 *
 * AMI aliases: `family@version` (website/content/en/docs/concepts/nodeclasses.md at
 * v1.14.1, "spec.amiSelectorTerms"). Karpenter resolves an alias through SSM parameters
 * whose path holds the **cluster's Kubernetes version** (pkg/providers/amifamily at
 * v1.14.1, read 2026-11-30):
 * - al2023.go `resolvePath`: `/aws/service/eks/optimized-ami/<k8s>/amazon-linux-2023/<arch>/nvidia/amazon-eks-node-al2023-<arch>-nvidia-<k8s>-<version>/image_id`
 * - bottlerocket.go: `/aws/service/bottlerocket/aws-k8s-<k8s>-nvidia/<arch>/<version without v>/image_id`
 * and fails with "failed to discover any AMIs for alias" when no variant of that release
 * exists for the version. So an AMI release pins a set of Kubernetes versions, which
 * validation checks against `cluster.kubernetesVersion`. `latest` is never used: a new
 * AMI would drift (replace) every serving node.
 */
export const KARPENTER_CATALOG_SOURCE = {
  source: "aws/karpenter-provider-aws v1.14.1 (chart, CRDs, nodeclasses.md, pkg/providers/amifamily); awslabs/amazon-eks-ami CHANGELOG; bottlerocket-os/bottlerocket release notes",
  compiled: "2026-11-30",
} as const;

/** The Karpenter release: chart version of both charts (`karpenter-crd` and `karpenter`). */
export const KARPENTER_RELEASE = {
  repository: "oci://public.ecr.aws/karpenter",
  version: "1.14.1",
} as const;

/** A pinned AMI release: the alias Karpenter resolves and the Kubernetes minors it ships NVIDIA variants for. */
export interface AmiRelease {
  /** `amiSelectorTerms[].alias`. */
  readonly alias: string;
  /** Kubernetes minor versions with an NVIDIA x86_64 image in this release. */
  readonly kubernetesVersions: readonly string[];
  readonly source: string;
  readonly date: string;
}

/** The AMI release per GPU node OS: pinned, never `latest`. */
export const KARPENTER_AMI_RELEASES: Readonly<Record<"al2023-nvidia" | "bottlerocket-nvidia", AmiRelease>> = {
  "al2023-nvidia": {
    alias: "al2023@v20260714",
    // amazon-eks-node-al2023-x86_64-nvidia-<k8s>-v20260714 for 1.30..1.36; the excerpt is
    // vendored as reference/amazon-eks-ami/CHANGELOG-v20260714.excerpt.md and a test reads it.
    // The previous pin, v20250620, shipped 1.27..1.33 only: 1.35 clusters got no GPU node.
    kubernetesVersions: ["1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36"],
    source: "awslabs/amazon-eks-ami CHANGELOG.md, section 'AMI Release v20260714' (tag v20260714, commit b4fffb70; CHANGELOG at 81fec2e8)",
    date: "2026-11-30",
  },
  "bottlerocket-nvidia": {
    alias: "bottlerocket@v1.54.0",
    // Released 2026-01-29 (bottlerocket issue #4748). aws-k8s-1.35(-nvidia) variants were added
    // in v1.53.0 (PR #4737, CHANGELOG "Add new kubernetes 1.35 variants"), aws-k8s-1.28 was
    // removed in v1.52.0 (PR #4719) and aws-k8s-1.29 only in v1.58.0 (PR #4797); no 1.36
    // variant existed before v1.58. Read from the release PRs, not from the v1.54.0 tag
    // (the fetchable bottlerocket snapshot ends at v1.26.0).
    kubernetesVersions: ["1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35"],
    source: "bottlerocket-os/bottlerocket release PRs #4719 (v1.52.0), #4737 (v1.53.0), #4797 (v1.58.0) and tracking issue #4748 (v1.54.0)",
    date: "2026-11-30",
  },
};

/** `amiSelectorTerms[].alias` per GPU node OS (from {@link KARPENTER_AMI_RELEASES}). */
export const KARPENTER_AMI_ALIASES = {
  "al2023-nvidia": KARPENTER_AMI_RELEASES["al2023-nvidia"].alias,
  "bottlerocket-nvidia": KARPENTER_AMI_RELEASES["bottlerocket-nvidia"].alias,
} as const;
