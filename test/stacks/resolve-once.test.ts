import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Aspects, TerraformElement, TerraformLocal, TerraformOutput, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { buildApp } from "../../stacks/app";
import { resolveElementsOnce } from "../../stacks/resolve-once";
import { fixtureConfig } from "../helpers";

/**
 * resolveElementsOnce() hands each element's fragment from cdktf's preparing pass to the
 * stack's toTerraform(): what synth writes must stay what cdktf resolves afresh.
 */
describe("resolveElementsOnce", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "resolve-once-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const written = (outdir: string, stack: string): unknown => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));

  /**
   * Counts how often each element of `app` really builds its Terraform (its class's
   * toTerraform()), under whatever an instance property puts in front of it: each element gets
   * a prototype of its own in between that counts.
   */
  function countBuilds(app: App): Map<TerraformElement, number> {
    const builds = new Map<TerraformElement, number>();
    for (const c of app.node.findAll()) {
      if (!TerraformElement.isTerraformElement(c)) continue;
      const own = Object.getPrototypeOf(c) as { toTerraform(): unknown };
      const counting = Object.create(own) as { toTerraform(): unknown };
      counting.toTerraform = function (this: TerraformElement) {
        builds.set(this, (builds.get(this) ?? 0) + 1);
        return own.toTerraform.call(this);
      };
      Object.setPrototypeOf(c, counting);
      builds.set(c, 0);
    }
    return builds;
  }

  test.each(["default", "azure"])("the %s topology: every stack is written as cdktf resolves it afresh, each element built once", (topology) => {
    const app = buildApp(fixtureConfig(topology), { outdir: dir });
    resolveElementsOnce(app);
    const builds = countBuilds(app);
    app.synth();
    const buildsInSynth = [...builds.values()];
    const stacks = app.node.children.filter(TerraformStack.isStack);
    expect(stacks.length).toBeGreaterThan(1);
    // Byte for byte, as cdktf's synthesizer writes it (with the json-stable-stringify it bundles).
    const stringify = require(require.resolve("json-stable-stringify", { paths: [path.dirname(require.resolve("cdktf"))] })) as (v: unknown, o: { space: number }) => string;
    for (const stack of stacks) {
      const text = fs.readFileSync(path.join(dir, "stacks", stack.node.id, "cdk.tf.json"), "utf8");
      expect({ stack: stack.node.id, same: text === stringify(TerraformStack.prototype.toTerraform.call(stack), { space: 2 }) }).toEqual({ stack: stack.node.id, same: true });
    }
    // cdktf alone builds each element twice (prepareStack, then toTerraform).
    expect(buildsInSynth.length).toBeGreaterThan(100);
    expect([...new Set(buildsInSynth)]).toEqual([1]);
  });

  /** Two stacks, the second reading a value of the first (a cross-stack reference), and `aspect` on both. */
  function crossStackApp(outdir: string, aspect?: IAspect): App {
    const app = new App({ outdir, skipValidation: true });
    const origin = new TerraformStack(app, "origin");
    const local = new TerraformLocal(origin, "greeting", "hello");
    const consumer = new TerraformStack(app, "consumer");
    new TerraformOutput(consumer, "echo", { value: local.asString });
    if (aspect) for (const s of [origin, consumer]) Aspects.of(s).add(aspect);
    return app;
  }

  test("a cross-stack reference is written as cdktf alone writes it", () => {
    const stock = crossStackApp(path.join(dir, "stock"));
    stock.synth();
    const once = crossStackApp(path.join(dir, "once"));
    resolveElementsOnce(once);
    once.synth();
    for (const stack of ["origin", "consumer"]) {
      expect(fs.readFileSync(path.join(dir, "once", "stacks", stack, "cdk.tf.json"), "utf8")).toBe(fs.readFileSync(path.join(dir, "stock", "stacks", stack, "cdk.tf.json"), "utf8"));
    }
    // The reference became an output of the origin and a remote state read in the consumer.
    expect(JSON.stringify(written(path.join(dir, "once"), "consumer"))).toContain("terraform_remote_state");
  });

  test("a stack with overrides of its own is left to cdktf", () => {
    const build = (outdir: string) => {
      const app = crossStackApp(outdir);
      for (const s of app.node.children.filter(TerraformStack.isStack)) s.addOverride("terraform.required_version", ">= 1.5");
      return app;
    };
    const stock = build(path.join(dir, "stock"));
    stock.synth();
    const once = build(path.join(dir, "once"));
    resolveElementsOnce(once);
    const builds = countBuilds(once);
    once.synth();
    for (const stack of ["origin", "consumer"]) {
      expect(fs.readFileSync(path.join(dir, "once", "stacks", stack, "cdk.tf.json"), "utf8")).toBe(fs.readFileSync(path.join(dir, "stock", "stacks", stack, "cdk.tf.json"), "utf8"));
    }
    expect(written(path.join(dir, "once"), "origin")).toMatchObject({ terraform: { required_version: ">= 1.5" } });
    expect([...new Set(builds.values())]).toEqual([2]);
  });

  test("an aspect that changes an element turns the hand-over off: the change is written", () => {
    const describe: IAspect = {
      visit(node: IConstruct) {
        if (node instanceof TerraformOutput) node.description = "set by an aspect";
      },
    };
    const app = crossStackApp(path.join(dir, "aspect"), describe);
    resolveElementsOnce(app);
    const builds = countBuilds(app);
    app.synth();
    expect(written(path.join(dir, "aspect"), "consumer")).toMatchObject({ output: { echo: { description: "set by an aspect" } } });
    expect([...new Set(builds.values())]).toEqual([2]);
  });
});
