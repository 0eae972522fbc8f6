import { STATEFUL_TYPES } from "../../policies/rules/state";
import type { StackJson } from "../../policies";
import { patchForOfflinePlan } from "../terraform-check/patch";

/**
 * Pure helpers of the prevent_destroy check: from a synthesized stack, a configuration
 * holding only its stateful resources and a Terraform state that already holds them, so a
 * real `terraform plan -destroy` must refuse each one. No I/O.
 */

/** What the check writes and what it expects Terraform to refuse. */
export interface PreventDestroyFixture {
  /** `cdk.tf.json`: providers, the local backend, and the stateful resources only. */
  readonly config: StackJson;
  /** `terraform.tfstate` (format 4) with one instance per stateful resource. */
  readonly state: Record<string, unknown>;
  /** `type.logicalId` of every stateful resource: each must appear in a refusal. */
  readonly addresses: readonly string[];
}

/** Builds the fixture for one stack; `statePath` is where the local backend reads state. */
export function preventDestroyFixture(stack: StackJson, statePath: string): PreventDestroyFixture {
  const all = stack.resource ?? {};
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const type of STATEFUL_TYPES) if (all[type]) resource[type] = all[type];
  const patched = patchForOfflinePlan({ ...stack, resource, output: undefined }, statePath);
  const providerOf = (type: string) => `provider["registry.terraform.io/hashicorp/${type.split("_")[0]}"]`;
  const entries = Object.entries(resource).flatMap(([type, byId]) => Object.keys(byId).map((name) => ({ type, name })));
  return {
    config: patched,
    state: {
      version: 4,
      terraform_version: "1.11.4",
      serial: 1,
      lineage: "prevent-destroy-check",
      outputs: {},
      resources: entries.map(({ type, name }) => ({
        mode: "managed",
        type,
        name,
        provider: providerOf(type),
        instances: [{ schema_version: 0, attributes: { id: name.toLowerCase() } }],
      })),
    },
    addresses: entries.map(({ type, name }) => `${type}.${name}`),
  };
}

/** The addresses Terraform refused to destroy, read from its error output. */
export function refusedAddresses(output: string): string[] {
  const flat = output.replace(/\s+/g, " ");
  return [...flat.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy set/g)].map((m) => m[1]);
}
