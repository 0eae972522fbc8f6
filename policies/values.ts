/**
 * Small readers for synthesized Terraform attributes. cdktf writes a single nested block
 * as an object and a repeated one as a list; these accept both.
 */

/** The first (or only) block of a nested block attribute, or undefined. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
}

/** Every block of a nested block attribute. */
export function blocks(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object");
}

/** Follows a path of nested blocks: `at(attrs, "vpc_config", "public_access_cidrs")`. */
export function at(attrs: unknown, ...path: string[]): unknown {
  let v: unknown = attrs;
  for (const key of path) {
    const b = block(v);
    if (!b) return undefined;
    v = b[key];
  }
  return v;
}

/** Terraform accepts booleans as `true` or `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** Terraform accepts booleans as `false` or `"false"`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** A list of strings (anything else is dropped). */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** A value as messages show it. */
export function shown(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

// What "the whole internet" is, is decided once in config/cidr.ts.
export { OPEN_WORLD_CIDRS, opensWorld } from "../config/cidr";
