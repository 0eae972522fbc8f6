import { AZURE_READER_IN_IMAGE } from "../catalog/serving-image";
import type { RegionConfig } from "./schema";

/**
 * One warning per Azure region while the pinned serving image lacks what Ray needs for
 * `azure://` model URIs (catalog/serving-image.ts): synth still works, but the workers would
 * fail to load weights from the region's Blob container.
 */
export function servingImageWarnings(regions: readonly { readonly file: string; readonly region: Pick<RegionConfig, "cloud"> }[], image: string): string[] {
  if (AZURE_READER_IN_IMAGE.available || image !== AZURE_READER_IN_IMAGE.image) return [];
  return regions.filter(({ region }) => region.cloud === "azure").map(({ file }) =>
    `${file}: cloud: azure workers read weights from azure:// URIs, which Ray Serve LLM opens with ${AZURE_READER_IN_IMAGE.packages.join(" and ")}; ` +
    `the serving image ${image} installs neither (catalog/serving-image.ts): build an image FROM it with \`pip install ${AZURE_READER_IN_IMAGE.packages.join(" ")}\` ` +
    "and set RAY_IMAGE in constructs/llm-serving/manifests.ts to it (docs/azure.md, \"Serving image\")");
}
