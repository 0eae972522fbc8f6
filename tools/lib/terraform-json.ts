/**
 * One neutral view of Terraform resources, read from either a synthesized stack
 * (`cdktf.out/stacks/<stack>/cdk.tf.json`) or a `terraform show -json` plan, so the
 * plan-diff and the cost report apply the same rules to both. Pure: no I/O.
 */
import type { StackJson } from "../../policies";

/** A resource as the tools see it: its address, type and attribute values. */
export interface TfResource {
  /** `aws_eks_node_group.Eks_GpuPools_l4_NodeGroup_924E6CFE` */
  readonly address: string;
  readonly type: string;
  /** Attribute values; nested blocks may be an object (cdk.tf.json) or a one-element list (plan JSON). */
  readonly values: Readonly<Record<string, unknown>>;
}

/** What one stack declares: resources, required provider versions and the cloud region. */
export interface StackView {
  readonly name: string;
  readonly resources: readonly TfResource[];
  /** `aws` -> `5.100.0`, from `terraform.required_providers`. */
  readonly providerVersions: Readonly<Record<string, string>>;
  /** The region of the stack's aws or google provider, when it sets one. */
  readonly cloudRegion?: string;
}


/** Keys cdktf adds for its own bookkeeping; never a change a reviewer cares about. */
const CDKTF_META_KEYS = new Set(["//"]);

/** The region the stack's first aws or google provider block sets. */
function providerRegion(provider: StackJson["provider"]): string | undefined {
  for (const name of ["aws", "google"]) {
    const region = provider?.[name]?.[0]?.region;
    if (typeof region === "string") return region;
  }
  return undefined;
}

/** Reads a synthesized stack into a {@link StackView}. */
export function stackFromCdkTfJson(name: string, json: StackJson): StackView {
  const resources: TfResource[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [id, body] of Object.entries(byName)) {
      const values = Object.fromEntries(Object.entries(body).filter(([k]) => !CDKTF_META_KEYS.has(k)));
      resources.push({ address: `${type}.${id}`, type, values });
    }
  }
  resources.sort((a, b) => a.address.localeCompare(b.address));
  const providerVersions: Record<string, string> = {};
  for (const [p, req] of Object.entries(json.terraform?.required_providers ?? {})) {
    if (req.version) providerVersions[p] = req.version;
  }
  return { name, resources, providerVersions, cloudRegion: providerRegion(json.provider) };
}

/** A nested block as one object, whether written as an object or a one-element list. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A number attribute, or undefined when it is missing or not (yet) a number. */
export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
