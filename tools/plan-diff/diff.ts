import { costItemsFromStack, priceItems, totals, type CostTotals } from "../cost/estimate";
import type { StackView, TfResource } from "../lib/terraform-json";
import {
  DNS_TYPES,
  FORCE_NEW_ATTRIBUTES,
  IMAGE_PATH_RE,
  MODEL_PATH_RE,
  SECRET_NAME_RE,
  SECRET_PATHS,
  SECRET_VALUE_RE,
  STATEFUL_TYPES,
  VERSION_ATTRIBUTES,
  type FindingKind,
} from "./rules";
import { expandEmbedded, identityKey, identitySegment, identityValue, IDENTITY_SEGMENT_RE } from "./structure";
import { googleReplacement, hasGoogleForceNew } from "./google-force-new";
import { karpenterFindings } from "./karpenter-pools";
import { capacityFindings, failoverBudgetFindings } from "./notes";

/**
 * The plan diff: resource changes per stack, from two synthesized stacks or from a
 * `terraform show -json` plan, and the findings a reviewer must not miss. Pure: no I/O.
 */

/** What happens to a resource. */
export type ChangeAction = "create" | "delete" | "update" | "replace";

/** Shown instead of a masked value. */
export const MASKED = "(sensitive)";
/** Shown for a value Terraform knows only after apply. */
export const UNKNOWN = "(known after apply)";

/** One changed attribute, values already masked where secret. */
export interface AttributeChange {
  /** `scaling_config.max_size`, `labels["llm-platform.dev/pool"]`, `instance_types[0]`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly forcesReplacement: boolean;
  /** A provider check (CustomizeDiff) that replaces the resource when its condition holds (`IsShrinkageIpCidr`). */
  readonly replacementCondition?: string;
}

/** One resource that changes. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** Changed attributes (updates and replacements). */
  readonly attributes: readonly AttributeChange[];
  /** The physical name before the change (`node_group_name`, `name`), where it has one. */
  readonly name?: string;
  /** True when the replacement is created before the old one goes (`create_before_destroy`). */
  readonly createBeforeDestroy?: boolean;
}

/** Something a reviewer must not miss. */
export interface Finding {
  readonly kind: FindingKind;
  readonly stack: string;
  readonly address?: string;
  readonly message: string;
}

/** A provider whose pinned version changes, or that appears or goes. */
export interface ProviderChange {
  readonly provider: string;
  readonly before?: string;
  readonly after?: string;
}

/** Everything the report says about one stack. */
export interface StackDiff {
  readonly stack: string;
  /** `added` / `removed` when the whole stack appears or goes. */
  readonly status: "added" | "removed" | "changed" | "unchanged";
  readonly changes: readonly ResourceChange[];
  readonly providers: readonly ProviderChange[];
  readonly costBefore: CostTotals;
  readonly costAfter: CostTotals;
  readonly findings: readonly Finding[];
}

/** Marks of sensitive values as Terraform writes them (`before_sensitive`): true, or a tree of them. */
export type SensitiveMarks = unknown;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function segment(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * Leaf values by path; empty objects and lists are leaves so that their appearance shows.
 * A list whose objects all carry a unique identity ({@link identityKey}) is keyed by it,
 * so adding one element shows one added element, not every later one shifted.
 */
export function flatten(value: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value) && value.length > 0) {
    const key = identityKey(value);
    value.forEach((v, i) => flatten(v, `${prefix}${key ? identitySegment(key, identityValue(v, key)) : `[${i}]`}`, out));
  } else if (isObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, `${prefix}${segment(k)}`.replace(/^\./, ""), out);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

/** `node_config[0].guest_accelerator[0].type` -> `node_config.guest_accelerator.type`: the form rules use. */
export function rulePath(path: string): string {
  return path.replace(/\[\d+\]/g, "").replace(/\[[A-Za-z_]+="(?:[^"\\]|\\.)*"\]/g, "").replace(/\["([^"]*)"\]/g, ".$1");
}

function matchesAny(path: string, prefixes: readonly string[] | undefined): boolean {
  const p = rulePath(path);
  return (prefixes ?? []).some((r) => p === r || p.startsWith(`${r}.`));
}

