import * as fs from "fs";
import * as path from "path";
import { diffResources, diffStack } from "../../../tools/plan-diff/diff";
import { formatReport } from "../../../tools/plan-diff/report";
import { blockCounts, hasGoogleForceNew } from "../../../tools/plan-diff/google-force-new";
import { declarations, type GoFile } from "../../../tools/plan-diff/go-schema";
import { ForceNewExtractor } from "../../../tools/plan-diff/force-new-extract";
import type { StackView, TfResource } from "../../../tools/lib/terraform-json";
import { defaultConfig } from "../../helpers";
import { REFERENCE_DIR } from "../../reference";
import { clusterStackView, editedRegion, globalStackView } from "../fixtures";

/**
 * Google replacement decisions against the provider's own ForceNew list, extracted from
 * hashicorp/terraform-provider-google at v6.50.0 (commit 956f5109) into
 * reference/terraform-provider-google/force-new-6.50.0.json.
 */
const vendored = JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, "terraform-provider-google", "force-new-6.50.0.json"), "utf8")) as {
  commit: string;
  resources: Record<string, { forceNew: { path: string; when: string; file: string; line: number; source: string }[] }>;
};

function nodePool(view: StackView): TfResource {
  return view.resources.find((r) => r.type === "google_container_node_pool" && String(r.values.name).endsWith("-l4"))!;
}

/** The synthesized GKE GPU node pool with one attribute edited, diffed as plan-diff does. */
function editPool(edit: (values: Record<string, any>) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const before = nodePool(clusterStackView(editedRegion("asia-south1")));
  const values = structuredClone(before.values) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  edit(values);
  const [change] = diffResources([before], [{ ...before, values }]);
  return change;
}

describe("google replacements come from the provider's source (hashicorp/google 6.50.0)", () => {
  test("the vendored list names file, line and commit of every entry", () => {
    for (const r of Object.values(vendored.resources)) {
      for (const e of r.forceNew) expect(e.source).toBe(`https://github.com/hashicorp/terraform-provider-google/blob/${vendored.commit}/${e.file}#L${e.line}`);
    }
  });

  test("every google resource type the platform synthesizes is in the list", () => {
    const base = defaultConfig();
    const cloudDns = { ...base, settings: { ...base.settings, dns: { ...base.settings.dns, authority: "cloud-dns" as const } } };
    const views = [clusterStackView(editedRegion("asia-south1")), globalStackView(base), globalStackView(cloudDns)];
    const types = new Set(views.flatMap((v) => v.resources.map((r) => r.type)).filter((t) => t.startsWith("google_")));
    expect(types.size).toBeGreaterThan(10);
    expect([...types].filter((t) => !hasGoogleForceNew(t))).toEqual([]);
  });

  // node_config.go: machine_type has no ForceNew; nodePoolNodeConfigUpdate sends it with UpdateNodePool.
  test("a node pool machine_type change alone is an update in place", () => {
    const c = editPool((v) => { v.node_config.machine_type = "g2-standard-32"; });
    expect(c.action).toBe("update");
  });

  test("a node pool autoscaling or node_count change is an update in place", () => {
    expect(editPool((v) => { v.autoscaling.total_max_node_count = 8; }).action).toBe("update");
    expect(editPool((v) => { v.node_count = 3; }).action).toBe("update");
    expect(editPool((v) => { v.node_config.disk_size_gb = 400; }).action).toBe("update");
  });

  test("a GPU count, spot, name or service account change replaces the node pool", () => {
    for (const edit of [
      (v: Record<string, any>) => { v.node_config.guest_accelerator[0].count = 4; }, // eslint-disable-line @typescript-eslint/no-explicit-any
      (v: Record<string, any>) => { v.node_config.spot = true; }, // eslint-disable-line @typescript-eslint/no-explicit-any
      (v: Record<string, any>) => { v.name = "llmp-asia-south1-l4big"; }, // eslint-disable-line @typescript-eslint/no-explicit-any
      (v: Record<string, any>) => { v.node_config.service_account = "other@example.iam.gserviceaccount.com"; }, // eslint-disable-line @typescript-eslint/no-explicit-any
    ]) {
      expect(editPool(edit).action).toBe("replace");
    }
  });

  // The block itself (guest_accelerator) is ForceNew: adding or removing one replaces; its
  // gpu_sharing_config sub-block is ForceNew too.
  test("adding a second accelerator block replaces; leaving out an Optional+Computed attribute does not", () => {
    expect(editPool((v) => { v.node_config.guest_accelerator.push({ count: 1, type: "nvidia-l4" }); }).action).toBe("replace");
    expect(editPool((v) => { delete v.location; }).action).toBe("update");
  });

  test("the realistic PR: l4 pool g2-standard-24 -> g2-standard-48 is replaced because the GPU count goes 2 -> 4, with its capacity gap first", () => {
    const bigger = editedRegion("asia-south1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, instanceType: "g2-standard-48" } : p));
    });
    const d = diffStack("asia-south1-cluster", clusterStackView(editedRegion("asia-south1")), clusterStackView(bigger));
    const pool = d.changes.find((c) => c.type === "google_container_node_pool" && c.action === "replace")!;
    expect(pool.attributes.filter((a) => a.forcesReplacement).map((a) => a.path)).toEqual(["node_config.guest_accelerator[0].count"]);
    expect(pool.attributes.find((a) => a.path === "node_config.machine_type")?.forcesReplacement).toBe(false);
    const report = formatReport([d], { title: "bigger l4" });
    expect(report.split("\n")[4]).toMatch(/^- \*\*serving capacity gone during apply\*\* \(`capacity-gap`\).*`llmp-asia-south1-l4`.*because of `node_config\.guest_accelerator\[0\]\.count`/);
  });

  test("a subnetwork CIDR change is flagged with the provider's shrink check", () => {
    const view = clusterStackView(editedRegion("asia-south1"));
    const subnet = view.resources.find((r) => r.type === "google_compute_subnetwork")!;
    const [c] = diffResources([subnet], [{ ...subnet, values: { ...subnet.values, ip_cidr_range: "10.99.0.0/20" } }]);
    expect(c.action).toBe("update");
    expect(c.attributes.find((a) => a.path === "ip_cidr_range")?.replacementCondition).toBe("IsShrinkageIpCidr");
  });

  test("blockCounts counts single blocks written as objects, lists and nothing", () => {
    expect(blockCounts({ a: { b: [1, 2] } }, "a.b")).toEqual([2]);
    expect(blockCounts({ a: [{ b: {} }, { b: [] }] }, "a.b")).toEqual([1, 0]);
    expect(blockCounts({}, "a.b")).toEqual([]);
  });
});

