/**
 * Replaces `method` of `target` for its next call only, with `value`; the call removes the
 * replacement, so later calls reach the class's own method. How synth hands a stack's JSON,
 * computed once, to the next `toTerraform()` (policies/aspect.ts, stacks/resolve-once.ts).
 */
export function oneShot<T extends object>(target: T, method: keyof T & string, value: () => unknown): void {
  Object.defineProperty(target, method, {
    configurable: true,
    writable: true,
    value: () => {
      delete (target as Record<string, unknown>)[method];
      return value();
    },
  });
}
