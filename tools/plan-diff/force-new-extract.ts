import { declarations, type GoDecl, type GoExpr, type GoField, type GoFile } from "./go-schema";

/**
 * Which attributes of a terraform-plugin-sdk/v2 resource force a replacement, read from
 * the provider's Go source (see go-schema.ts). What `ForceNew` means follows the SDK's
 * differ (helper/schema/schema.go of terraform-plugin-sdk v2.37.0, `diffList`, `diffSet`,
 * `diffMap`, `finalizeDiff`):
 * - on a single value, or on a list, set or map of values, any change forces replacement;
 * - on a block (a list or set whose `Elem` is a `*schema.Resource`), only a change of the
 *   number of its elements does; its nested attributes carry their own `ForceNew`;
 * - an `Optional` + `Computed` attribute left out of the configuration keeps its value
 *   from the state, so leaving it out changes nothing.
 * `CustomizeDiff` functions can also force a replacement under conditions; those calls
 * (`customdiff.ForceNewIfChange`, `d.ForceNew`) are listed apart with their condition.
 * Pure: the caller hands in a reader of the provider's packages.
 */

/** One ForceNew attribute, with where the provider declares it. */
export interface ForceNewEntry {
  /** Attribute path without indices: `node_config.guest_accelerator.count`. */
  readonly path: string;
  /** `value`: any change forces replacement; `count`: adding or removing a block element does. */
  readonly when: "value" | "count";
  /** Optional + Computed: left out of the configuration, the state's value stays (no change). */
  readonly computed: boolean;
  readonly file: string;
  readonly line: number;
}

/** A replacement that a `CustomizeDiff` function forces when its condition holds. */
export interface ConditionalForceNew {
  readonly path: string;
  /** The Go function that decides (`IsShrinkageIpCidr`, `containerClusterAutopilotCustomizeDiff`). */
  readonly condition: string;
  readonly file: string;
  readonly line: number;
}

/** What the extraction found for one resource type. */
export interface ResourceForceNew {
  /** The registration expression in the provider's resource map. */
  readonly constructor: string;
  /** False when the resource has no Update: then every argument forces replacement (the SDK requires ForceNew on each). */
  readonly updatable: boolean;
  readonly forceNew: readonly ForceNewEntry[];
  readonly conditional: readonly ConditionalForceNew[];
}

/** Reads the non-test `.go` files of a package folder (`google/services/container`). */
export type PackageReader = (dir: string) => readonly GoFile[];

interface Pkg {
  readonly dir: string;
  readonly decls: Map<string, GoDecl>;
  /** Per file: import name -> package folder inside the module. */
  readonly imports: Map<string, Map<string, string>>;
}

/** A value bound to a function parameter, with the package it is evaluated in. */
interface Bound { readonly expr: GoExpr; readonly env: Env }
interface Env { readonly pkg: Pkg; readonly params: ReadonlyMap<string, Bound> }

const MODULE = "github.com/hashicorp/terraform-provider-google/";

function importsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const block = /^import\s*\(([\s\S]*?)^\)/m.exec(text)?.[1] ?? "";
  const singles = [...text.matchAll(/^import\s+((?:\w+\s+)?"[^"]+")/gm)].map((m) => m[1]);
  for (const spec of [...block.split("\n"), ...singles]) {
    const m = /^\s*(\w+\s+)?"([^"]+)"/.exec(spec);
    if (!m || !m[2].startsWith(MODULE)) continue;
    const dir = m[2].slice(MODULE.length);
    out.set(m[1]?.trim() ?? dir.split("/").pop()!, dir);
  }
  return out;
}

/** The extraction over one provider source tree. */
export class ForceNewExtractor {
  private readonly packages = new Map<string, Pkg>();

  constructor(private readonly read: PackageReader) {}

  private pkg(dir: string): Pkg {
    let p = this.packages.get(dir);
    if (!p) {
      const decls = new Map<string, GoDecl>();
      const imports = new Map<string, Map<string, string>>();
      for (const f of this.read(dir)) {
        imports.set(f.path, importsOf(f.text));
        for (const d of declarations(f)) if (!decls.has(d.name)) decls.set(d.name, d);
      }
      p = { dir, decls, imports };
      this.packages.set(dir, p);
    }
    return p;
  }

  private fail(e: GoExpr, what: string): never {
    throw new Error(`${e.file}:${e.line}: ${what}; the extraction reads only schema literals, package vars, functions returning one, and MergeSchemas`);
  }

