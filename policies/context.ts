import { stackNames } from "../config/names";
import type { PlatformConfig } from "../config/schema";
import type { PolicyContext } from "./types";

/** The facts the rules need from the validated config: which stacks may serve publicly. */
export function policyContext(config: PlatformConfig): PolicyContext {
  const publicStacks = new Set(config.regions.filter((r) => r.serving.public).map((r) => stackNames.platform(r.name)));
  return { publicServing: (stackName) => publicStacks.has(stackName) };
}
