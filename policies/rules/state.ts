import type { PolicyRule } from "../types";
import { at, isTrue, shown } from "../values";

/**
 * Safe-state rules (custom `LLMP_STATE_*`): Terraform must refuse to destroy resources
 * that hold data or keys, and remote state must be encrypted and locked.
 */

/** Resource types that hold data or keys: losing one loses data or makes it unreadable. */
export const STATEFUL_TYPES: readonly string[] = [
  "aws_kms_key",
  "aws_s3_bucket",
  "google_kms_key_ring",
  "google_kms_crypto_key",
  "google_storage_bucket",
  "azurerm_key_vault",
  "azurerm_key_vault_key",
  "azurerm_storage_account",
];

/** The safe-state rules. */
export const STATE_RULES: readonly PolicyRule[] = [
  {
    id: "LLMP_STATE_1",
    title: "Stateful resources have prevent_destroy",
    resourceTypes: STATEFUL_TYPES,
    check: (r) => (isTrue(at(r.attrs, "lifecycle", "prevent_destroy"))
      ? undefined
      : `holds data or keys but Terraform may destroy it: lifecycle.prevent_destroy = ${shown(at(r.attrs, "lifecycle", "prevent_destroy"))}`),
    fix: "set lifecycle: { preventDestroy: true }; remove it deliberately in a reviewed change to retire the resource",
  },
  {
    id: "LLMP_STATE_2",
    title: "S3 state is encrypted and locked",
    resourceTypes: ["backend.s3"],
    check: (r) => {
      const problems: string[] = [];
      if (!isTrue(r.attrs.encrypt)) problems.push(`encrypt = ${shown(r.attrs.encrypt)}`);
      if (!isTrue(r.attrs.use_lockfile) && typeof r.attrs.dynamodb_table !== "string") problems.push("neither use_lockfile nor dynamodb_table is set");
      return problems.length ? `stores state unencrypted or unlocked: ${problems.join(", ")}` : undefined;
    },
    fix: "use stacks/backend.ts (encrypt = true, use_lockfile = true) for every stack",
  },
];