  /** The declaration a (possibly qualified) name refers to, seen from `env`'s package and `file`. */
  private lookup(name: string, env: Env, file: string): { decl: GoDecl; pkg: Pkg } | undefined {
    const dot = name.indexOf(".");
    if (dot < 0) {
      const decl = env.pkg.decls.get(name);
      return decl ? { decl, pkg: env.pkg } : undefined;
    }
    const dir = env.pkg.imports.get(file)?.get(name.slice(0, dot));
    if (!dir) return undefined;
    const pkg = this.pkg(dir);
    const decl = pkg.decls.get(name.slice(dot + 1));
    return decl ? { decl, pkg } : undefined;
  }

  /** Follows references and calls to the composite literal they stand for. */
  resolve(e: GoExpr, env: Env): { lit: Extract<GoExpr, { kind: "literal" }>; env: Env } {
    if (e.kind === "literal") return { lit: e, env };
    if (e.kind === "ref") {
      const bound = env.params.get(e.name);
      if (bound) return this.resolve(bound.expr, bound.env);
      const found = this.lookup(e.name, env, e.file);
      if (found?.decl.kind === "var") return this.resolve(found.decl.value, { pkg: found.pkg, params: new Map() });
      return this.fail(e, `cannot resolve "${e.name}" to a schema`);
    }
    if (e.kind === "call") {
      const found = this.lookup(e.name, env, e.file);
      if (found?.decl.kind !== "func") return this.fail(e, `cannot resolve the call "${e.name}(...)"`);
      const params = new Map<string, Bound>(found.decl.params.map((p, i) => [p, { expr: e.args[i], env }] as const).filter(([, b]) => b.expr !== undefined));
      const literals = found.decl.returns.filter((r) => r.kind === "literal" || r.kind === "ref" || r.kind === "call");
      if (literals.length !== 1) return this.fail(e, `"${e.name}" has ${literals.length} returns that may be a schema, expected one`);
      return this.resolve(literals[0], { pkg: found.pkg, params });
    }
    return this.fail(e, `expected a schema, found "${e.text.slice(0, 60)}"`);
  }

  /** The attributes of a `map[string]*schema.Schema` expression, in declaration order; later maps of MergeSchemas win. */
  schemaMap(e: GoExpr, env: Env): Map<string, { field: GoField; env: Env }> {
    if (e.kind === "call" && /(^|\.)MergeSchemas$/.test(e.name)) {
      const out = new Map<string, { field: GoField; env: Env }>();
      for (const a of e.args) for (const [k, v] of this.schemaMap(a, env)) out.set(k, v);
      return out;
    }
    if (e.kind === "ref" && env.params.has(e.name)) {
      const b = env.params.get(e.name)!;
      return this.schemaMap(b.expr, b.env);
    }
    const { lit, env: at } = this.resolve(e, env);
    if (!lit.type.startsWith("map[")) {
      return this.fail(lit, `expected map[string]*schema.Schema, found a ${lit.type || "untyped"} literal`);
    }
    return new Map(lit.fields.filter((f) => f.keyIsString).map((f) => [f.key!, { field: f, env: at }]));
  }

  private flag(lit: Extract<GoExpr, { kind: "literal" }>, key: string): boolean {
    const f = lit.fields.find((x) => x.key === key);
    if (!f) return false;
    if (f.value.kind === "ref" && (f.value.name === "true" || f.value.name === "false")) return f.value.name === "true";
    return this.fail(f.value, `${key} is not a literal true or false`);
  }

  /** ForceNew entries of a schema map, recursively into blocks. */
  private walk(map: Map<string, { field: GoField; env: Env }>, prefix: string, out: ForceNewEntry[]): void {
    for (const [name, { field, env }] of map) {
      const { lit, env: at } = this.resolve(field.value, env);
      const path = `${prefix}${name}`;
      const typeField = lit.fields.find((f) => f.key === "Type");
      const type = typeField?.value.kind === "ref" ? typeField.value.name : "?";
      const elemField = lit.fields.find((f) => f.key === "Elem");
      let block: Map<string, { field: GoField; env: Env }> | undefined;
      if (elemField && (type === "schema.TypeList" || type === "schema.TypeSet")) {
        const elem = this.resolve(elemField.value, at);
        if (elem.lit.type === "schema.Resource") {
          const s = elem.lit.fields.find((f) => f.key === "Schema");
          if (!s) this.fail(elem.lit, "a schema.Resource without Schema");
          block = this.schemaMap(s.value, elem.env);
        }
      }
      if (this.flag(lit, "ForceNew")) {
        out.push({ path, when: block ? "count" : "value", computed: this.flag(lit, "Computed") && this.flag(lit, "Optional"), file: lit.file, line: field.line });
      }
      if (block) this.walk(block, `${path}.`, out);
    }
  }

