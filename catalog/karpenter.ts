/**
 * Karpenter facts used at synth: the pinned release and the EKS-optimized AMI versions
 * its `alias` selector term pins per node OS. Synth never calls an AWS API.
 *
 * Release: aws/karpenter-provider-aws tag v1.14.1 (commit bde00654), chart
 * `oci://public.ecr.aws/karpenter/karpenter` and `.../karpenter-crd` version 1.14.1; its
 * CRDs and default values are vendored under reference/ and tests check against them.
 *
 * AMI aliases: `family@version` (website/content/en/docs/concepts/nodeclasses.md at
 * v1.14.1, "spec.amiSelectorTerms"): Karpenter resolves the standard, NVIDIA and Neuron
 * variants of that release and picks the NVIDIA one for instance types with GPUs
 * (pkg/providers/amifamily/al2023.go and bottlerocket.go at v1.14.1). `latest` is never
 * used: a new AMI would drift (replace) every serving node. The versions below were seen
 * as published AMI names (amazon-eks-node-al2023-x86_64-nvidia-1.33-v20250620,
 * bottlerocket-aws-k8s-1.33-nvidia-*-v1.54.0); confirm a version exists for the
 * cluster's Kubernetes version and region with the SSM commands on that docs page before
 * changing it. Compiled: 2025-11.
 */
export const KARPENTER_CATALOG_SOURCE = {
  source: "aws/karpenter-provider-aws v1.14.1 (chart, CRDs, nodeclasses.md); EKS AL2023 and Bottlerocket AMI release names",
  compiled: "2025-11",
} as const;

/** The Karpenter release: chart version of both charts (`karpenter-crd` and `karpenter`). */
export const KARPENTER_RELEASE = {
  repository: "oci://public.ecr.aws/karpenter",
  version: "1.14.1",
} as const;

/** `amiSelectorTerms[].alias` per GPU node OS: pinned, never `latest`. */
export const KARPENTER_AMI_ALIASES = {
  "al2023-nvidia": "al2023@v20250620",
  "bottlerocket-nvidia": "bottlerocket@v1.54.0",
} as const;
