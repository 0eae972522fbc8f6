import { Testing, TerraformStack } from "cdktf";
import type { PlatformConfig, PlatformSettings, RegionConfig } from "../../config/schema";
import { AwsClusterStack } from "../../stacks/aws-cluster-stack";
import { GcpClusterStack } from "../../stacks/gcp-cluster-stack";
import { GlobalStack } from "../../stacks/global-stack";
import { PlatformStack } from "../../stacks/platform-stack";
import { stackFromCdkTfJson, type StackView } from "../../tools/lib/terraform-json";
import type { StackJson } from "../../policies";
import { defaultConfig, defaultRegion } from "../helpers";

/** A deep copy of a default region with edits applied: one side of a synthesized fixture. */
export function editedRegion(name: string, edit: (r: { -readonly [K in keyof RegionConfig]: RegionConfig[K] }) => void = () => undefined): RegionConfig {
  const copy = structuredClone(defaultRegion(name));
  edit(copy);
  return copy;
}

/** Synthesizes a cluster stack of one region (as `cdktf synth` would) and reads it as the tools do. */
export function clusterStackView(region: RegionConfig, settings: PlatformSettings = defaultConfig().settings): StackView {
  const app = Testing.app();
  const props = { settings, region, localStateDir: "../../.." };
  const stack: TerraformStack = region.cloud === "aws" ? new AwsClusterStack(app, props) : new GcpClusterStack(app, props);
  return stackFromCdkTfJson(stack.node.id, JSON.parse(Testing.synth(stack)) as StackJson);
}

/** Synthesizes any small stack built by `build` and reads it as the tools do. */
export function smallStackView(name: string, build: (stack: TerraformStack) => void): StackView {
  const stack = new TerraformStack(Testing.app(), name);
  build(stack);
  return stackFromCdkTfJson(name, JSON.parse(Testing.synth(stack)) as StackJson);
}

/** Synthesizes the platform stack of one region (as `cdktf synth` would) and reads it as the tools do. */
export function platformStackView(region: RegionConfig, config: PlatformConfig = defaultConfig()): StackView {
  const stack = new PlatformStack(Testing.app(), { settings: config.settings, region, regions: config.regions, localStateDir: "../../.." });
  return stackFromCdkTfJson(stack.node.id, JSON.parse(Testing.synth(stack)) as StackJson);
}

/** Synthesizes the global stack (as `cdktf synth` would) and reads it as the tools do. */
export function globalStackView(config: PlatformConfig = defaultConfig()): StackView {
  const stack = new GlobalStack(Testing.app(), { settings: config.settings, regions: config.regions, localStateDir: "../../.." });
  return stackFromCdkTfJson(stack.node.id, JSON.parse(Testing.synth(stack)) as StackJson);
}
