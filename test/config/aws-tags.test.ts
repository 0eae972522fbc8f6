import * as fs from "fs";
import * as path from "path";
import * as yaml from "yaml";
import { AWS_PLATFORM_TAG_KEYS, awsPlatformTagCount, isAwsPlatformTagKey } from "../../config/names";
import { AWS_TAG_LIMITS, checkTags } from "../../config/tag-rules";
import { defaultConfig } from "../helpers";
import { REFERENCE_DIR } from "../reference";
import { defaultAppStacks } from "../shared-synth";
import { tagMapsOf } from "./tag-maps";

/**
 * The AWS tag count against what the AWS stacks really tag: every `tags` map of every AWS
 * resource of the default fixture topology's app, merged with its provider's
 * `default_tags` as the AWS provider merges them into `tags_all` (a key in both once), and
 * the EC2NodeClasses, whose instances Karpenter tags with keys of its own (the ones its
 * v1.14.1 CRD refuses in `spec.tags`).
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface TagMap {
  readonly where: string;
  /** Every key the resource ends up with, default tags included. */
  readonly keys: string[];
  /** The platform's row the map must fit in (see AWS_PLATFORM_TAG_KEYS). */
  readonly kind: "resource" | "nested" | "karpenterNode";
}

const userKeys = Object.keys(defaultConfig().settings.tags);
const stacks = defaultAppStacks() as Record<string, Json>;

/** The provider's default tag keys for a resource, by its `provider` alias. */
function defaultKeys(stack: Json, resource: Json): string[] {
  const alias = typeof resource.provider === "string" ? resource.provider.replace(/^aws\.?/, "") : "";
  const providers = (stack.provider?.aws ?? []) as Json[];
  const provider = providers.find((p) => (p.alias ?? "") === alias);
  return Object.keys(provider?.default_tags?.[0]?.tags ?? {});
}

/** Every tags map of the AWS resources in the stacks; a nested one (tag_specifications) gets no default tags. */
function awsTagMaps(): TagMap[] {
  const found: TagMap[] = [];
  for (const [stackName, stack] of Object.entries(stacks)) {
    for (const m of tagMapsOf(stack, "aws_")) {
      const keys = Object.keys(m.tags);
      const defaults = m.top ? defaultKeys(stack, resourceOf(stack, m.where)) : [];
      found.push({ where: `${stackName}: ${m.where}`, keys: [...new Set([...defaults, ...keys])], kind: m.top ? "resource" : "nested" });
    }
    // A taggable resource without `tags` still gets the default tags (an untaggable one is counted too; harmless).
    for (const [type, byName] of Object.entries((stack.resource ?? {}) as Json)) {
      if (!type.startsWith("aws_")) continue;
      for (const [name, r] of Object.entries(byName as Json)) {
        const defaults = defaultKeys(stack, r as Json);
        if (!("tags" in (r as Json)) && defaults.length > 0) {
          found.push({ where: `${stackName}: ${type}.${name} (default tags only)`, keys: defaults, kind: "resource" });
        }
      }
    }
  }
  return found;
}

/** The resource a tag map's `where` (`<type>.<name>.tags`) names. */
function resourceOf(stack: Json, where: string): Json {
  const [type, name] = where.split(".");
  return stack.resource[type][name] as Json;
}

/**
 * The EC2NodeClasses' spec.tags, what Karpenter puts on its instances besides its own keys.
 * The platform ships them as the `manifests` of a Helm release's values (constructs/karpenter/).
 */
function nodeClassTagMaps(): TagMap[] {
  const found: TagMap[] = [];
  for (const [stackName, stack] of Object.entries(stacks)) {
    for (const [name, r] of Object.entries((stack.resource?.helm_release ?? {}) as Json)) {
      for (const text of ((r as Json).values ?? []) as string[]) {
        const manifests = ((yaml.parse(text) as Json | null)?.manifests ?? []) as Json[];
        for (const m of manifests.filter((x) => x?.kind === "EC2NodeClass")) {
          found.push({ where: `${stackName}: helm_release.${name} EC2NodeClass ${m.metadata?.name}`, keys: Object.keys(m.spec?.tags ?? {}), kind: "karpenterNode" });
        }
      }
    }
  }
  return found;
}

