import { Aspects, TerraformElement, TerraformStack, type App } from "cdktf";
import { resolve } from "cdktf/lib/_tokens";
import type { IConstruct } from "constructs";
import { PolicyAspect } from "../policies/aspect";

/**
 * Makes `app.synth()` build and resolve each element's Terraform once instead of twice.
 *
 * cdktf 0.21's `App.synth()` first calls every stack's `prepareStack()`, which builds and
 * resolves every element (`resolve(stack, element.toTerraform(), true)`) only to create
 * cross-stack references, and throws the result away. The stack's `toTerraform()` then builds
 * and resolves every element again. Here each stack's preparing pass keeps each element's
 * resolved fragment and hands it to that element's next `toTerraform()` call, once; the stack's
 * own `toTerraform()` (cdktf's code, unchanged) then resolves an already resolved fragment,
 * which gives the same value.
 *
 * It is the same fragment because nothing between the two passes changes an element:
 * - a preparing resolve gives the value a later one gives: `preparing` only lets a cross-stack
 *   reference create its output and remote state (new elements, resolved afresh here since they
 *   have no kept fragment) and remember its identifier, which the later pass returns;
 * - the aspects cdktf runs between the passes are the policy aspect's, which only reads. The
 *   fragments are handed over only when every aspect of the app is a {@link PolicyAspect}; an
 *   aspect that could change a construct (a tagging aspect, say) turns this off for the app.
 * test/stacks/resolve-once.test.ts holds every synthesized topology to the JSON cdktf's own
 * `toTerraform()` resolves afresh, and covers a cross-stack reference and a mutating aspect.
 *
 * Call once, after the app is built and before `app.synth()`.
 */
export function resolveElementsOnce(app: App): void {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  for (const stack of stacks) {
    oneShot(stack, "prepareStack", () => {
      // cdktf's prepareStack(), keeping what it resolves.
      stack.ensureBackendExists();
      const handOver = onlyPolicyAspects(app);
      for (const element of terraformElements(stack)) {
        const fragment: unknown = resolve(stack, element.toTerraform(), true);
        if (handOver) oneShot(element, "toTerraform", () => fragment);
      }
    });
  }
}

/** Replaces `method` of `target` for its next call only; later calls reach the class's own. */
function oneShot<T extends object>(target: T, method: keyof T & string, value: () => unknown): void {
  Object.defineProperty(target, method, {
    configurable: true,
    writable: true,
    value: () => {
      delete (target as Record<string, unknown>)[method];
      return value();
    },
  });
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
