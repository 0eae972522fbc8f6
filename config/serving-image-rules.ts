import type { Cloud } from "../catalog/cloud";
import { AZURE_READER_IN_IMAGE } from "../catalog/serving-image";
import type { RegionConfig } from "./schema";

/** What the pinned serving image lacks to read one cloud's model-store URIs, as catalog/serving-image.ts records it. */
export interface ModelStoreReaderGap {
  /** The image the fact was checked on; another image means checking again. */
  readonly image: string;
  /** Python packages Ray Serve LLM needs for the scheme. */
  readonly packages: readonly string[];
  /** True when the image installs them. */
  readonly available: boolean;
  /** The URI scheme the region's workers read weights from (`azure://`). */
  readonly scheme: string;
  /** Where the docs say how to build an image with them. */
  readonly docs: string;
}

/**
 * Per cloud, what the serving image must add to read weights from the region's model store,
 * or undefined when nothing is recorded missing (S3 and GCS: no gap in
 * catalog/serving-image.ts). A new cloud fills its row: check that the pinned image reads
 * its store's URI scheme, record the fact in catalog/serving-image.ts, and name it here.
 */
export const MODEL_STORE_READER_GAP: Readonly<Record<Cloud, ModelStoreReaderGap | undefined>> = {
  aws: undefined,
  gcp: undefined,
  azure: { ...AZURE_READER_IN_IMAGE, scheme: "azure://", docs: "docs/azure.md, \"Serving image\"" },
};

/**
 * One warning per region whose cloud's model-store URIs the pinned serving image cannot read
 * (today: Azure, catalog/serving-image.ts): synth still works, but the workers would fail to
 * load weights from the region's store.
 */
export function servingImageWarnings(regions: readonly { readonly file: string; readonly region: Pick<RegionConfig, "cloud"> }[], image: string): string[] {
  return regions.flatMap(({ file, region }) => {
    const gap = MODEL_STORE_READER_GAP[region.cloud];
    if (!gap || gap.available || image !== gap.image) return [];
    return [`${file}: cloud: ${region.cloud} workers read weights from ${gap.scheme} URIs, which Ray Serve LLM opens with ${gap.packages.join(" and ")}; ` +
      `the serving image ${image} installs neither (catalog/serving-image.ts): build an image FROM it with \`pip install ${gap.packages.join(" ")}\` ` +
      `and set RAY_IMAGE in constructs/llm-serving/manifests.ts to it (${gap.docs})`];
  });
}
