import { Testing, TerraformStack } from "cdktf";
import type { PlatformConfig, PlatformSettings, RegionConfig } from "../../config/schema";
import { AwsClusterStack } from "../../stacks/aws-cluster-stack";
import { GcpClusterStack } from "../../stacks/gcp-cluster-stack";
import { GlobalStack } from "../../stacks/global-stack";
import { PlatformStack } from "../../stacks/platform-stack";
import { stackFromCdkTfJson, type StackView } from "../../tools/lib/terraform-json";
import type { StackJson } from "../../policies";
import { stackNames } from "../../config/names";
import { defaultConfig, defaultRegion } from "../helpers";
import { sharedStackJson } from "../shared-synth";

/** A deep copy of a default region with edits applied: one side of a synthesized fixture. */
export function editedRegion(name: string, edit: (r: { -readonly [K in keyof RegionConfig]: RegionConfig[K] }) => void = () => undefined): RegionConfig {
  const copy = structuredClone(defaultRegion(name));
  edit(copy);
  return copy;
}

/** Synthesizes a cluster stack of one region (as `cdktf synth` would) and reads it as the tools do. */
export function clusterStackView(region: RegionConfig, settings: PlatformSettings = defaultConfig().settings): StackView {
  const props = { settings, region, localStateDir: "../../.." };
  const json = sharedStackJson<StackJson>(["cluster", props], () =>
    Testing.synth(region.cloud === "aws" ? new AwsClusterStack(Testing.app(), props) : new GcpClusterStack(Testing.app(), props)));
  return stackFromCdkTfJson(stackNames.cluster(region.name), json);
}

/** Synthesizes any small stack built by `build` and reads it as the tools do. */
export function smallStackView(name: string, build: (stack: TerraformStack) => void): StackView {
  const stack = new TerraformStack(Testing.app(), name);
  build(stack);
  return stackFromCdkTfJson(name, JSON.parse(Testing.synth(stack)) as StackJson);
}

/** Synthesizes the platform stack of one region (as `cdktf synth` would) and reads it as the tools do. */
export function platformStackView(region: RegionConfig, config: PlatformConfig = defaultConfig()): StackView {
  const props = { settings: config.settings, region, regions: config.regions, localStateDir: "../../.." };
  const json = sharedStackJson<StackJson>(["platform", props], () => Testing.synth(new PlatformStack(Testing.app(), props)));
  return stackFromCdkTfJson(stackNames.platform(region.name), json);
}

/** Synthesizes the global stack (as `cdktf synth` would) and reads it as the tools do. */
export function globalStackView(config: PlatformConfig = defaultConfig()): StackView {
  const props = { settings: config.settings, regions: config.regions, localStateDir: "../../.." };
  const json = sharedStackJson<StackJson>(["global", props], () => Testing.synth(new GlobalStack(Testing.app(), props)));
  return stackFromCdkTfJson(stackNames.global, json);
}
