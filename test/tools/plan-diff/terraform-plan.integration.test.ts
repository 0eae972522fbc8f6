import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffPlan, failingFindings, MASKED, planViews, UNKNOWN, type PlanJson } from "../../../tools/plan-diff/diff";

/**
 * A check against the real engine: Terraform 1.11 itself writes the `terraform show -json`
 * plan that plan-diff reads. `terraform_data` is built into Terraform, so this needs no
 * provider and no cloud: apply a first version locally, change it, plan, show.
 */
const terraform = process.env.TERRAFORM ?? "terraform";
const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

function realPlan(first: object, second: object): PlanJson {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-tf-"));
  try {
    const tf = (...args: string[]) => execFileSync(terraform, args, { cwd: dir, env, encoding: "utf8", stdio: "pipe" });
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(first));
    tf("init", "-input=false", "-no-color");
    tf("apply", "-auto-approve", "-input=false", "-no-color");
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(second));
    tf("plan", "-input=false", "-no-color", "-out=plan.tfplan");
    return JSON.parse(tf("show", "-json", "plan.tfplan")) as PlanJson;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const data = (resources: Record<string, object>) => ({ resource: { terraform_data: resources } });

describe("plan-diff on a real terraform show -json plan", () => {
  const plan = realPlan(
    data({ pool: { input: { name: "l4", max: 4 }, triggers_replace: ["g6.12xlarge"] }, gone: { input: "x" }, kept: { input: "k" }, secret: { input: '${sensitive("hunter2")}' } }),
    data({ pool: { input: { name: "l4", max: 2 }, triggers_replace: ["g6e.12xlarge"] }, added: { input: "y" }, kept: { input: "k" }, secret: { input: '${sensitive("hunter3")}' } }),
  );
  const d = diffPlan("demo", plan);

  test("actions follow Terraform's: create, delete, update and replace", () => {
    expect(d.changes.map((c) => [c.address, c.action])).toEqual([
      ["terraform_data.added", "create"],
      ["terraform_data.gone", "delete"],
      ["terraform_data.pool", "replace"],
      ["terraform_data.secret", "update"],
    ]);
  });

  // Terraform's replace_paths, not our tables, say which attribute forces the replacement.
  test("the attribute in replace_paths is marked as forcing replacement; others are not", () => {
    const pool = d.changes.find((c) => c.address === "terraform_data.pool")!;
    expect(pool.attributes.find((a) => a.path === "triggers_replace[0]")).toEqual({ path: "triggers_replace[0]", before: "g6.12xlarge", after: "g6e.12xlarge", forcesReplacement: true });
    expect(pool.attributes.find((a) => a.path === "input.max")).toEqual({ path: "input.max", before: 4, after: 2, forcesReplacement: false });
    expect(pool.attributes.find((a) => a.path === "id")?.after).toBe(UNKNOWN);
  });

  // The provider marks only `input`; the `output` echoing it must not leak either.
  test("sensitive values and their unmarked copies are masked", () => {
    const secret = d.changes.find((c) => c.address === "terraform_data.secret")!;
    expect(secret.attributes.find((a) => a.path === "input")).toEqual({ path: "input", before: MASKED, after: MASKED, forcesReplacement: false });
    expect(JSON.stringify(d)).not.toMatch(/hunter/);
  });

  // Cost and GPU capacity are totals of the whole stack, so unchanged resources count too.
  test("the before and after views hold every resource, changed or not", () => {
    const { before, after } = planViews("demo", plan);
    expect(before.resources.map((r) => r.address)).toEqual(["terraform_data.gone", "terraform_data.kept", "terraform_data.pool", "terraform_data.secret"]);
    expect(after.resources.map((r) => r.address)).toEqual(["terraform_data.added", "terraform_data.kept", "terraform_data.pool", "terraform_data.secret"]);
    expect(after.resources.find((r) => r.address === "terraform_data.pool")?.values.input).toEqual({ name: "l4", max: 2 });
  });

  // terraform_data holds no state a destroy would lose: listed as -/+, not a finding.
  test("a replaced resource that holds no state is listed but does not fail --fail-on replace", () => {
    expect(failingFindings([d], ["replace", "destroy"])).toEqual([]);
  });
});
