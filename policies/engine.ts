import { ACCOUNT_RULES } from "./rules/account";
import { AWS_RULES } from "./rules/aws";
import { DNS_RULES } from "./rules/dns";
import { AZURE_RULES } from "./rules/azure";
import { GCP_RULES } from "./rules/gcp";
import { HELM_RULES } from "./rules/helm";
import { KUBERNETES_RULES } from "./rules/kubernetes";
import { NETWORK_RULES } from "./rules/network";
import { STATE_RULES } from "./rules/state";
import type { Finding, PolicyContext, PolicyRule, ResourceView, StackJson, StackView, Suppression } from "./types";

/** Every rule the platform enforces at synth. */
export const POLICY_RULES: readonly PolicyRule[] = [...AWS_RULES, ...GCP_RULES, ...AZURE_RULES, ...KUBERNETES_RULES, ...NETWORK_RULES, ...HELM_RULES, ...DNS_RULES, ...STATE_RULES, ...ACCOUNT_RULES];

/** The resources of a synthesized stack, plus its state backend as a `backend.<kind>` pseudo-resource. */
export function resourcesOfStack(stackName: string, json: StackJson): ResourceView[] {
  const views: ResourceView[] = [];
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [logicalId, attrs] of Object.entries(byId)) {
      const meta = (attrs["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
      views.push({ type, logicalId, path: meta?.path ?? `${stackName}/${logicalId}`, attrs });
    }
  }
  for (const [kind, attrs] of Object.entries(json.terraform?.backend ?? {})) {
    views.push({ type: `backend.${kind}`, logicalId: kind, path: `${stackName}/backend`, attrs });
  }
  return views;
}

/** Runs every rule on every resource of one synthesized stack; pure, so tests feed it fixtures. */
export function evaluateStack(stackName: string, json: StackJson, context: PolicyContext, rules: readonly PolicyRule[] = POLICY_RULES): Finding[] {
  const stack: StackView = { name: stackName, resources: resourcesOfStack(stackName, json), context };
  const findings: Finding[] = [];
  for (const resource of stack.resources) {
    for (const rule of rules) {
      if (!rule.resourceTypes.includes(resource.type)) continue;
      const problem = rule.check(resource, stack);
      if (problem !== undefined) {
        findings.push({ ruleId: rule.id, stack: stackName, path: resource.path, address: `${resource.type}.${resource.logicalId}`, problem, fix: rule.fix });
      }
    }
  }
  return findings;
}

/** A suppression that matched no finding, and where it is in `settings.suppressions`. */
export interface UnusedSuppression {
  readonly index: number;
  readonly suppression: Suppression;
}

/** What suppressions did to a set of findings. */
export interface SuppressionOutcome {
  /** Findings no suppression covers: these fail synth. */
  readonly violations: readonly Finding[];
  /** Findings accepted on purpose, with the suppression that accepted each. */
  readonly suppressed: readonly { readonly finding: Finding; readonly suppression: Suppression }[];
  /** Suppressions that matched nothing (stale or mistyped), with their index in the list: an error too. */
  readonly unused: readonly UnusedSuppression[];
}

function ruleNames(ruleId: string, rules: readonly PolicyRule[]): readonly string[] {
  const rule = rules.find((r) => r.id === ruleId);
  return rule ? [rule.id, ...(rule.alsoKnownAs ?? [])] : [ruleId];
}

/**
 * Splits findings into violations and suppressed ones. A suppression names one resource
 * (construct path) and one rule (its id or a scanner alias): there are no wildcards, so
 * every accepted risk is listed one by one.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], rules: readonly PolicyRule[] = POLICY_RULES): SuppressionOutcome {
  const used = new Set<Suppression>();
  const violations: Finding[] = [];
  const suppressed: { finding: Finding; suppression: Suppression }[] = [];
  for (const finding of findings) {
    const names = ruleNames(finding.ruleId, rules);
    const s = suppressions.find((x) => x.resource === finding.path && names.includes(x.rule));
    if (s) {
      used.add(s);
      suppressed.push({ finding, suppression: s });
    } else {
      violations.push(finding);
    }
  }
  const unused = suppressions.flatMap((suppression, index) => (used.has(suppression) ? [] : [{ index, suppression }]));
  return { violations, suppressed, unused };
}

/** The one-line form of a finding: rule id, construct path, what is wrong, how to fix it. */
export function formatFinding(f: Finding): string {
  return `${f.ruleId} ${f.path} (${f.address}): ${f.problem}; fix: ${f.fix}`;
}

/** The one-line form of a suppression, as synth lists it. */
export function formatSuppression(s: Suppression): string {
  return `${s.rule} ${s.resource}: ${s.reason}`;
}

/** Thrown at synth when any resource violates a policy or a suppression matches nothing. */
export class PolicyViolationError extends Error {
  constructor(readonly violations: readonly Finding[], readonly unused: readonly UnusedSuppression[]) {
    super(PolicyViolationError.describe(violations, unused, "settings"));
    this.name = "PolicyViolationError";
  }

  /**
   * The message, naming stale suppressions by the file that holds the settings
   * (`regions/platform.ts: suppressions[0]: ...`); main.ts knows the file, the aspect does not.
   */
  static describe(violations: readonly Finding[], unused: readonly UnusedSuppression[], settingsFile: string): string {
    const lines = [
      ...violations.map((f) => `  ${formatFinding(f)}`),
      ...unused.map(({ index, suppression: s }) =>
        `  ${settingsFile}: suppressions[${index}]: must match a finding; remove it or fix its resource path or rule id, got ${s.rule} ${s.resource}`),
    ];
    return `policy check failed (${lines.length} problem${lines.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
  }
}
