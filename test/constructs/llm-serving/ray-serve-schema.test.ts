import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import { ROUTER_SCRIPT } from "../../../constructs/llm-serving";
import { serveStatus } from "../../../tools/drill/fake-serve";
import { ROOT } from "../../helpers";
import { loadRaySchema, schemaProblems } from "../../ray-serve-schema";

/**
 * The router's readiness reads Ray Serve's `GET /api/serve/applications/` answer
 * (`ServeInstanceDetails`). These tests hold what it reads, and what the drill's fake
 * dashboard answers, to Ray's own schema (reference/ray/, Ray master f3b563a, 2025-10-21).
 */
const schema = loadRaySchema();
const fields = (model: string) => [...schema.models.get(model)!.keys()];

/** The router's `judge(status, body, model)`, run as nginx's njs would run it. */
function routerJudge(): (status: number, body: string, model: string) => { ready: boolean; reason: string } {
  const context: { judge?: unknown } = {};
  vm.runInNewContext(`${ROUTER_SCRIPT.replace(/^export default .*$/m, "")}\nthis.judge = judge;`, context);
  return context.judge as ReturnType<typeof routerJudge>;
}

test("the vendored schema parses: the models and enums the router needs are there", () => {
  expect(fields("ServeInstanceDetails")).toEqual(expect.arrayContaining(["applications", "proxies", "controller_info"]));
  expect(schema.enums.get("ApplicationStatus")).toEqual(["NOT_STARTED", "DEPLOYING", "DEPLOY_FAILED", "RUNNING", "UNHEALTHY", "DELETING"]);
  expect(schema.enums.get("ReplicaState")).toEqual(["STARTING", "UPDATING", "RECOVERING", "RUNNING", "STOPPING", "PENDING_MIGRATION"]);
  // Inherited from ServeActorDetails, as pydantic does.
  expect(fields("ReplicaDetails")).toEqual(expect.arrayContaining(["node_id", "actor_name", "replica_id", "state"]));
  expect(schema.models.get("DeploymentDetails")!.get("replicas")).toEqual({ type: "List[ReplicaDetails]", required: true });
  expect(schema.models.get("ApplicationDetails")!.get("deployed_app_config")!.required).toBe(false);
});

test("every field the router's script reads exists in Ray's models, where it reads it", () => {
  const reads = (re: RegExp) => [...new Set([...ROUTER_SCRIPT.matchAll(re)].map((m) => m[1]))];
  expect(reads(/\bdoc\.(\w+)/g)).toEqual(["applications"]);
  expect(reads(/\bapp\.(\w+)/g).sort()).toEqual(["deployments", "status"]);
  expect(reads(/\.deployments\[names\[i\]\]\.(\w+)/g)).toEqual(["replicas"]);
  expect(reads(/\bx\.(\w+)/g)).toEqual(["state"]);
  expect(fields("ServeInstanceDetails")).toContain("applications");
  expect(fields("ApplicationDetails")).toEqual(expect.arrayContaining(["status", "deployments"]));
  expect(fields("DeploymentDetails")).toContain("replicas");
  expect(fields("ReplicaDetails")).toContain("state");
});

test("every status value the router compares is one Ray has, and its comment lists Ray's application statuses", () => {
  const appStatuses = [...ROUTER_SCRIPT.matchAll(/app\.status [!=]== '(\w+)'/g)].map((m) => m[1]);
  expect(appStatuses.length).toBeGreaterThan(0);
  for (const s of appStatuses) expect(schema.enums.get("ApplicationStatus")).toContain(s);
  const replicaStates = [...ROUTER_SCRIPT.matchAll(/x\.state === '(\w+)'/g)].map((m) => m[1]);
  expect(replicaStates).toEqual(["RUNNING"]);
  expect(schema.enums.get("ReplicaState")).toContain("RUNNING");
  const source = fs.readFileSync(path.join(ROOT, "constructs/llm-serving/router-script.ts"), "utf8");
  expect(source).toContain(`application status is one of\n * ${schema.enums.get("ApplicationStatus")!.join(", ")}`);
  expect(source).toContain(`replica state one\n * of ${schema.enums.get("ReplicaState")!.join(", ")}.`);
});

test("the drill's fake dashboard answers in Ray's schema, healthy and dead", () => {
  expect(schemaProblems(schema, "ServeInstanceDetails", serveStatus("llama-8b", "healthy"))).toEqual([]);
  expect(schemaProblems(schema, "ServeInstanceDetails", serveStatus("llama-8b", "dead"))).toEqual([]);
});

test("the schema check fails on what Ray would refuse (so the test above can fail)", () => {
  const doc = serveStatus("llama-8b", "healthy") as { applications: Record<string, Record<string, unknown>> };
  doc.applications["llama-8b"].status = "HEALTHY";
  doc.applications["llama-8b"].extra = 1;
  delete (doc.applications["llama-8b"] as { deployments?: unknown }).deployments;
  expect(schemaProblems(schema, "ServeInstanceDetails", doc)).toEqual([
    "ServeInstanceDetails.applications.llama-8b.extra: not a field of ApplicationDetails",
    'ServeInstanceDetails.applications.llama-8b.status: "HEALTHY" is not a ApplicationStatus (NOT_STARTED, DEPLOYING, DEPLOY_FAILED, RUNNING, UNHEALTHY, DELETING)',
    "ServeInstanceDetails.applications.llama-8b.deployments: required by ApplicationDetails, missing",
  ]);
});

describe("the router's verdict on schema-valid answers, for every application status Ray has", () => {
  const judge = routerJudge();
  const answer = (status: string, replicaState: string | undefined) => {
    const doc = serveStatus("llama-8b", "healthy") as { applications: Record<string, { status: string; deployments: Record<string, { replicas: { state: string }[] }> }> };
    const app = doc.applications["llama-8b"];
    app.status = status;
    for (const d of Object.values(app.deployments)) d.replicas = replicaState ? d.replicas.map((r) => ({ ...r, state: replicaState })) : [];
    expect(schemaProblems(schema, "ServeInstanceDetails", doc)).toEqual([]);
    return JSON.stringify(doc);
  };
  const ready = (status: string, replicaState: string | undefined) => judge(200, answer(status, replicaState), "llama-8b").ready;

  test.each(schema.enums.get("ApplicationStatus")!)("%s", (status) => {
    // Ready: RUNNING, or DEPLOYING/UNHEALTHY while every deployment keeps a RUNNING replica (docs/traffic.md).
    expect(ready(status, "RUNNING")).toBe(["RUNNING", "DEPLOYING", "UNHEALTHY"].includes(status));
    for (const state of schema.enums.get("ReplicaState")!.filter((s) => s !== "RUNNING")) expect(ready(status, state)).toBe(status === "RUNNING");
    expect(ready(status, undefined)).toBe(status === "RUNNING");
  });

  test("an application the answer does not hold is not ready", () => {
    expect(judge(200, answer("RUNNING", "RUNNING"), "qwen-32b")).toEqual({ ready: false, reason: "no Serve application qwen-32b" });
  });
});
