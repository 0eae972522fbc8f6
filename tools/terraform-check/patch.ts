/**
 * Pure helpers of the offline Terraform check: which stacks it can check and how a
 * stack's JSON is changed to plan with no cloud account. No I/O.
 */

/** Provider settings that let the real AWS provider plan with fake credentials and no network. */
export const OFFLINE_AWS_PROVIDER = {
  access_key: "AKIAOFFLINECHECK0000",
  secret_key: "offline-check-not-a-secret",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
} as const;

/** A synthesized stack (`cdk.tf.json`), as far as the check reads it. */
export interface StackJson {
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: { backend?: Record<string, unknown>; [k: string]: unknown };
  [k: string]: unknown;
}

/** Why a stack cannot be checked offline, or undefined when it can (AWS provider only). */
export function offlineSkipReason(stack: StackJson): string | undefined {
  const providers = Object.keys(stack.provider ?? {});
  const others = providers.filter((p) => p !== "aws");
  if (others.length > 0) return `uses provider(s) ${others.join(", ")}, which the local mirror does not carry`;
  if (providers.length === 0) return "has no provider";
  return undefined;
}

/** A copy of the stack that plans offline: fake credentials, skip flags, state in `statePath`. */
export function patchForOfflinePlan(stack: StackJson, statePath: string): StackJson {
  const copy = JSON.parse(JSON.stringify(stack)) as StackJson;
  for (const block of copy.provider?.aws ?? []) Object.assign(block, OFFLINE_AWS_PROVIDER);
  copy.terraform = { ...(copy.terraform ?? {}), backend: { local: { path: statePath } } };
  return copy;
}
