/**
 * Pure helpers of the offline Terraform check: which stacks it can check and how a
 * stack's JSON is changed to plan with no cloud account. No I/O.
 */
import type { StackJson } from "../../policies";

/** Provider settings that let the real AWS provider plan with fake credentials and no network. */
export const OFFLINE_AWS_PROVIDER = {
  access_key: "AKIAOFFLINECHECK0000",
  secret_key: "offline-check-not-a-secret",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
} as const;

/**
 * The Terraform providers the local mirror carries (/opt/tf-plugins: hashicorp/aws 5.100.0).
 * Provider names, not clouds: a stack with any other provider cannot be planned here.
 */
export const MIRRORED_PROVIDERS: readonly string[] = ["aws"];

/** Why a stack cannot be checked offline, or undefined when it can (AWS provider only). */
export function offlineSkipReason(stack: StackJson): string | undefined {
  const providers = Object.keys(stack.provider ?? {});
  const others = providers.filter((p) => !MIRRORED_PROVIDERS.includes(p));
  if (others.length > 0) return `uses provider(s) ${others.join(", ")}, which the local mirror does not carry`;
  if (providers.length === 0) return "has no provider";
  return undefined;
}

/** A copy of the stack that plans offline: fake credentials, skip flags, state in `statePath`. */
export function patchForOfflinePlan(stack: StackJson, statePath: string): StackJson {
  const copy = JSON.parse(JSON.stringify(stack)) as StackJson;
  for (const block of copy.provider?.aws ?? []) Object.assign(block, OFFLINE_AWS_PROVIDER);
  return { ...copy, terraform: { ...(copy.terraform ?? {}), backend: { local: { path: statePath } } } };
}

/** A `terraform_remote_state` data source, as far as the check reads it. */
interface RemoteStateJson {
  backend: string;
  config: Record<string, unknown>;
}

/** A remote state the patched stack reads from a seeded local file. */
export interface SeededRemoteState {
  /** The stack whose state it reads (`us-east-1-cluster`). */
  readonly stack: string;
  /** The local file the patched data source now reads. */
  readonly path: string;
}

/** The stack a remote state reads: the base name of its local path, S3 key or GCS prefix. */
export function remoteStateStack(rs: RemoteStateJson): string {
  const where = String(rs.config.path ?? rs.config.key ?? rs.config.prefix ?? "");
  const stack = where.split("/").pop()?.replace(/\.tfstate$/, "") ?? "";
  if (!stack) throw new Error(`terraform_remote_state with backend ${rs.backend} names no stack (config ${JSON.stringify(rs.config)})`);
  return stack;
}

/**
 * Points every `terraform_remote_state` of the (already copied) stack at a local file
 * `<stateDir>/<stack>.tfstate`, which the caller seeds with {@link seededState}; returns
 * the files to seed. Mutates `stack`.
 */
export function redirectRemoteStates(stack: StackJson, stateDir: string): SeededRemoteState[] {
  const data = (stack.data?.terraform_remote_state ?? {}) as unknown as Record<string, RemoteStateJson>;
  const seeded: SeededRemoteState[] = [];
  for (const rs of Object.values(data)) {
    const name = remoteStateStack(rs);
    const path = `${stateDir}/${name}.tfstate`;
    rs.backend = "local";
    rs.config = { path };
    if (!seeded.some((s) => s.stack === name)) seeded.push({ stack: name, path });
  }
  return seeded;
}

/** A documentation address (RFC 5737 TEST-NET-1) per list position. */
const placeholderIp = (i: number) => `192.0.2.${i + 1}`;

function placeholderValue(output: string, index: number): string {
  if (output.endsWith("_ips")) return placeholderIp(index);
  if (output.endsWith("_arn")) return `arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-00000000000${index}`;
  return `offline-${output.replace(/_/g, "-")}-${index}`;
}

/**
 * A state file holding placeholder values for exactly the outputs the producing stack
 * declares (lists keep their length), so the consumer plans against the real output
 * contract: reading an output the producer does not declare fails the plan.
 */
export function seededState(producer: StackJson): object {
  const declared = producer.output ?? {};
  const outputs: Record<string, { value: unknown; type: unknown }> = {};
  for (const [name, { value }] of Object.entries(declared)) {
    outputs[name] = Array.isArray(value)
      ? { value: value.map((_, i) => placeholderValue(name, i)), type: ["list", "string"] }
      : { value: placeholderValue(name, 0), type: "string" };
  }
  return { version: 4, terraform_version: "1.11.0", serial: 1, lineage: "offline-check", outputs, resources: [] };
}
