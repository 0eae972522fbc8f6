import * as fs from "fs";
import * as path from "path";
import type { PlatformConfig } from "../config/schema";
import { buildApp } from "./app";

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
