import * as path from "path";
import { Testing, TerraformStack } from "cdktf";
import { loadPlatform } from "../../config/load-platform";
import { evaluateStack } from "../../policies/engine";
import { policyContext } from "../../policies/context";
import type { StackJson } from "../../policies/types";
import { buildApp } from "../../stacks/app";
import { ROOT, TEST_TODAY } from "../helpers";

/**
 * examples/azure/: an AKS region next to an EKS and a GKE region. The whole app builds, every
 * stack passes every policy rule without suppressions, and the stacks the Azure region adds
 * or changes (its cluster and platform stacks, and global) are snapshot for review. The AWS
 * and GCP regions are the stock ones, snapshot by test/stacks/.
 */
const { config, warnings } = (() => {
  const loaded = loadPlatform({ sourceDir: path.join(ROOT, "examples", "azure") }, { today: TEST_TODAY });
  return { config: loaded.config, warnings: loaded.config.warnings ?? [] };
})();
const app = buildApp(config, { outdir: "unused-outdir-not-written" });
const stacks = app.node.children.filter(TerraformStack.isStack);

describe("examples/azure", () => {
  test("validates with one warning, the serving image's missing azure:// packages, and builds a cluster and a platform stack per region, and global", () => {
    // catalog/serving-image.ts: rayproject/ray-llm 2.52.0 lacks adlfs and azure-identity.
    expect(warnings).toEqual([expect.stringMatching(/^regions\/westeurope\.ts: cloud: azure workers read weights from azure:\/\/ URIs.*pip install adlfs azure-identity/)]);
    expect(stacks.map((s) => s.node.id).sort()).toEqual([
      "asia-south1-cluster", "asia-south1-platform", "global", "us-east-1-cluster", "us-east-1-platform", "westeurope-cluster", "westeurope-platform",
    ]);
  });

  test("every stack passes every policy rule, with no suppressions", () => {
    const context = policyContext(config);
    expect(config.settings.suppressions).toEqual([]);
    expect(stacks.flatMap((s) => evaluateStack(s.node.id, s.toTerraform() as StackJson, context))).toEqual([]);
  });

  test.each(["westeurope-cluster", "westeurope-platform", "global"])("%s", (name) => {
    expect(Testing.synth(stacks.find((s) => s.node.id === name)!)).toMatchSnapshot();
  });
});