function marked(marks: SensitiveMarks, path: string): boolean {
  if (marks === true) return true;
  // An element matched by identity has no index to look its marks up by: it counts as
  // marked when any element of the list is, so a secret is never shown.
  const byId = IDENTITY_SEGMENT_RE.exec(path);
  if (byId) return Array.isArray(marks) && marks.some((m) => marked(m, byId[1]));
  const m = /^(?:\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])(.*)$/.exec(path);
  if (!m || marks === null || typeof marks !== "object") return false;
  const key = m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(m[3]));
  return marked((marks as Record<string | number, unknown>)[key], m[4]);
}

/** The value as a report may show it: masked when its name, its resource type, its marks or its look say secret. */
export function maskValue(path: string, value: unknown, marks?: SensitiveMarks, type?: string): unknown {
  if (value === undefined || value === null) return value;
  if (SECRET_NAME_RE.test(path) || marked(marks, path) || matchesAny(path, type ? SECRET_PATHS[type] : undefined)) return MASKED;
  if (typeof value === "string" && SECRET_VALUE_RE.test(value)) return MASKED;
  return value;
}

/**
 * Embedded documents parsed (Helm values, a RayService's `serveConfigV2`, IAM policy
 * JSON): a change shows as `values[0].image.tag` or as the one changed line of a policy,
 * and secrets inside are masked by name. Strings that are no document stay as they are.
 */
export function expandForDiff(_type: string, values: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return expandEmbedded(values) as Readonly<Record<string, unknown>>;
}

function attributeChanges(
  type: string,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  opts: {
    forcesReplacement: (path: string, after: unknown) => boolean;
    replacementCondition?: (path: string) => string | undefined;
    beforeMarks?: SensitiveMarks;
    afterMarks?: SensitiveMarks;
    unknownAfter?: (path: string) => boolean;
  },
): AttributeChange[] {
  const b = flatten(expandForDiff(type, before));
  const a = flatten(expandForDiff(type, after));
  // Providers do not always mark copies of a secret (an `output` echoing a sensitive
  // `input`): any value equal to a marked one is masked too.
  const secrets = new Set<unknown>();
  for (const [side, marks] of [[b, opts.beforeMarks], [a, opts.afterMarks]] as const) {
    for (const [p, v] of side) if (typeof v === "string" && marked(marks, p)) secrets.add(v);
  }
  const mask = (path: string, v: unknown, marks: SensitiveMarks) => (secrets.has(v) ? MASKED : maskValue(path, v, marks, type));
  const paths = [...new Set([...b.keys(), ...a.keys()])].sort();
  const changes: AttributeChange[] = [];
  for (const path of paths) {
    const unknown = opts.unknownAfter?.(path) ?? false;
    if (!unknown && JSON.stringify(b.get(path)) === JSON.stringify(a.get(path))) continue;
    const forcesReplacement = opts.forcesReplacement(path, a.get(path));
    const condition = forcesReplacement ? undefined : opts.replacementCondition?.(rulePath(path));
    changes.push({
      path,
      before: mask(path, b.get(path), opts.beforeMarks),
      after: unknown ? UNKNOWN : mask(path, a.get(path), opts.afterMarks),
      forcesReplacement,
      ...(condition ? { replacementCondition: condition } : {}),
    });
  }
  return changes;
}

/** The attributes that carry a resource's physical name, in the order tried. */
const NAME_ATTRIBUTES = ["node_group_name", "name", "bucket", "fqdn"] as const;

function physicalName(values: Readonly<Record<string, unknown>> | null | undefined): { name?: string } {
  const v = NAME_ATTRIBUTES.map((k) => values?.[k]).find((x) => typeof x === "string");
  return typeof v === "string" ? { name: v } : {};
}

/**
 * Whether a changed attribute forces replacement in a synthesized stack: for google
 * resources from the provider's own ForceNew list (google-force-new.ts), for the others
 * from {@link FORCE_NEW_ATTRIBUTES}.
 */
function replacementRule(type: string, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>) {
  if (hasGoogleForceNew(type)) {
    const g = googleReplacement(type, before, after);
    return { forcesReplacement: (p: string, v: unknown) => g.forces(rulePath(p), v), replacementCondition: g.condition };
  }
  return { forcesReplacement: (p: string) => matchesAny(p, FORCE_NEW_ATTRIBUTES[type]) };
}

