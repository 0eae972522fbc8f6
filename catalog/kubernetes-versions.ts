import type { Cloud } from "./cloud";

/**
 * Kubernetes minor versions the platform accepts, per cloud, with the dates that decide
 * whether a version may still be deployed. Synth never asks a cloud; refresh this file.
 *
 * EKS: release calendar of "Understand the Kubernetes version lifecycle on EKS"
 * (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, awsdocs/amazon-eks-user-guide
 * latest/ug/versioning/kubernetes-versions.adoc at 0138560441) for 1.31-1.34; 1.35 from
 * endoflife.date/amazon-eks, which mirrors `aws eks describe-cluster-versions`.
 * GKE: about 14 months of standard support after Regular-channel availability (GKE versioning
 * and support page). APPROXIMATE: the GKE release-schedule table was not reachable when this
 * was compiled, so each end date is the Regular date + 14 months; re-check on every refresh.
 * AKS: "AKS Kubernetes release calendar" of "Supported Kubernetes versions in AKS"
 * (MicrosoftDocs/azure-aks-docs articles/aks/supported-kubernetes-versions.md, ms.date 08/05/2026).
 * The calendar gives months only: `released` is the first day of the AKS GA month and
 * `endOfStandardSupport` the last day of the end-of-life month, as the page says to read it.
 * Compiled: 2026-11-30.
 */
export const KUBERNETES_VERSIONS_SOURCE = {
  eks: "docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (release calendar); endoflife.date/amazon-eks for 1.35",
  gke: "cloud.google.com/kubernetes-engine/docs/release-schedule (Regular channel; end of standard support)",
  aks: "learn.microsoft.com/azure/aks/supported-kubernetes-versions (AKS Kubernetes release calendar, ms.date 2026-08-05)",
  compiled: "2026-11-30",
} as const;

/** One minor version on one cloud: when it became available and when its standard support ends. */
export interface KubernetesVersionSupport {
  /** Date the cloud released it (EKS release; GKE Regular channel), YYYY-MM-DD, UTC. */
  readonly released: string;
  /** The day standard support ends (from then: paid extended support, or an automatic upgrade), YYYY-MM-DD, UTC. */
  readonly endOfStandardSupport: string;
}

/** EKS versions with their calendar dates. */
export const EKS_VERSION_SUPPORT = {
  "1.31": { released: "2024-09-26", endOfStandardSupport: "2025-11-26" },
  "1.32": { released: "2025-01-23", endOfStandardSupport: "2026-03-23" },
  "1.33": { released: "2025-05-29", endOfStandardSupport: "2026-07-29" },
  "1.34": { released: "2025-10-02", endOfStandardSupport: "2026-12-02" },
  "1.35": { released: "2026-01-27", endOfStandardSupport: "2027-03-27" },
} as const satisfies Record<string, KubernetesVersionSupport>;

/** GKE versions with their release-schedule dates (Regular channel). */
export const GKE_VERSION_SUPPORT = {
  "1.31": { released: "2024-10-08", endOfStandardSupport: "2025-12-22" },
  "1.32": { released: "2025-02-11", endOfStandardSupport: "2026-04-11" },
  "1.33": { released: "2025-06-10", endOfStandardSupport: "2026-08-10" },
  "1.34": { released: "2025-10-14", endOfStandardSupport: "2026-12-14" },
  "1.35": { released: "2026-02-17", endOfStandardSupport: "2027-04-17" },
} as const satisfies Record<string, KubernetesVersionSupport>;

/** AKS versions with their release-calendar months (AKS GA; end of life = end of 12-month community support). */
export const AKS_VERSION_SUPPORT = {
  "1.32": { released: "2025-04-01", endOfStandardSupport: "2026-03-31" },
  "1.33": { released: "2025-06-01", endOfStandardSupport: "2026-07-31" },
  "1.34": { released: "2025-11-01", endOfStandardSupport: "2026-11-30" },
  "1.35": { released: "2026-03-01", endOfStandardSupport: "2027-03-31" },
  "1.36": { released: "2026-06-01", endOfStandardSupport: "2027-06-30" },
  "1.37": { released: "2026-10-01", endOfStandardSupport: "2027-10-31" },
} as const satisfies Record<string, KubernetesVersionSupport>;

