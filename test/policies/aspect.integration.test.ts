import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Aspects, TerraformStack, type App } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { PlatformConfig } from "../../config/schema";
import { PolicyAspect } from "../../policies/aspect";
import { PolicyViolationError } from "../../policies/engine";
import type { Suppression } from "../../policies/types";
import { buildApp } from "../../stacks/app";
import { synthesizePlatform } from "../../stacks/synthesize";
import { defaultConfig } from "../helpers";

const KEY_PATH = "us-east-1-cluster/Scratch";

function withSuppressions(suppressions: Suppression[]): PlatformConfig {
  const config = defaultConfig();
  return { ...config, settings: { ...config.settings, suppressions } };
}

/** The default app plus a KMS key that neither rotates nor is protected from destroy. */
function appWithLooseKey(outdir: string, config: PlatformConfig = defaultConfig()): App {
  const app = buildApp(config, { outdir });
  const stack = app.node.children.filter(TerraformStack.isStack).find((s) => s.node.id === "us-east-1-cluster")!;
  new KmsKey(stack, "Scratch", { enableKeyRotation: false });
  return app;
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error, got none");
}

function filesUnder(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]) : [];
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-aspect-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("PolicyAspect wired by buildApp", () => {
  test("fails synth naming the rule id, the construct path, what is wrong and how to fix it", () => {
    const outdir = path.join(tmp, "out");
    const error = errorOf(() => appWithLooseKey(outdir).synth());
    expect(error).toBeInstanceOf(PolicyViolationError);
    expect(error.message).toContain("policy check failed (2 problems)");
    expect(error.message).toMatch(/CKV_AWS_7 us-east-1-cluster\/Scratch \(aws_kms_key\.Scratch\): does not rotate: enable_key_rotation = false; fix: set enableKeyRotation: true/);
    expect(error.message).toMatch(/LLMP_STATE_1 us-east-1-cluster\/Scratch .*prevent_destroy.*; fix: /);
    // The aspect runs before the first stack's configuration is written.
    expect(filesUnder(outdir).filter((f) => f.endsWith("cdk.tf.json"))).toEqual([]);
  });

  test("reaches every stack, not only the first (aspects on the App itself never run in cdktf 0.21)", () => {
    const app = buildApp(defaultConfig(), { outdir: tmp });
    const stacks = app.node.children.filter(TerraformStack.isStack);
    // A cluster and a platform stack per region, plus the global stack.
    expect(stacks.length).toBe(2 * defaultConfig().regions.length + 1);
    for (const s of stacks) expect(Aspects.of(s).all.some((a) => a instanceof PolicyAspect)).toBe(true);
  });

  // Why applyPolicies adds the aspect to each stack: cdktf 0.21 starts aspect invocation at
  // each stack, so an aspect on the App is never called. If an upgrade changes that, this
  // test says applyPolicies can become a plain Aspects.of(app).add().
  test("cdktf does not invoke an aspect added to the App itself", () => {
    const app = buildApp(defaultConfig(), { outdir: path.join(tmp, "out") });
    const visited: string[] = [];
    Aspects.of(app).add({ visit: (n) => { visited.push(n.node.path); } });
    app.synth();
    expect(visited).toEqual([]);
  });

  // Layers merged later may add stacks after the policies were wired in; they are still judged.
  test("fails synth for a violation in a stack added after buildApp", () => {
    const app = buildApp(defaultConfig(), { outdir: path.join(tmp, "out") });
    new KmsKey(new TerraformStack(app, "late-global"), "Key", { enableKeyRotation: true });
    expect(errorOf(() => app.synth()).message).toMatch(/LLMP_STATE_1 late-global\/Key \(aws_kms_key\.Key\): holds data or keys/);
  });

  test("synth resolves each stack once: it writes the JSON the policies judged, and a later toTerraform resolves afresh", () => {
    const outdir = path.join(tmp, "out");
    const app = buildApp(defaultConfig(), { outdir });
    const stacks = app.node.children.filter(TerraformStack.isStack);
    const resolve = jest.spyOn(TerraformStack.prototype, "toTerraform");
    try {
      app.synth();
      // Once per stack, by the policy aspect; the writes reuse what it judged.
      expect(resolve).toHaveBeenCalledTimes(stacks.length);
      for (const s of stacks) {
        const written = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", s.node.id, "cdk.tf.json"), "utf8"));
        expect(written).toEqual(s.toTerraform());
      }
      expect(resolve).toHaveBeenCalledTimes(2 * stacks.length);
    } finally {
      resolve.mockRestore();
    }
  });

  test("lets synth pass when settings.suppressions accept each finding, and records them", () => {
    const suppressions = [
      { resource: KEY_PATH, rule: "CKV_AWS_7", reason: "scratch key for a test, destroyed with it" },
      { resource: KEY_PATH, rule: "LLMP_STATE_1", reason: "scratch key for a test, destroyed with it" },
    ];
    const app = appWithLooseKey(path.join(tmp, "out"), withSuppressions(suppressions));
    app.synth();
    const stack = app.node.children.filter(TerraformStack.isStack)[0];
    const aspect = Aspects.of(stack).all.find((a): a is PolicyAspect => a instanceof PolicyAspect)!;
    expect(aspect.result?.suppressed.map((s) => [s.finding.ruleId, s.suppression.reason])).toEqual([
      ["CKV_AWS_7", suppressions[0].reason],
      ["LLMP_STATE_1", suppressions[1].reason],
    ]);
    expect(fs.existsSync(path.join(tmp, "out", "stacks", "us-east-1-cluster", "cdk.tf.json"))).toBe(true);
  });
});

describe("synthesizePlatform on a policy failure", () => {
  // stacks/synthesize.ts stages output and swaps only on success: a failing synth must
  // leave the previous output exactly as it was and no staging folder behind.
  test("fails when a suppression is stale and leaves the previous outdir untouched", () => {
    const outdir = path.join(tmp, "cdktf.out");
    fs.mkdirSync(path.join(outdir, "stacks", "previous"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "stacks", "previous", "cdk.tf.json"), "{\"previous\":true}");
    const stale = withSuppressions([{ resource: "us-east-1-cluster/Gone", rule: "CKV_AWS_7", reason: "the key was removed last quarter" }]);

    expect(() => synthesizePlatform(stale, outdir)).toThrow(/settings: suppressions\[0\]: must match a finding; .*, got CKV_AWS_7 us-east-1-cluster\/Gone/);
    expect(fs.readdirSync(path.join(outdir, "stacks"))).toEqual(["previous"]);
    expect(fs.readFileSync(path.join(outdir, "stacks", "previous", "cdk.tf.json"), "utf8")).toBe("{\"previous\":true}");
    expect(fs.readdirSync(tmp)).toEqual(["cdktf.out"]);
  });
});
