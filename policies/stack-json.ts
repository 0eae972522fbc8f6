/**
 * One synthesized stack (`cdktf.out/stacks/<stack>/cdk.tf.json`) as Terraform JSON: the
 * one type the policy engine and every tool read it through. Resources and data sources
 * are keyed by Terraform type, then logical id; attribute values are as synthesized
 * (snake_case, tokens as `${...}`). A reader that needs one block's own shape narrows it
 * where it reads it.
 */
export interface StackJson {
  readonly terraform?: {
    readonly backend?: Readonly<Record<string, Record<string, unknown>>>;
    /** `aws` -> `{ version: "5.100.0", source: "aws" }`. */
    readonly required_providers?: Readonly<Record<string, { readonly version?: string; readonly source?: string }>>;
    readonly [key: string]: unknown;
  };
  /** Provider configurations by provider name; aliases are further list entries. */
  readonly provider?: Readonly<Record<string, Record<string, unknown>[]>>;
  readonly resource?: TerraformBlocks;
  readonly data?: TerraformBlocks;
  readonly output?: Readonly<Record<string, { readonly value: unknown; readonly [key: string]: unknown }>>;
  readonly [key: string]: unknown;
}

/** Resources or data sources of a stack: Terraform type -> logical id -> attributes. */
export type TerraformBlocks = Readonly<Record<string, Record<string, Record<string, unknown>>>>;
