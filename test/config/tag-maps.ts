type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One `tags` map of a synthesized resource: on the resource itself, or in a nested block. */
export interface TagMapAt {
  /** Terraform resource type, e.g. `aws_subnet`. */
  readonly type: string;
  /** `<type>.<name>` and the path to the map, ending in `.tags`. */
  readonly where: string;
  readonly tags: Record<string, string>;
  /** Whether the map is the resource's own `tags` (a provider's default tags apply to it). */
  readonly top: boolean;
}

/**
 * Every `tags` map of the stack's resources whose type starts with `typePrefix`, nested
 * blocks included (`tag_specifications`); never `tags_all`, which the provider computes.
 */
export function tagMapsOf(stack: Json, typePrefix: string): TagMapAt[] {
  const found: TagMapAt[] = [];
  const walk = (type: string, at: string, node: unknown, top: boolean): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(type, `${at}[${i}]`, n, false));
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node as Json)) {
        if (k === "tags" && v && typeof v === "object") found.push({ type, where: `${at}.tags`, tags: v as Record<string, string>, top });
        else if (k !== "tags_all") walk(type, `${at}.${k}`, v, false);
      }
    }
  };
  for (const [type, byName] of Object.entries((stack.resource ?? {}) as Json)) {
    if (!type.startsWith(typePrefix)) continue;
    for (const [name, r] of Object.entries(byName as Json)) walk(type, `${type}.${name}`, r, true);
  }
  return found;
}