  /** `customdiff.ForceNewIfChange(...)` and `ForceNew("...")` calls of a resource's CustomizeDiff. */
  private conditional(e: GoExpr | undefined, env: Env, out: ConditionalForceNew[]): void {
    if (!e) return;
    const path = (p: string) => p.replace(/\.\d+(?=\.|$)/g, "");
    if (e.kind === "call" && /(^|\.)ForceNewIfChange$/.test(e.name)) {
      const [field, cond] = e.args;
      const text = field?.kind === "other" ? field.text : "";
      out.push({ path: path(JSON.parse(text) as string), condition: cond?.kind === "ref" ? cond.name : "?", file: e.file, line: e.line });
      return;
    }
    if (e.kind === "call" && /(^|\.)All$/.test(e.name)) {
      for (const a of e.args) this.conditional(a, env, out);
      return;
    }
    if (e.kind === "ref") {
      const found = this.lookup(e.name, env, e.file);
      if (found?.decl.kind !== "func") return;
      // The function and the package functions it calls (a CustomizeDiff often delegates
      // to a testable `...Func(d)`), each once.
      const seen = new Set<string>();
      const scan = (decl: GoDecl) => {
        if (decl.kind !== "func" || seen.has(decl.name)) return;
        seen.add(decl.name);
        decl.bodyText.split("\n").forEach((l, i) => {
          for (const m of l.matchAll(/\.ForceNew\("([^"]+)"\)/g)) {
            out.push({ path: path(m[1]), condition: e.name, file: decl.file, line: decl.bodyLine + i });
          }
        });
        for (const m of decl.bodyText.matchAll(/\b([A-Za-z_]\w*)\(/g)) {
          const callee = found.pkg.decls.get(m[1]);
          if (callee) scan(callee);
        }
      };
      scan(found.decl);
      return;
    }
    if (e.kind === "other" && /ForceNew/.test(e.text)) this.fail(e, "a CustomizeDiff that forces replacement in a form the extraction does not read");
  }

  /** Everything about one resource, from its registration expression in `registryFile` (inside package `registryDir`). */
  resource(registration: GoExpr, registryDir: string): ResourceForceNew {
    const env: Env = { pkg: this.pkg(registryDir), params: new Map() };
    const { lit, env: at } = this.resolve(registration, env);
    if (lit.type !== "schema.Resource") this.fail(lit, `expected a schema.Resource, found ${lit.type}`);
    const schema = lit.fields.find((f) => f.key === "Schema");
    if (!schema) this.fail(lit, "a resource without Schema");
    const forceNew: ForceNewEntry[] = [];
    this.walk(this.schemaMap(schema.value, at), "", forceNew);
    const conditional: ConditionalForceNew[] = [];
    this.conditional(lit.fields.find((f) => f.key === "CustomizeDiff")?.value, at, conditional);
    return {
      constructor: registration.kind === "call" ? `${registration.name}(${registration.args.map(exprText).join(", ")})` : exprText(registration),
      updatable: lit.fields.some((f) => f.key === "Update" || f.key === "UpdateContext" || f.key === "UpdateWithoutTimeout"),
      forceNew,
      conditional,
    };
  }

  /** The registration expressions of the provider's resource map (`"google_x": pkg.ResourceX(),`) in one file. */
  registrations(file: GoFile): Map<string, GoExpr> {
    const out = new Map<string, GoExpr>();
    for (const d of declarations(file)) {
      if (d.kind !== "var" || d.value.kind !== "literal") continue;
      for (const f of d.value.fields) if (f.keyIsString && f.key!.startsWith("google_")) out.set(f.key!, f.value);
    }
    return out;
  }
}

function exprText(e: GoExpr): string {
  switch (e.kind) {
    case "ref": return e.name;
    case "call": return `${e.name}(${e.args.map(exprText).join(", ")})`;
    case "other": return e.text;
    case "literal": return `${e.type}{...}`;
  }
}
