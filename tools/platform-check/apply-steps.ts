import type { StackJson } from "../../policies";

/** One apply-time shell step of a stack: a `local-exec` provisioner of a `terraform_data` resource. */
export interface ApplyStep {
  /** `terraform_data.<name>`, with the provisioner's index when there are several. */
  readonly address: string;
  readonly interpreter: readonly string[];
  readonly command: string;
}

/**
 * Every `local-exec` command of a stack's `terraform_data` resources (the Ray CRD step,
 * the GKE COS driver installer), so they can be checked by a shell linter before an apply
 * runs them. Pure.
 */
export function applySteps(stack: StackJson): ApplyStep[] {
  const data = (stack.resource?.terraform_data ?? {}) as Record<string, { provisioner?: Record<string, { command?: string; interpreter?: string[] }>[] }>;
  return Object.entries(data).flatMap(([name, r]) => {
    const execs = (r.provisioner ?? []).map((p) => p["local-exec"]).filter((e) => e !== undefined);
    return execs.map((e, i) => ({
      address: execs.length > 1 ? `terraform_data.${name}[${i}]` : `terraform_data.${name}`,
      interpreter: e.interpreter ?? ["/bin/sh", "-c"],
      command: e.command ?? "",
    }));
  });
}
