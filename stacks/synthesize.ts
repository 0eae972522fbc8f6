import * as fs from "fs";
import * as path from "path";
import { TerraformStack, type App } from "cdktf";
import { ValidateProviderPresence } from "cdktf/lib/validations";
import type { PlatformConfig } from "../config/schema";
import { buildApp } from "./app";
import { resolveElementsOnce } from "./resolve-once";

/**
 * cdktf's own validations, minus the one that runs `terraform version` for every
 * `terraform_data` resource (buildApp turns them off): synth needs no Terraform binary
 * and spawns no process. What remains is that every resource's provider is configured.
 */
export function validateProviders(app: App): void {
  const problems = app.node.children
    .filter(TerraformStack.isStack)
    .flatMap((stack) => new ValidateProviderPresence(stack).validate().map((m) => `${stack.node.id}: ${m}`));
  if (problems.length > 0) throw new Error(`synth: ${problems.join("; ")}`);
}

/**
 * Synthesizes into a staging folder beside `outdir` and swaps it in only when every
 * stack synthesized: a failure at any point (an aspect, a policy) leaves the previous
 * `outdir` as it was. Returns the stack names written.
 */
export function synthesizePlatform(config: PlatformConfig, outdir: string, localStateDir?: string): string[] {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const app = buildApp(config, { outdir: staging, localStateDir });
    validateProviders(app);
    resolveElementsOnce(app);
    app.synth();
    const old = `${target}.old-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(staging, target);
    fs.rmSync(old, { recursive: true, force: true });
    return app.node.children.map((c) => c.node.id);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
