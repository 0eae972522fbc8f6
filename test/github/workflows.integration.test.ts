import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { synthesizePlatform } from "../../stacks/synthesize";
import { deployOrder, regionStacks, type CdktfManifest } from "../../tools/stacks/order";
import { defaultConfig, liveConfig, ROOT } from "../helpers";

/**
 * The CI workflows shipped to adopters: every file parses, every action is pinned, and
 * every stack that `cdktf synth` writes is planned, drift-checked and deployable.
 */

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; id?: string; "working-directory"?: string }
interface Job { needs?: string | string[]; uses?: string; "runs-on"?: string; concurrency?: { group: string; "cancel-in-progress"?: boolean }; if?: string; with?: Record<string, unknown>; steps?: Step[]; strategy?: { matrix?: Record<string, unknown> }; outputs?: Record<string, string> }
interface Workflow { on: Record<string, unknown>; jobs: Record<string, Job>; permissions?: Record<string, string> }

const GITHUB = path.join(ROOT, ".github");

function parseYaml<T>(file: string): T {
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  if (doc.errors.length > 0) throw new Error(`${path.relative(ROOT, file)}: ${doc.errors.map((e) => e.message).join("; ")}`);
  return doc.toJS() as T;
}

const workflowFiles = fs.readdirSync(path.join(GITHUB, "workflows")).filter((f) => /\.ya?ml$/.test(f)).sort();
const workflows = Object.fromEntries(workflowFiles.map((f) => [f, parseYaml<Workflow>(path.join(GITHUB, "workflows", f))]));
const actionFiles = fs.readdirSync(path.join(GITHUB, "actions")).map((d) => path.join(GITHUB, "actions", d, "action.yml"));

