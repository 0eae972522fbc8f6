import type { IConstruct } from "constructs";
import { Aspects, TerraformStack, type App, type IAspect } from "cdktf";
import { oneShot } from "./one-shot";
import { applySuppressions, evaluateStack, POLICY_RULES, PolicyViolationError, type SuppressionOutcome } from "./engine";
import type { PolicyContext, PolicyRule, StackJson, Suppression } from "./types";

/** Options of {@link PolicyAspect}. */
export interface PolicyAspectOptions {
  readonly context: PolicyContext;
  /** @default - none */
  readonly suppressions?: readonly Suppression[];
  /** @default POLICY_RULES - every rule */
  readonly rules?: readonly PolicyRule[];
}

/**
 * The cdktf Aspect that enforces the policies at synth. On the first stack it visits it
 * evaluates every stack of the app on its final Terraform JSON (so one synth reports every
 * violation in every stack), and throws a {@link PolicyViolationError} when anything is
 * unsuppressed or a suppression is stale. Runs before the first stack is written.
 */
export class PolicyAspect implements IAspect {
  private outcome?: SuppressionOutcome;

  constructor(private readonly opts: PolicyAspectOptions) {}

  /** The result of the last evaluation, once synth has run. */
  get result(): SuppressionOutcome | undefined {
    return this.outcome;
  }

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.outcome) return;
    const stacks = node.node.root.node.findAll().filter(TerraformStack.isStack);
    const rules = this.opts.rules ?? POLICY_RULES;
    const judged = stacks.map((s) => ({ stack: s, json: s.toTerraform() as StackJson }));
    const findings = judged.flatMap(({ stack, json }) => evaluateStack(stack.node.id, json, this.opts.context, rules));
    this.outcome = applySuppressions(findings, this.opts.suppressions ?? [], rules);
    if (this.outcome.violations.length > 0 || this.outcome.unused.length > 0) {
      throw new PolicyViolationError(this.outcome.violations, this.outcome.unused);
    }
    for (const { stack, json } of judged) writeOnceAsJudged(stack, json);
  }
}

/**
 * Hands the stack's next `toTerraform()` (the one cdktf's synthesizer makes to write it) the
 * JSON the policies just judged, instead of resolving the whole stack again (about a tenth
 * of synth). It is the same JSON: every stack was prepared before the first one's aspects
 * ran (`App.synth` prepares them all first), this is the app's only aspect, and nothing
 * between here and the write changes a stack's configuration (validations read it, assets
 * copy files). One call only: a later `toTerraform()` resolves afresh. The policy rules
 * read the JSON and never change it (test/policies/default-topology.test.ts holds them to it).
 */
function writeOnceAsJudged(stack: TerraformStack, json: StackJson): void {
  oneShot(stack, "toTerraform", () => json);
}

/**
 * Adds one {@link PolicyAspect} to every stack of the app. cdktf 0.21 invokes aspects per
 * stack starting at the stack (`invokeAspects(stack)`), so an aspect added to the App itself
 * never runs. Call it once some stack exists: the aspect then judges every stack of the app,
 * including stacks created afterwards, when the first stack is synthesized.
 */
export function applyPolicies(app: App, opts: PolicyAspectOptions): PolicyAspect {
  const aspect = new PolicyAspect(opts);
  for (const stack of app.node.children.filter(TerraformStack.isStack)) Aspects.of(stack).add(aspect);
  return aspect;
}