/** The rows a map of its kind may fit in, each with the keys it allows. */
function rowsFor(kind: TagMap["kind"]): string[][] {
  if (kind === "karpenterNode") return [[...AWS_PLATFORM_TAG_KEYS.karpenterNode]];
  const every: string[] = kind === "resource" ? [...AWS_PLATFORM_TAG_KEYS.everyResource] : [];
  return Object.values(AWS_PLATFORM_TAG_KEYS.resourceLevel).map((row) => [...every, ...row]);
}

/** The platform's keys of a map: all but the user's. */
const platformKeys = (m: TagMap): string[] => m.keys.filter((k) => !userKeys.includes(k));
const fits = (keys: readonly string[], row: readonly string[]): boolean => keys.every((k) => row.some((p) => isAwsPlatformTagKey(k, p)));

describe("the AWS stacks tag within what the rules allow", () => {
  const maps = [...awsTagMaps(), ...nodeClassTagMaps()];

  test("the walk finds the resources that carry the most tags", () => {
    expect(userKeys.length).toBeGreaterThan(0);
    expect(maps.length).toBeGreaterThan(20);
    const kinds = (re: RegExp) => maps.filter((m) => re.test(m.where)).length;
    expect(kinds(/aws_subnet\.\w+\.tags$/)).toBeGreaterThan(0);
    expect(kinds(/aws_eip\.\w+\.tags$/)).toBeGreaterThan(0);
    expect(kinds(/tag_specifications/)).toBeGreaterThan(0);
    expect(maps.filter((m) => m.kind === "karpenterNode").length).toBeGreaterThan(0);
    // Every map with default tags holds the user's tags too, through the provider.
    for (const m of maps.filter((x) => x.kind === "resource")) expect({ where: m.where, user: userKeys.every((k) => m.keys.includes(k)) }).toEqual({ where: m.where, user: true });
  });

  test("every key the platform sets on an AWS resource is in a row of AWS_PLATFORM_TAG_KEYS that holds all of that resource's keys", () => {
    const misfits = maps.filter((m) => !rowsFor(m.kind).some((row) => fits(platformKeys(m), row))).map((m) => ({ where: m.where, keys: platformKeys(m) }));
    expect(misfits).toEqual([]);
  });

  test("with the most user tags the rules admit, every AWS resource holds at most 50", () => {
    const admitted = Object.fromEntries(Array.from({ length: AWS_TAG_LIMITS.maxTags }, (_, i) => [`t${i}`, "v"]).slice(0, AWS_TAG_LIMITS.maxTags - awsPlatformTagCount()));
    expect(checkTags(admitted, "platform.ts", { aws: true, gcp: false, azure: false })).toEqual([]);
    expect(checkTags({ ...admitted, one: "more" }, "platform.ts", { aws: true, gcp: false, azure: false })).toHaveLength(1);
    const n = Object.keys(admitted).length;
    // A Karpenter node carries its EC2NodeClass's tags and the keys Karpenter adds (none of them the user's: the rules refuse those keys).
    const karpenterAdds = AWS_PLATFORM_TAG_KEYS.karpenterNode.filter((k) => k !== "Name").length;
    const over = maps
      .filter((m) => m.kind !== "nested" || userKeys.some((k) => m.keys.includes(k)))
      .map((m) => ({ where: m.where, total: n + platformKeys(m).length + (m.kind === "karpenterNode" ? karpenterAdds : 0) }))
      .filter((x) => x.total > AWS_TAG_LIMITS.maxTags);
    expect(over).toEqual([]);
    // And the allowance is not stricter than the resources need: some resource takes exactly 50.
    const most = Math.max(...maps.map((m) => platformKeys(m).length + (m.kind === "karpenterNode" ? karpenterAdds : 0)));
    expect(most).toBe(awsPlatformTagCount());
  });

  test("the keys Karpenter adds are the ones its v1.14.1 EC2NodeClass CRD refuses in spec.tags", () => {
    const crd = yaml.parse(fs.readFileSync(path.join(REFERENCE_DIR, "crds/karpenter.k8s.aws_ec2nodeclasses.karpenter-v1.14.1.yaml"), "utf8")) as Json;
    const rules = (crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.tags["x-kubernetes-validations"] as { rule: string }[]).map((v) => v.rule);
    const refused = rules.flatMap((r) => [...r.matchAll(/k ?!= ?'([^']+)'/g)].map((m) => m[1]).concat([...r.matchAll(/startsWith\('([^']+)'\)/g)].map((m) => `${m[1]}*`)));
    expect(refused.sort()).toEqual(AWS_PLATFORM_TAG_KEYS.karpenterNode.filter((k) => k !== "Name").sort());
  });
});
