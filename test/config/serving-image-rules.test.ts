import { AZURE_READER_IN_IMAGE } from "../../catalog/serving-image";
import { RAY_IMAGE } from "../../constructs/llm-serving";
import { servingImageWarnings } from "../../config/serving-image-rules";

describe("servingImageWarnings", () => {
  const regions = [
    { file: "regions/westeurope.ts", region: { cloud: "azure" as const } },
    { file: "regions/us-east-1.ts", region: { cloud: "aws" as const } },
  ];

  test("the checked fact is about the image the platform pins: a new image means checking again", () => {
    expect(AZURE_READER_IN_IMAGE).toMatchObject({ image: RAY_IMAGE, available: false, packages: ["adlfs", "azure-identity"] });
  });

  test("warns once per Azure region, naming the packages and what to change", () => {
    expect(servingImageWarnings(regions, RAY_IMAGE)).toEqual([
      "regions/westeurope.ts: cloud: azure workers read weights from azure:// URIs, which Ray Serve LLM opens with adlfs and azure-identity; " +
      "the serving image rayproject/ray-llm:2.52.0-py311-cu128 installs neither (catalog/serving-image.ts): build an image FROM it with `pip install adlfs azure-identity` " +
      "and set RAY_IMAGE in constructs/llm-serving/manifests.ts to it (docs/azure.md, \"Serving image\")",
    ]);
  });

  test("says nothing for an image built for Azure, or without Azure regions", () => {
    expect(servingImageWarnings(regions, "registry.example/ray-llm-azure:2.52.0")).toEqual([]);
    expect(servingImageWarnings([regions[1]], RAY_IMAGE)).toEqual([]);
  });
});
