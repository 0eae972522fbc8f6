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
    for (const stack of stacks) expect(written(dir, stack.node.id)).toEqual(TerraformStack.prototype.toTerraform.call(stack));
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
    for (const stack of ["origin", "consumer"]) expect(written(path.join(dir, "once"), stack)).toEqual(written(path.join(dir, "stock"), stack));
    // The reference became an output of the origin and a remote state read in the consumer.
    expect(JSON.stringify(written(path.join(dir, "once"), "consumer"))).toContain("terraform_remote_state");
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