/** Resource changes between two synthesized versions of a stack; replacement from {@link replacementRule}. */
export function diffResources(base: readonly TfResource[], head: readonly TfResource[]): ResourceChange[] {
  const before = new Map(base.map((r) => [r.address, r]));
  const after = new Map(head.map((r) => [r.address, r]));
  const changes: ResourceChange[] = [];
  for (const address of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(address);
    const a = after.get(address);
    if (!b) changes.push({ address, type: a!.type, action: "create", attributes: [], ...physicalName(a!.values) });
    else if (!a) changes.push({ address, type: b.type, action: "delete", attributes: [], ...physicalName(b.values) });
    else {
      const attributes = attributeChanges(a.type, b.values, a.values, replacementRule(a.type, b.values, a.values));
      if (attributes.length === 0) continue;
      const lifecycle = a.values.lifecycle as { create_before_destroy?: unknown } | undefined;
      changes.push({
        address,
        type: a.type,
        action: attributes.some((x) => x.forcesReplacement) ? "replace" : "update",
        attributes,
        ...physicalName(b.values),
        createBeforeDestroy: lifecycle?.create_before_destroy === true,
      });
    }
  }
  return changes;
}

/** A `resource_changes` entry of `terraform show -json`, as far as the diff reads it. */
export interface PlanResourceChange {
  address: string;
  mode?: string;
  type: string;
  change: {
    actions: string[];
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    after_unknown?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
    replace_paths?: (string | number)[][];
  };
}

/** A module of `planned_values` or `prior_state.values`: its resources and child modules. */
export interface PlanModule {
  resources?: { address: string; mode?: string; type: string; values?: Record<string, unknown> | null }[];
  child_modules?: PlanModule[];
}

/** A plan as `terraform show -json` prints it, as far as the diff reads it. */
export interface PlanJson {
  format_version?: string;
  resource_changes?: PlanResourceChange[];
  /** Every resource as it will be after apply (unknown values left out). */
  planned_values?: { root_module?: PlanModule };
  /** The state the plan started from; absent when there was none. */
  prior_state?: { values?: { root_module?: PlanModule } };
  configuration?: { provider_config?: Record<string, { expressions?: { region?: { constant_value?: unknown } } }> };
}

function planAction(actions: readonly string[]): ChangeAction | undefined {
  const key = actions.join(",");
  if (key === "create") return "create";
  if (key === "delete") return "delete";
  if (key === "update") return "update";
  if (key === "delete,create" || key === "create,delete") return "replace";
  return undefined; // no-op, read
}

function replacePathStrings(paths: readonly (string | number)[][] | undefined): string[] {
  return (paths ?? []).map((p) => rulePath(p.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("").replace(/^\./, "")));
}

/**
 * Resource changes of a plan; Terraform's actions and `replace_paths` decide, and its
 * sensitive marks mask values. Data sources and no-ops are left out.
 */
export function changesFromPlan(plan: PlanJson): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const action = planAction(rc.change.actions);
    if (!action) continue;
    const replacePaths = replacePathStrings(rc.change.replace_paths);
    const attributes =
      action === "update" || action === "replace"
        ? attributeChanges(rc.type, rc.change.before ?? {}, rc.change.after ?? {}, {
            forcesReplacement: (p) => matchesAny(p, replacePaths),
            beforeMarks: rc.change.before_sensitive,
            afterMarks: rc.change.after_sensitive,
            unknownAfter: (p) => marked(rc.change.after_unknown, p),
          })
        : [];
    changes.push({
      address: rc.address,
      type: rc.type,
      action,
      attributes,
      ...physicalName(rc.change.before ?? rc.change.after),
      // Terraform writes the order it will run: create first only with create_before_destroy.
      createBeforeDestroy: rc.change.actions.join(",") === "create,delete",
    });
  }
  return changes;
}

function moduleResources(m: PlanModule | undefined): TfResource[] {
  if (!m) return [];
  const own = (m.resources ?? [])
    .filter((r) => r.mode !== "data" && isObject(r.values))
    .map((r) => ({ address: r.address, type: r.type, values: r.values as Record<string, unknown> }));
  return [...own, ...(m.child_modules ?? []).flatMap(moduleResources)];
}