/** The stacks `cdktf synth` writes for the default regions, from a real synth into a temp folder. */
function synthesizedManifest(): CdktfManifest {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-test-"));
  try {
    synthesizePlatform(defaultConfig(), path.join(out, "cdktf.out"));
    return JSON.parse(fs.readFileSync(path.join(out, "cdktf.out", "manifest.json"), "utf8")) as CdktfManifest;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps ?? []);
const runs = (wf: Workflow) => steps(wf).map((s) => s.run ?? "").join("\n");

/** True when the job (or the reusable workflow it calls) outputs the stack list of tools/stacks. */
function computesStackList(job: Job | undefined): boolean {
  if (job?.uses === "./.github/workflows/stacks.yml") return Object.values(workflows["stacks.yml"].jobs).some(computesStackList);
  return !!job?.outputs?.list && (job.steps ?? []).some((s) => s.run?.includes("npm run --silent stacks -- --json"));
}

/** The jobs that fan out over the stack list the `stacks` job computes with tools/stacks. */
function matrixJobsOverStacks(wf: Workflow): string[] {
  return Object.entries(wf.jobs)
    .filter(([, job]) => computesStackList(wf.jobs.stacks) && [job.needs ?? []].flat().includes("stacks"))
    .filter(([, job]) => job.strategy?.matrix?.stack === "${{ fromJSON(needs.stacks.outputs.list) }}")
    .map(([name]) => name);
}

describe("CI workflows for adopters", () => {
  const manifest = synthesizedManifest();
  const stacks = Object.keys(manifest.stacks);

  test("the workflows are there and every file parses", () => {
    expect(workflowFiles).toEqual(["ci.yml", "deploy.yml", "drift.yml", "plan.yml", "stacks.yml"]);
    for (const f of actionFiles) expect(() => parseYaml(f)).not.toThrow();
  });

  // Tags like @v4 move; an exact version (or a commit SHA) is what the house style asks for.
  test("every action is local or pinned to an exact version or commit", () => {
    const uses = [...Object.values(workflows).flatMap(steps), ...actionFiles.flatMap((f) => parseYaml<{ runs: { steps: Step[] } }>(f).runs.steps)]
      .map((s) => s.uses)
      .filter((u): u is string => !!u);
    expect(uses.length).toBeGreaterThan(5);
    for (const u of uses) expect(u).toMatch(/^(\.\/\.github\/actions\/[a-z-]+|[\w.-]+\/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40}))$/);
  });

  test("every pull request is type-checked, tested and synthesized", () => {
    const ci = workflows["ci.yml"];
    expect(Object.keys(ci.on)).toContain("pull_request");
    expect(runs(ci)).toEqual(expect.stringContaining("npm run typecheck"));
    expect(runs(ci)).toEqual(expect.stringContaining("npm test"));
    expect(runs(ci)).toEqual(expect.stringContaining("npm run synth"));
  });

  // The matrix comes from tools/stacks, so this checks that the list covers every synthesized stack.
  test("plan and drift fan out over every synthesized stack, in apply order", () => {
    expect(stacks.length).toBeGreaterThan(0);
    expect([...deployOrder(manifest)].sort()).toEqual([...stacks].sort());
    expect(matrixJobsOverStacks(workflows["plan.yml"])).toEqual(["plan"]);
    expect(matrixJobsOverStacks(workflows["drift.yml"])).toEqual(["drift"]);
  });

  test("plans use OIDC credentials and the plan-diff report is posted on the pull request", () => {
    const plan = workflows["plan.yml"];
    expect(plan.permissions).toMatchObject({ "id-token": "write", "pull-requests": "write" });
    expect(plan.jobs.plan.steps?.some((s) => s.uses === "./.github/actions/cloud-auth")).toBe(true);
    expect(runs(plan)).toContain("terraform show -json tfplan");
    expect(runs(plan)).toContain("npm run --silent plan-diff --");
    expect(runs(plan)).toContain('gh pr comment "$PR" --body-file comment.md');
  });

  // A new comment on every push buries the review; GitHub rejects comments over 65,536 characters.
  test("the report is one comment, edited in place, cut under GitHub's limit with the full report as an artifact", () => {
    const plan = workflows["plan.yml"];
    const report = runs(plan);
    expect(report).toContain('echo "<!-- plan-diff -->"');
    expect(report).toContain('select(.body | startswith("<!-- plan-diff -->"))');
    expect(report).toContain('gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F body=@comment.md');
    const limit = Number(/limit=(\d+)/.exec(report)?.[1]);
    expect(limit).toBeGreaterThan(10000);
    expect(limit).toBeLessThan(65536 - 500); // room for the note with the link
    expect(report).toContain("artifact `plan-diff-report`");
    expect(plan.jobs.report.steps?.some((s) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.name === "plan-diff-report" && s.with?.path === "report.md")).toBe(true);
    expect(report).toContain('--fail-on "capacity-gap,destroy,replace"');
  });

  // deploy.yml must apply what reviewers saw, not a fresh plan.
  test("each plan is saved with its lock file and commit, and deploy applies exactly that file", () => {
    const plan = workflows["plan.yml"];
    expect(Object.keys(plan.on)).toEqual(expect.arrayContaining(["pull_request", "push"]));
    expect(runs(plan)).toContain('cp tfplan "$out/$STACK.tfplan"');
    expect(runs(plan)).toContain('echo "$GITHUB_SHA" > "$out/$STACK.sha"');
    expect(plan.jobs.plan.steps?.find((s) => s.uses?.startsWith("actions/upload-artifact@"))?.with?.name).toBe("plan-${{ matrix.stack }}");
    const deploy = workflows["deploy.yml"];
    const apply = runs(deploy);
    expect(apply).not.toContain("-auto-approve");
    expect(apply).not.toMatch(/terraform plan/);
    expect(apply).toContain('terraform apply -input=false -no-color "$plan"');
    expect(apply).toContain('"$(cat "plans/$stack.sha")" != "$GITHUB_SHA"');
    expect(apply).toContain('[ "$path" != ".github/workflows/plan.yml" ] || [ "$sha" != "$GITHUB_SHA" ]');
    const download = deploy.jobs.deploy.steps?.find((s) => s.uses?.startsWith("actions/download-artifact@"));
    expect(download?.with).toMatchObject({ pattern: "plan-*", "run-id": "${{ inputs.plan_run_id }}" });
    expect(deploy.permissions).toMatchObject({ actions: "read" });
  });

  test("plans run one at a time per stack, deploys one at a time per region and are never cancelled halfway", () => {
    expect(workflows["plan.yml"].jobs.plan.concurrency?.group).toBe("plan-${{ github.ref }}-${{ matrix.stack }}");
    const deploy = workflows["deploy.yml"] as Workflow & { concurrency?: { group: string; "cancel-in-progress": boolean } };
    expect(deploy.concurrency).toEqual({ group: "deploy-${{ inputs.region }}", "cancel-in-progress": false });
  });

  // Platform stacks reach the cluster's Kubernetes API: only a runner in the VPC can.
  test("platform stacks run on the VPC runner; without one only cluster and global stacks are planned", () => {
    const plan = workflows["plan.yml"];
    expect(plan.jobs.plan["runs-on"]).toBe("${{ endsWith(matrix.stack, '-platform') && fromJSON(vars.PLATFORM_RUNNER_LABELS || '\"ubuntu-24.04\"') || 'ubuntu-24.04' }}");
    expect(plan.jobs.stacks.with?.scope).toBe("${{ vars.PLATFORM_RUNNER_LABELS && 'all' || 'hosted' }}");
    expect(workflows["deploy.yml"].jobs.deploy["runs-on"]).toContain("vars.PLATFORM_RUNNER_LABELS");
    // The hosted scope's filter, run on the real stack list: no platform stack, every other one.
    const filter = /node -e '([^']*)'/.exec(runs(workflows["stacks.yml"]))![1];
    const hosted = new Function("process", `let out; const console = { log: (x) => { out = x; } }; ${filter}; return out;`)({ argv: ["node", JSON.stringify(deployOrder(manifest))] }) as string;
    expect(JSON.parse(hosted)).toEqual(deployOrder(manifest).filter((s) => s.endsWith("-cluster") || s === "global"));
  });

  test("drift runs plan with -detailed-exitcode on a schedule", () => {
    const drift = workflows["drift.yml"];
    expect(Object.keys(drift.on)).toContain("schedule");
    expect(runs(drift)).toContain("terraform plan -input=false -no-color -lock=false -detailed-exitcode");
  });

  // A region missing from the deploy choices could never be deployed from CI.
  test("every synthesized stack can be deployed through one of the deploy choices", () => {
    const dispatch = workflows["deploy.yml"].on.workflow_dispatch as { inputs: { region: { options: string[] } } };
    const options = dispatch.inputs.region.options;
    expect(options).toEqual(expect.arrayContaining(defaultConfig().regions.map((r) => r.name)));
    // The README's "Add a region" step: a region added to regions/ must be added here too.
    expect(options).toEqual(expect.arrayContaining(liveConfig().regions.map((r) => r.name)));
    const deployable = new Set(options.flatMap((o) => regionStacks(manifest, o)));
    expect(stacks.filter((s) => !deployable.has(s))).toEqual([]);
    expect(runs(workflows["deploy.yml"])).toContain('npm run --silent stacks -- --region "$REGION"');
  });
});
