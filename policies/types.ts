/**
 * The shapes the policy engine works on: Terraform JSON as cdktf synthesizes it, seen
 * per resource, and the findings rules return. Rules read Terraform resource types and
 * snake_case attributes, never construct classes, so they also judge resources that
 * other layers add later.
 */

// The stack JSON type is shared with tools/; the engine's modules keep importing it from here.
export type { StackJson, TerraformBlocks } from "./stack-json";

/** One resource of a stack, with the addresses a finding names. */
export interface ResourceView {
  /** Terraform type (`aws_eks_cluster`), or `backend.<kind>` for the state backend. */
  readonly type: string;
  /** Terraform logical id (`Eks_Cluster_9EEA9CA8`): the state address is `type.logicalId`. */
  readonly logicalId: string;
  /** Construct path (`us-east-1-cluster/Eks/Cluster`): what suppressions name. */
  readonly path: string;
  /** The resource's attributes as synthesized (snake_case, tokens as `${...}`). */
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** Facts from the validated config that some rules need. */
export interface PolicyContext {
  /**
   * True when the stack's region sets `serving.public: true`, allowing its serving load
   * balancer to be open to 0.0.0.0/0 on purpose.
   */
  readonly publicServing: (stackName: string) => boolean;
}

/** A stack under review: its name, resources, and lookups across them. */
export interface StackView {
  readonly name: string;
  readonly resources: readonly ResourceView[];
  readonly context: PolicyContext;
}

/** One rule: an id that maps to a scanner's check (or a custom `LLMP_*` id) and its test. */
export interface PolicyRule {
  /** `CKV_AWS_58`, `AVD-...`, or `LLMP_*` where no scanner covers the concern. */
  readonly id: string;
  /** Scanner ids covering the same concern; a suppression may name any of them. */
  readonly alsoKnownAs?: readonly string[];
  /** One line: what the rule ensures. */
  readonly title: string;
  /** Terraform resource types the rule inspects. */
  readonly resourceTypes: readonly string[];
  /** Returns what is wrong with the resource, or undefined when it complies. */
  readonly check: (resource: ResourceView, stack: StackView) => string | undefined;
  /** How to fix a violation, as the message shows it. */
  readonly fix: string;
}

/** A violation: which rule, which resource, what is wrong and how to fix it. */
export interface Finding {
  readonly ruleId: string;
  readonly stack: string;
  readonly path: string;
  /** `aws_eks_cluster.Eks_Cluster_9EEA9CA8`. */
  readonly address: string;
  readonly problem: string;
  readonly fix: string;
}

/** A finding accepted on purpose, from `settings.suppressions`. */
export interface Suppression {
  /** Construct path of the resource (`us-east-1-cluster/Eks/Cluster`). */
  readonly resource: string;
  /** The rule id (or one of its scanner aliases). */
  readonly rule: string;
  /** Why it is acceptable; shown by every synth. */
  readonly reason: string;
}