// Upstream google/tpgiamresource/resource_iam_member.go at v6.50.0: lines 62-103 exactly
// (IamMemberBaseSchema), then ResourceIamMember (line 188) cut to its Schema field.
const IAM_MEMBER_EXCERPT = `package tpgiamresource

var IamMemberBaseSchema = map[string]*schema.Schema{
	"role": {
		Type:     schema.TypeString,
		Required: true,
		ForceNew: true,
	},
	"member": {
		Type:             schema.TypeString,
		Required:         true,
		ForceNew:         true,
		DiffSuppressFunc: iamMemberCaseDiffSuppress,
		ValidateFunc:     validateIAMMember,
	},
	"condition": {
		Type:     schema.TypeList,
		Optional: true,
		MaxItems: 1,
		ForceNew: true,
		Elem: &schema.Resource{
			Schema: map[string]*schema.Schema{
				"expression": {
					Type:     schema.TypeString,
					Required: true,
					ForceNew: true,
				},
				"title": {
					Type:     schema.TypeString,
					Required: true,
					ForceNew: true,
				},
				"description": {
					Type:     schema.TypeString,
					Optional: true,
					ForceNew: true,
				},
			},
		},
	},
	"etag": {
		Type:     schema.TypeString,
		Computed: true,
	},
}

func ResourceIamMember(parentSpecificSchema map[string]*schema.Schema) *schema.Resource {
	return &schema.Resource{
		Schema: tpgresource.MergeSchemas(IamMemberBaseSchema, parentSpecificSchema),
	}
}
`;

describe("the Go schema extraction", () => {
  test("reads a package var, a nested block (count) and its attributes (value)", () => {
    const file = { path: "google/tpgiamresource/resource_iam_member.go", text: IAM_MEMBER_EXCERPT };
    expect(declarations(file).map((d) => d.name)).toEqual(["IamMemberBaseSchema", "ResourceIamMember"]);
    const parent = { path: "google/services/kms/iam.go", text: `package kms\nvar S = map[string]*schema.Schema{\n\t"crypto_key_id": {\n\t\tType: schema.TypeString,\n\t\tRequired: true,\n\t\tForceNew: true,\n\t},\n}\n` };
    const registry = {
      path: "google/provider/p.go",
      text: `package provider\nimport (\n\t"github.com/hashicorp/terraform-provider-google/google/tpgiamresource"\n\t"github.com/hashicorp/terraform-provider-google/google/services/kms"\n)\n` +
        `var R = map[string]*schema.Resource{\n\t"google_x_iam_member": tpgiamresource.ResourceIamMember(kms.S),\n}\n`,
    };
    const sources: Record<string, GoFile[]> = { "google/tpgiamresource": [file], "google/services/kms": [parent], "google/provider": [registry] };
    const extractor = new ForceNewExtractor((dir) => sources[dir] ?? []);
    const r = extractor.resource(extractor.registrations(registry).get("google_x_iam_member")!, "google/provider");
    expect(r.updatable).toBe(false);
    expect(r.forceNew.map((e) => `${e.path}:${e.when}`)).toEqual([
      "role:value", "member:value", "condition:count", "condition.expression:value", "condition.title:value", "condition.description:value", "crypto_key_id:value",
    ]);
  });
});