/** The support table of each cloud: a new cloud is a row here, not a branch. */
export const VERSION_TABLES: Readonly<Record<Cloud, Readonly<Record<string, KubernetesVersionSupport>>>> = {
  aws: EKS_VERSION_SUPPORT,
  gcp: GKE_VERSION_SUPPORT,
  azure: AKS_VERSION_SUPPORT,
};

/** An EKS version in the catalog. */
export type EksVersion = keyof typeof EKS_VERSION_SUPPORT;

/**
 * EKS managed add-ons the cluster layer installs, pinned per Kubernetes version so they move
 * with the control plane. Source: `aws eks describe-addon-versions --kubernetes-version <v>
 * --addon-name <name>` (re-run on refresh). The 1.34/1.35 vpc-cni, coredns and kube-proxy pins
 * were taken from public configurations of clusters at those versions (no AWS access here);
 * aws-ebs-csi-driver supports every listed version. Versions past their end of standard support
 * carry no pins: validation refuses them. Compiled: 2026-11-30.
 */
export const EKS_ADDON_VERSIONS: Readonly<Partial<Record<EksVersion, Readonly<Record<EksAddonName, string>>>>> = {
  "1.34": { "vpc-cni": "v1.20.4-eksbuild.2", coredns: "v1.12.3-eksbuild.1", "kube-proxy": "v1.34.0-eksbuild.2", "aws-ebs-csi-driver": "v1.48.0-eksbuild.1" },
  "1.35": { "vpc-cni": "v1.21.1-eksbuild.3", coredns: "v1.13.2-eksbuild.1", "kube-proxy": "v1.35.0-eksbuild.2", "aws-ebs-csi-driver": "v1.48.0-eksbuild.1" },
};

/** The add-ons EKS_ADDON_VERSIONS pins. */
export type EksAddonName = "vpc-cni" | "coredns" | "kube-proxy" | "aws-ebs-csi-driver";

/** Days before the end of standard support from which synth warns. */
export const SUPPORT_WARNING_DAYS = 60;

/** Where a version stands on a given day. */
export type SupportStatus =
  | { readonly kind: "unknown" }
  | { readonly kind: "ended"; readonly endOfStandardSupport: string }
  | { readonly kind: "ending"; readonly endOfStandardSupport: string; readonly daysLeft: number }
  | { readonly kind: "supported"; readonly endOfStandardSupport: string };

const DAY_MS = 86_400_000;

/** The support table of a cloud. */
export function versionTable(cloud: Cloud): Readonly<Record<string, KubernetesVersionSupport>> {
  return VERSION_TABLES[cloud];
}

/** Whether `version` is in standard support on `today` (UTC), ending within the warning window, or past its end. */
export function supportStatus(cloud: Cloud, version: string, today: Date): SupportStatus {
  const table = versionTable(cloud);
  if (!Object.prototype.hasOwnProperty.call(table, version)) return { kind: "unknown" };
  const end = table[version].endOfStandardSupport;
  const daysLeft = Math.ceil((Date.parse(`${end}T00:00:00Z`) - today.getTime()) / DAY_MS);
  if (daysLeft <= 0) return { kind: "ended", endOfStandardSupport: end };
  if (daysLeft <= SUPPORT_WARNING_DAYS) return { kind: "ending", endOfStandardSupport: end, daysLeft };
  return { kind: "supported", endOfStandardSupport: end };
}

/** The versions of a cloud still in standard support on `today`, oldest first. */
export function supportedVersions(cloud: Cloud, today: Date): string[] {
  return Object.keys(versionTable(cloud)).filter((v) => supportStatus(cloud, v, today).kind !== "ended");
}
