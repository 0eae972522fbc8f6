/**
 * Which stacks exist and in what order they are applied, from the cdktf manifest: what
 * the CI workflows fan out over (plan and drift matrices, per-region deploys). Pure.
 */

/** `cdktf.out/manifest.json`, as far as the order needs it. */
export interface CdktfManifest {
  readonly stacks: Readonly<Record<string, { readonly dependencies?: readonly string[] }>>;
}

/** Layer rank by stack-name suffix: clusters before the platform on them, global last. */
function layerRank(stack: string): number {
  if (stack.endsWith("-cluster")) return 0;
  if (stack === "global") return 2;
  return 1;
}

/**
 * Every stack in apply order: a stack's manifest dependencies first, then by layer
 * (cluster, platform and others, global), then by name.
 */
export function deployOrder(manifest: CdktfManifest): string[] {
  const names = Object.keys(manifest.stacks).sort((a, b) => layerRank(a) - layerRank(b) || a.localeCompare(b));
  const done: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (done.includes(name)) return;
    if (visiting.has(name)) throw new Error(`cdktf manifest: stacks depend on each other in a cycle through ${name}`);
    visiting.add(name);
    for (const dep of manifest.stacks[name]?.dependencies ?? []) if (dep in manifest.stacks) visit(dep);
    visiting.delete(name);
    done.push(name);
  };
  names.forEach(visit);
  return done;
}

/** The stacks of one region (`<region>-*`) in apply order; `global` selects the global stack. */
export function regionStacks(manifest: CdktfManifest, region: string): string[] {
  return deployOrder(manifest).filter((s) => (region === "global" ? s === "global" : s.startsWith(`${region}-`)));
}
