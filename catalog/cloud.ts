/**
 * The clouds the platform runs regions on, and how messages name them. Every per-cloud
 * fact in the catalog is a table keyed by {@link Cloud}, so a new cloud is a row in each
 * table (and an implementation per layer in `stacks/`), never a new branch.
 */
export const CLOUD_IDS = ["aws", "gcp", "azure"] as const;

/** One of {@link CLOUD_IDS}. */
export type Cloud = (typeof CLOUD_IDS)[number];

/** How messages name each cloud, with the article that goes before the name. */
export const CLOUD_LABELS: Readonly<Record<Cloud, { readonly name: string; readonly article: "a" | "an"; readonly kubernetes: string }>> = {
  aws: { name: "AWS", article: "an", kubernetes: "EKS" },
  gcp: { name: "GCP", article: "a", kubernetes: "GKE" },
  azure: { name: "Azure", article: "an", kubernetes: "AKS" },
};