/**
 * The whole stack before and after a plan, for cost and GPU capacity: the prior state
 * and the planned values (every resource, not only the changed ones). Plans printed
 * without them fall back to the before and after of `resource_changes`.
 */
export function planViews(name: string, plan: PlanJson): { before: StackView; after: StackView } {
  const pc = plan.configuration?.provider_config ?? {};
  const region = [pc.aws, pc.google].map((p) => p?.expressions?.region?.constant_value).find((r) => typeof r === "string") as string | undefined;
  const fromChanges = (key: "before" | "after"): TfResource[] =>
    (plan.resource_changes ?? [])
      .filter((rc) => rc.mode !== "data" && isObject(rc.change[key]))
      .map((rc) => ({ address: rc.address, type: rc.type, values: rc.change[key] as Record<string, unknown> }));
  const view = (resources: TfResource[]): StackView => ({ name, cloudRegion: region, providerVersions: {}, resources });
  const after = plan.planned_values ? moduleResources(plan.planned_values.root_module) : fromChanges("after");
  // No prior_state means there was no state: nothing exists yet.
  const before = plan.planned_values ? moduleResources(plan.prior_state?.values?.root_module) : fromChanges("before");
  return { before: view(before), after: view(after) };
}

function show(v: unknown): string {
  return v === undefined ? "nothing" : JSON.stringify(v);
}

function describeType(type: string): string {
  return STATEFUL_TYPES[type] ?? type;
}

/** The findings of one stack: its resource and provider changes, and its cost (GPU capacity) before and after. */
export function findingsFor(
  stack: string,
  changes: readonly ResourceChange[],
  providers: readonly ProviderChange[],
  costBefore: CostTotals,
  costAfter: CostTotals,
  views: { readonly before?: StackView; readonly after?: StackView } = {},
): Finding[] {
  // Karpenter NodePools are pools too: recognised by kind wherever the stack declares them.
  const karpenter = karpenterFindings(stack, views.before, views.after);
  const findings: Finding[] = [...capacityFindings(stack, changes), ...(karpenter ?? []), ...failoverBudgetFindings(stack, views.before, views.after)];
  const created = changes.filter((c) => c.action === "create");
  for (const c of changes) {
    const what = describeType(c.type);
    if (c.action === "delete" && c.type in STATEFUL_TYPES) {
      const twin = created.find((x) => x.type === c.type);
      const hint = twin
        ? ` Looks like a rename to \`${twin.address}\` (a construct id changed): Terraform destroys and recreates it. If that is not intended, keep the id or add a \`moved\` block.`
        : "";
      findings.push({ kind: "destroy", stack, address: c.address, message: `${what} \`${c.address}\` is destroyed.${hint}` });
    }
    // Replacing what holds no state (an attachment, a route) is listed with the changes, not flagged.
    if (c.action === "replace" && c.type in STATEFUL_TYPES) {
      const forcing = c.attributes.filter((a) => a.forcesReplacement).map((a) => `\`${a.path}\` ${show(a.before)} -> ${show(a.after)}`);
      const cause = forcing.length > 0 ? ` because ${forcing.join(", ")}` : "";
      findings.push({ kind: "replace", stack, address: c.address, message: `${what} \`${c.address}\` is REPLACED (destroyed and recreated)${cause}.` });
    }
    for (const a of c.attributes) {
      if (MODEL_PATH_RE.test(rulePath(a.path))) {
        findings.push({ kind: "model", stack, address: c.address, message: `the model served changes: \`${c.address}\` \`${a.path}\`: ${show(a.before)} -> ${show(a.after)}.` });
      }
      if (matchesAny(a.path, VERSION_ATTRIBUTES[c.type]) || IMAGE_PATH_RE.test(rulePath(a.path))) {
        findings.push({ kind: "version", stack, address: c.address, message: `\`${c.address}\` \`${a.path}\`: ${show(a.before)} -> ${show(a.after)}.` });
      }
    }
  }
  // One line per action, so a new global stack does not bury the other findings.
  const DNS_VERB: Readonly<Record<ChangeAction, string>> = { create: "added", delete: "removed", replace: "replaced", update: "changed" };
  for (const action of ["delete", "replace", "update", "create"] as const) {
    const dns = changes.filter((c) => c.action === action && DNS_TYPES.has(c.type)).map((c) => c.address);
    if (dns.length === 1) findings.push({ kind: "dns", stack, address: dns[0], message: `DNS routing or health check \`${dns[0]}\` is ${DNS_VERB[action]}.` });
    if (dns.length > 1) findings.push({ kind: "dns", stack, message: `${dns.length} DNS routing records or health checks are ${DNS_VERB[action]}: ${dns.map((a) => `\`${a}\``).join(", ")}.` });
  }
  // A provider that appears or goes with its stack or resources is not a bump.
  for (const p of providers.filter((x) => x.before && x.after)) {
    findings.push({ kind: "version", stack, message: `provider \`${p.provider}\`: ${p.before} -> ${p.after}.` });
  }
  // A stack with NodePools has its GPU ceiling in their limits, which karpenterFindings
  // compared; node pools and node groups are compared through their cost items.
  if (!karpenter && (costAfter.gpusMax < costBefore.gpusMax || costAfter.gpusMin < costBefore.gpusMin)) {
    findings.push({
      kind: "gpu-down",
      stack,
      message: `GPU capacity goes down: max ${costBefore.gpusMax} -> ${costAfter.gpusMax} GPUs, min ${costBefore.gpusMin} -> ${costAfter.gpusMin} GPUs.`,
    });
  } else if (!karpenter && costAfter.gpusMax > costBefore.gpusMax) {
    // A raised ceiling (node pool max, Karpenter NodePool limit) is spend the review should see.
    findings.push({
      kind: "gpu-up",
      stack,
      message: `GPU capacity limit goes up: max ${costBefore.gpusMax} -> ${costAfter.gpusMax} GPUs.`,
    });
  }
  return findings;
}

