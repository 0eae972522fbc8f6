import { Aspects, TerraformElement, TerraformOutput, TerraformStack, type App } from "cdktf";
import { resolve } from "cdktf/lib/_tokens";
import { deepMerge } from "cdktf/lib/util";
import type { IConstruct } from "constructs";
import { PolicyAspect } from "../policies/aspect";
import { oneShot } from "../policies/one-shot";

/**
 * Makes `app.synth()` build and resolve each element's Terraform once instead of twice, and
 * walk it once instead of four times.
 *
 * cdktf 0.21's `App.synth()` first calls every stack's `prepareStack()`, which builds and
 * resolves every element (`resolve(stack, element.toTerraform(), true)`) only to create
 * cross-stack references, and throws the result away. The stack's `toTerraform()` then builds
 * and resolves every element again, merges the fragments and resolves the merged JSON once
 * more, which walks every value again (cdktf's resolve allocates a context per value). Here
 * each stack's preparing pass keeps each element's resolved fragment, and the stack's next
 * `toTerraform()` call (the one the policy aspect makes; synth then writes that JSON) merges
 * the kept fragments as cdktf's `TerraformStack.toTerraform()` does
 * (node_modules/cdktf/lib/terraform-stack.js), without resolving them again.
 *
 * It is the same JSON because:
 * - a preparing resolve gives the value a later one gives: `preparing` only lets a cross-stack
 *   reference create its output and remote state (new elements, built and resolved here since
 *   they have no kept fragment) and remember its identifier, which the later pass returns;
 * - resolving resolved JSON gives it back, so the last resolve only matters for the stack's
 *   own overrides (`stack.addOverride`): a stack that has any is left to cdktf;
 * - nothing between the two passes changes an element, as long as the app's only aspects are
 *   policy aspects, which only read: any other aspect (a tagging aspect, say) could, and turns
 *   this off for the whole app.
 * test/stacks/resolve-once.test.ts holds every synthesized topology to the JSON cdktf's own
 * `toTerraform()` resolves afresh, and covers a cross-stack reference, a stack override and an
 * aspect that changes an element.
 *
 * Call once, after the app is built and before `app.synth()`.
 */
export function resolveElementsOnce(app: App): void {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  // Decided when synth starts (the first prepareStack), once the app has all its aspects.
  let handOver: boolean | undefined;
  for (const stack of stacks) {
    oneShot(stack, "prepareStack", () => {
      // cdktf's prepareStack(), keeping what it resolves.
      stack.ensureBackendExists();
      handOver ??= onlyPolicyAspects(app);
      const fragments = new Map<TerraformElement, unknown>();
      for (const element of terraformElements(stack)) fragments.set(element, resolve(stack, element.toTerraform(), true));
      if (handOver && Object.keys(overridesOf(stack)).length === 0) oneShot(stack, "toTerraform", () => mergeFragments(stack, fragments));
    });
  }
}

/**
 * cdktf 0.21's `TerraformStack.toTerraform()`, taking each element's resolved fragment from
 * `kept` (an element created since, by a cross-stack reference, is built and resolved here),
 * and without the final resolve of the merged JSON, which holds only resolved values.
 */
function mergeFragments(stack: TerraformStack, kept: ReadonlyMap<TerraformElement, unknown>): Record<string, unknown> {
  const overrides = overridesOf(stack);
  const metadata = { version: (stack as unknown as { cdktfVersion: string }).cdktfVersion, stackName: stack.node.id, backend: "local", cloud: undefined };
  const elements = terraformElements(stack);
  for (const e of elements) deepMerge(metadata, resolve(stack, e.toMetadata()));
  const outputs = {};
  for (const item of elements) {
    if (!TerraformOutput.isTerraformOutput(item)) continue;
    deepMerge(outputs, item.node.path.split("/").reduceRight<Record<string, unknown>>((inner, part) => ({ [part]: Object.keys(inner).length === 0 ? item.friendlyUniqueId : inner }), {}));
  }
  const tf: Record<string, unknown> = { "//": { metadata, outputs } };
  for (const e of elements) deepMerge(tf, kept.has(e) ? kept.get(e) : resolve(stack, e.toTerraform()));
  deepMerge(tf, overrides);
  return tf;
}

function overridesOf(stack: TerraformStack): Record<string, unknown> {
  return (stack as unknown as { rawOverrides: Record<string, unknown> }).rawOverrides;
}

function onlyPolicyAspects(app: App): boolean {
  return app.node.findAll().every((c) => Aspects.of(c).all.every((a) => a instanceof PolicyAspect));
}

/** A stack's elements as cdktf 0.21's own (unexported) `terraformElements` lists them: depth first, not into nested stacks. */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) terraformElements(child, into);
  }
  return into;
}
