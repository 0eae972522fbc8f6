import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OFFLINE_AWS_PROVIDER } from "../../../tools/terraform-check/patch";
import { diffResources, type PlanJson } from "../../../tools/plan-diff/diff";

/**
 * The force-new table of plan-diff (tools/plan-diff/rules.ts) against the real engine:
 * Terraform 1.11 with hashicorp/aws 5.100.0 from the local mirror plans each change
 * against a seeded state (`-refresh=false`: no cloud), and plan-diff's decision on the
 * synthesized before and after must match Terraform's (`must be replaced` or update in
 * place). `terraform providers schema -json` does not say what forces replacement; a real
 * plan does.
 */
const terraform = process.env.TERRAFORM ?? "terraform";
const pluginDir = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";
const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

type Attrs = Record<string, unknown>;
interface Case { type: string; schemaVersion: number; config: Attrs; computed: Attrs; path: string; value: unknown }

const ROUTING = ["alias", "cidr_routing_policy", "geolocation_routing_policy", "geoproximity_routing_policy", "latency_routing_policy", "weighted_routing_policy"];
const record: Attrs = { zone_id: "Z123", name: "api.llm.example.com", type: "A", ttl: 10, records: ["192.0.2.10"], set_identifier: "us-east-1", failover_routing_policy: [{ type: "PRIMARY" }] };
const recordComputed: Attrs = { fqdn: "api.llm.example.com", health_check_id: "", multivalue_answer_routing_policy: false, ...Object.fromEntries(ROUTING.map((k) => [k, []])) };
const check: Attrs = { type: "HTTPS", fqdn: "api.llm.example.com", resource_path: "/-/healthz", failure_threshold: 2, request_interval: 10, port: 443, measure_latency: false };
const pool: Attrs = {
  cluster_name: "llmp-us-east-1", node_group_name: "llmp-us-east-1-l4", node_role_arn: "arn:aws:iam::111122223333:role/node", subnet_ids: ["subnet-1"],
  instance_types: ["g6.12xlarge"], capacity_type: "ON_DEMAND", ami_type: "AL2023_x86_64_NVIDIA", scaling_config: [{ desired_size: 1, min_size: 1, max_size: 4 }],
};

const CASES: Case[] = [
  { type: "aws_route53_record", schemaVersion: 2, config: record, computed: recordComputed, path: "name", value: "api2.llm.example.com" },
  { type: "aws_route53_record", schemaVersion: 2, config: record, computed: recordComputed, path: "zone_id", value: "Z999" },
  { type: "aws_route53_record", schemaVersion: 2, config: record, computed: recordComputed, path: "set_identifier", value: "us-east-1-a" },
  { type: "aws_route53_record", schemaVersion: 2, config: record, computed: recordComputed, path: "ttl", value: 60 },
  { type: "aws_route53_health_check", schemaVersion: 0, config: check, computed: {}, path: "request_interval", value: 30 },
  { type: "aws_route53_health_check", schemaVersion: 0, config: check, computed: {}, path: "failure_threshold", value: 3 },
  { type: "aws_route53_health_check", schemaVersion: 0, config: check, computed: {}, path: "resource_path", value: "/-/ready" },
  { type: "aws_eks_node_group", schemaVersion: 0, config: pool, computed: {}, path: "instance_types", value: ["g6e.12xlarge"] },
  { type: "aws_eks_node_group", schemaVersion: 0, config: pool, computed: {}, path: "node_group_name", value: "llmp-us-east-1-l40main" },
  { type: "aws_eks_node_group", schemaVersion: 0, config: pool, computed: {}, path: "capacity_type", value: "SPOT" },
  { type: "aws_eks_node_group", schemaVersion: 0, config: pool, computed: {}, path: "scaling_config", value: [{ desired_size: 1, min_size: 1, max_size: 2 }] },
];

const name = (c: Case) => `${c.path}_${CASES.filter((x) => x.type === c.type).indexOf(c)}`;

/** Terraform's action per `<type>.<name>`: `replace` or `update`. */
function terraformActions(): Map<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-force-new-"));
  try {
    const provider = 'provider["registry.terraform.io/hashicorp/aws"]';
    const state = {
      version: 4, terraform_version: "1.11.0", serial: 1, lineage: "00000000-0000-4000-8000-000000000016", outputs: {},
      resources: CASES.map((c) => ({
        mode: "managed", type: c.type, name: name(c), provider,
        instances: [{ schema_version: c.schemaVersion, attributes: { id: name(c), ...c.computed, ...c.config } }],
      })),
    };
    const resource: Record<string, Record<string, Attrs>> = {};
    for (const c of CASES) (resource[c.type] ??= {})[name(c)] = { ...c.config, [c.path]: c.value };
    fs.writeFileSync(path.join(dir, "terraform.tfstate"), JSON.stringify(state));
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({
      terraform: { required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } } },
      provider: { aws: [{ region: "us-east-1", ...OFFLINE_AWS_PROVIDER }] },
      resource,
    }));
    const tf = (...args: string[]) => execFileSync(terraform, args, { cwd: dir, env, encoding: "utf8", stdio: "pipe" });
    tf("init", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`);
    tf("plan", "-refresh=false", "-input=false", "-no-color", "-lock=false", "-out=tfplan");
    const plan = JSON.parse(tf("show", "-json", "tfplan")) as PlanJson;
    return new Map((plan.resource_changes ?? []).map((rc) => [rc.address, rc.change.actions.join(",") === "update" ? "update" : rc.change.actions.includes("delete") ? "replace" : rc.change.actions.join(",")]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("plan-diff's force-new attributes match real Terraform with hashicorp/aws 5.100.0", () => {
  const actual = terraformActions();

  test.each(CASES.map((c) => [`${c.type}.${c.path}`, c] as const))("%s", (_label, c) => {
    const address = `${c.type}.${name(c)}`;
    const [ours] = diffResources([{ address, type: c.type, values: c.config }], [{ address, type: c.type, values: { ...c.config, [c.path]: c.value } }]);
    expect(actual.get(address)).toBeDefined();
    expect(ours.action).toBe(actual.get(address));
  });
});
