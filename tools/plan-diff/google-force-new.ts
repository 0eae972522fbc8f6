import forceNewDoc from "../../reference/terraform-provider-google/force-new-6.50.0.json";
import type { ConditionalForceNew, ForceNewEntry } from "./force-new-extract";

/**
 * Google replacements as the pinned provider decides them: the ForceNew attributes of
 * hashicorp/google 6.50.0 (the version @cdktf/provider-google 16.12.1 binds), extracted
 * from the provider's source at its tag into reference/terraform-provider-google/ by
 * extract-google-force-new.ts. Used for synthesized stacks only: with a real plan,
 * Terraform's own `replace_paths` decide. Pure.
 */

/** What the vendored file holds per resource type. */
interface GoogleResource {
  readonly forceNew: readonly ForceNewEntry[];
  readonly conditional: readonly ConditionalForceNew[];
}

/** The provider version the vendored list is of (a pin test compares it with the binding). */
export const GOOGLE_FORCE_NEW_VERSION: string = forceNewDoc.version;

const RESOURCES = forceNewDoc.resources as unknown as Readonly<Record<string, GoogleResource>>;

/** True when the vendored list covers the resource type. */
export function hasGoogleForceNew(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(RESOURCES, type);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Element counts of the block at `path` in every instance of its parents: a block written
 * as an object (cdktf writes single blocks so) counts 1, a list its length, nothing 0.
 */
export function blockCounts(values: unknown, path: string): number[] {
  const [head, ...rest] = path.split(".");
  const elems = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
  const here = isObject(values) ? values[head] : undefined;
  if (rest.length === 0) return [elems(here).length];
  return elems(here).flatMap((e) => blockCounts(e, rest.join(".")));
}

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/**
 * The decision for one resource: `forces(rulePath, after)` says whether a changed
 * attribute forces replacement; `condition(rulePath)` names the provider's CustomizeDiff
 * check that may force it. Follows the SDK's differ:
 * - a `value` entry forces on any change, except that leaving an Optional + Computed
 *   attribute out keeps the state's value;
 * - a `count` entry (a block) forces only when the number of its elements changes; for a
 *   Computed block, going to or from none keeps the state's block.
 */
export function googleReplacement(type: string, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>) {
  const r = RESOURCES[type];
  const entries = r?.forceNew ?? [];
  const blocks = entries.filter((e) => e.when === "count").filter((e) => {
    const b = blockCounts(before, e.path);
    const a = blockCounts(after, e.path);
    if (JSON.stringify(b) === JSON.stringify(a)) return false;
    if (e.computed && (b.every((n) => n === 0) || a.every((n) => n === 0))) return false;
    return true;
  });
  return {
    forces(path: string, afterValue: unknown): boolean {
      if (blocks.some((e) => under(path, e.path))) return true;
      return entries.some((e) => e.when === "value" && under(path, e.path) && !(e.computed && afterValue === undefined));
    },
    condition(path: string): string | undefined {
      return r?.conditional.find((c) => under(path, c.path))?.condition;
    },
  };
}