function stackTotals(view: StackView | undefined): CostTotals {
  return totals(view ? priceItems(costItemsFromStack(view)) : []);
}

function providerChanges(base: StackView | undefined, head: StackView | undefined): ProviderChange[] {
  const b = base?.providerVersions ?? {};
  const a = head?.providerVersions ?? {};
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .sort()
    .filter((p) => b[p] !== a[p])
    .map((p) => ({ provider: p, ...(b[p] ? { before: b[p] } : {}), ...(a[p] ? { after: a[p] } : {}) }));
}

/** The diff of one stack between two synthesized versions; either side may be missing. */
export function diffStack(name: string, base: StackView | undefined, head: StackView | undefined): StackDiff {
  const changes = diffResources(base?.resources ?? [], head?.resources ?? []);
  const providers = providerChanges(base, head);
  const costBefore = stackTotals(base);
  const costAfter = stackTotals(head);
  const status = !base ? "added" : !head ? "removed" : changes.length > 0 || providers.length > 0 ? "changed" : "unchanged";
  return { stack: name, status, changes, providers, costBefore, costAfter, findings: findingsFor(name, changes, providers, costBefore, costAfter, { before: base, after: head }) };
}

/** Diffs every stack that is in either set, sorted by name. */
export function diffStacks(base: readonly StackView[], head: readonly StackView[]): StackDiff[] {
  const b = new Map(base.map((s) => [s.name, s]));
  const h = new Map(head.map((s) => [s.name, s]));
  return [...new Set([...b.keys(), ...h.keys()])].sort().map((n) => diffStack(n, b.get(n), h.get(n)));
}

/** The diff of one stack's plan (`terraform show -json`). */
export function diffPlan(name: string, plan: PlanJson): StackDiff {
  const changes = changesFromPlan(plan);
  const { before, after } = planViews(name, plan);
  const costBefore = stackTotals(before);
  const costAfter = stackTotals(after);
  return { stack: name, status: changes.length > 0 ? "changed" : "unchanged", changes, providers: [], costBefore, costAfter, findings: findingsFor(name, changes, [], costBefore, costAfter, { before, after }) };
}

/** The findings whose kind is in `failOn`: what makes the CLI exit non-zero. */
export function failingFindings(diffs: readonly StackDiff[], failOn: readonly FindingKind[]): Finding[] {
  return diffs.flatMap((d) => d.findings).filter((f) => failOn.includes(f.kind));
}
