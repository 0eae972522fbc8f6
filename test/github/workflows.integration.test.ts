import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { synthesizePlatform } from "../../stacks/synthesize";
import { deployOrder, regionStacks, type CdktfManifest } from "../../tools/stacks/order";
import { defaultConfig, ROOT } from "../helpers";

/**
 * The CI workflows shipped to adopters: every file parses, every action is pinned, and
 * every stack that `cdktf synth` writes is planned, drift-checked and deployable.
 */

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; id?: string; "working-directory"?: string }
interface Job { needs?: string | string[]; uses?: string; steps?: Step[]; strategy?: { matrix?: Record<string, unknown> }; outputs?: Record<string, string> }
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
    const deployable = new Set(options.flatMap((o) => regionStacks(manifest, o)));
    expect(stacks.filter((s) => !deployable.has(s))).toEqual([]);
    expect(runs(workflows["deploy.yml"])).toContain('npm run --silent stacks -- --region "$REGION"');
  });
});
