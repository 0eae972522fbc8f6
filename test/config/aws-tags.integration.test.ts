import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { awsPlatformTagCount } from "../../config/names";
import { AWS_TAG_LIMITS, checkTags } from "../../config/tag-rules";
import { OFFLINE_AWS_PROVIDER } from "../../tools/terraform-check/patch";
import { defaultConfig } from "../helpers";
import { defaultAppStacks } from "../shared-synth";

/**
 * How the AWS provider counts a resource's tags, against the real engine: Terraform 1.11
 * with hashicorp/aws 5.100.0 from the local mirror plans (no cloud, `-refresh=false`) the
 * synthesized AWS resource that carries the most tags, with its provider's `default_tags`
 * and the most user tags the rules admit. `tags_all`, what the provider sends to AWS, must
 * hold at most 50 keys, a key in both maps once with the resource's value.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const terraform = process.env.TERRAFORM ?? "terraform";
const pluginDir = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";
const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

/** The planned `tags_all` of each resource in `resource`, planned with these default tags. */
function plannedTagsAll(defaultTags: Record<string, string>, resource: Record<string, Record<string, Json>>): Map<string, Record<string, string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-tags-"));
  try {
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({
      terraform: { required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } } },
      provider: { aws: [{ region: "us-east-1", ...OFFLINE_AWS_PROVIDER, default_tags: [{ tags: defaultTags }] }] },
      resource,
    }));
    const tf = (...args: string[]) => execFileSync(terraform, args, { cwd: dir, env, encoding: "utf8", stdio: "pipe" });
    tf("init", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`);
    tf("plan", "-refresh=false", "-input=false", "-no-color", "-lock=false", "-out=tfplan");
    const plan = JSON.parse(tf("show", "-json", "tfplan")) as { resource_changes?: { address: string; change: { after: Json } }[] };
    return new Map((plan.resource_changes ?? []).map((rc) => [rc.address, rc.change.after.tags_all as Record<string, string>]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The synthesized subnet with the most tags of its own, and its stack's default tags. */
function busiestSubnet(): { subnet: Json; defaultTags: Record<string, string> } {
  const stacks = defaultAppStacks() as Record<string, Json>;
  const found = Object.values(stacks).flatMap((stack) =>
    Object.values((stack.resource?.aws_subnet ?? {}) as Record<string, Json>).map((subnet) => ({ subnet, defaultTags: stack.provider.aws[0].default_tags[0].tags as Record<string, string> })),
  );
  return found.sort((a, b) => Object.keys(b.subnet.tags).length - Object.keys(a.subnet.tags).length)[0];
}

describe("hashicorp/aws 5.100.0 merges default_tags into tags_all as the AWS tag count assumes", () => {
  const { subnet, defaultTags } = busiestSubnet();
  const userKeys = Object.keys(defaultConfig().settings.tags);
  // The user's tags in the default tags (stacks/providers.ts), replaced by the most the rules admit.
  const admitted = Object.fromEntries(Array.from({ length: AWS_TAG_LIMITS.maxTags - awsPlatformTagCount() }, (_, i) => [`team-${i}`, "ml"]));
  const platformDefaults = Object.fromEntries(Object.entries(defaultTags).filter(([k]) => !userKeys.includes(k)));
  // The subnet as synthesized, its references to other resources replaced by literals.
  const literal: Json = { ...subnet, vpc_id: "vpc-0123456789abcdef0" };
  delete literal.depends_on;
  delete literal.provider;
  delete literal["//"];
  const planned = plannedTagsAll({ ...admitted, ...platformDefaults }, {
    aws_subnet: {
      busiest: literal,
      // A key in both maps: counted once, the resource's value.
      overlap: { vpc_id: "vpc-0123456789abcdef0", cidr_block: "10.99.0.0/24", tags: { "team-0": "resource", own: "x" } },
    },
  });

  test("the busiest subnet, with the most user tags the rules admit, gets exactly 50 tags", () => {
    expect(checkTags(admitted, "platform.ts", { aws: true, gcp: false, azure: false })).toEqual([]);
    expect(Object.keys(subnet.tags).length).toBeGreaterThan(3);
    const all = planned.get("aws_subnet.busiest")!;
    expect(Object.keys(all).length).toBe(AWS_TAG_LIMITS.maxTags);
    expect(all).toEqual({ ...admitted, ...platformDefaults, ...subnet.tags });
  });

  test("a key in both default_tags and tags is one tag, with the resource's value", () => {
    const all = planned.get("aws_subnet.overlap")!;
    expect(all["team-0"]).toBe("resource");
    expect(Object.keys(all).length).toBe(Object.keys({ ...admitted, ...platformDefaults }).length + 1);
  });
});
