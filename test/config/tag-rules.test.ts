import { formatConfigError } from "../../config/errors";
import { checkTags, tagTargets } from "../../config/tag-rules";

const FILE = "regions/platform.ts";
const aws = (tags: Record<string, string>) => checkTags(tags, FILE, { aws: true, gcp: false, azure: false }).map(formatConfigError);
const gcp = (tags: Record<string, string>) => checkTags(tags, FILE, { aws: false, gcp: true, azure: false }).map(formatConfigError);
const azure = (tags: Record<string, string>) => checkTags(tags, FILE, { aws: false, gcp: false, azure: true }).map(formatConfigError);

describe("AWS tag keys", () => {
  test("fails when a key starts with aws: in any case (reserved for AWS)", () => {
    expect(aws({ "AWS:Team": "ml" })).toEqual([
      `${FILE}: tags["AWS:Team"]: key must not start with "aws:" in any case; AWS reserves that prefix for its own tags, got "AWS:Team"`,
    ]);
  });

  test("fails when a value starts with aws:", () => {
    expect(aws({ team: "aws:ml" })).toEqual([`${FILE}: tags["team"]: value must not start with "aws:" in any case; AWS reserves that prefix, got "aws:ml"`]);
  });

  test("fails when a key is one the platform sets, or uses characters AWS refuses, or is too long", () => {
    expect(aws({ "llm-platform.dev/stack": "x", "team#1": "ml", ["k".repeat(129)]: "v" })).toEqual([
      `${FILE}: tags["llm-platform.dev/stack"]: key is the platform's tag "llm-platform.dev/stack" on some AWS resources, where the platform's value would replace this one; use another key, got "llm-platform.dev/stack"`,
      `${FILE}: tags["team#1"]: must use only letters, digits, spaces and _ . : / = + - @ (AWS tag characters), got "team#1=ml"`,
      `${FILE}: tags["${"k".repeat(129)}"]: key must have 1 to 128 characters for AWS, got 129`,
    ]);
  });

  test("fails when the tags and the most the platform puts on one resource exceed 50 (a private subnet: 2 default tags and 4 of its own)", () => {
    const many = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`t${i}`, "v"]));
    expect(aws(many)).toEqual([`${FILE}: tags: must hold at most 44 tags (AWS allows 50 per resource and the platform adds 6 on some resources), got 45`]);
    expect(aws(Object.fromEntries(Object.entries(many).slice(0, 44)))).toEqual([]);
  });

  test("fails when a key is one the platform sets on some resources only: Name, a subnet's discovery tags, a key Karpenter owns", () => {
    expect(aws({ Name: "x", "karpenter.sh/discovery": "y", "kubernetes.io/cluster/llmp-us-east-1": "shared", "kubernetes.io/clusterX": "z", "karpenter.sh/nodepool": "p" })).toEqual([
      `${FILE}: tags["Name"]: key is the platform's tag "Name" on some AWS resources, where the platform's value would replace this one; use another key, got "Name"`,
      `${FILE}: tags["karpenter.sh/discovery"]: key is the platform's tag "karpenter.sh/discovery" on some AWS resources, where the platform's value would replace this one; use another key, got "karpenter.sh/discovery"`,
      `${FILE}: tags["kubernetes.io/cluster/llmp-us-east-1"]: key is the platform's tag "kubernetes.io/cluster/*" on some AWS resources, where the platform's value would replace this one; use another key, got "kubernetes.io/cluster/llmp-us-east-1"`,
      `${FILE}: tags["kubernetes.io/clusterX"]: key is the platform's tag "kubernetes.io/cluster*" on some AWS resources, where the platform's value would replace this one; use another key, got "kubernetes.io/clusterX"`,
      `${FILE}: tags["karpenter.sh/nodepool"]: key is the platform's tag "karpenter.sh/nodepool" on some AWS resources, where the platform's value would replace this one; use another key, got "karpenter.sh/nodepool"`,
    ]);
    // Keys are case sensitive on AWS: "name" is another tag.
    expect(aws({ name: "x" })).toEqual([]);
  });

  test("ordinary tags pass", () => {
    expect(aws({ team: "ml-platform", "cost-center": "1234", Owner: "a@b.c" })).toEqual([]);
  });
});

describe("GCP labels made from tags", () => {
  test("fails when two keys become the same label", () => {
    expect(gcp({ Team: "ml", team: "research" })).toEqual([
      `${FILE}: tags["team"]: key becomes the GCP label "team", as tag "Team" does; labels are lowercase with other characters replaced by "-", got "team"`,
    ]);
  });

  test("fails when a key does not start with a letter", () => {
    expect(gcp({ "1team": "ml" })).toEqual([
      `${FILE}: tags["1team"]: key must start with a letter to be a GCP label key (labels are lowercase a-z, 0-9, _ and -), got "1team"`,
    ]);
  });

  test("fails when a key or value is longer than 63 (the label would be cut)", () => {
    expect(gcp({ team: "v".repeat(64) })).toEqual([`${FILE}: tags["team"]: value must have at most 63 characters to be a GCP label value, got 64`]);
  });

  test("AWS-only rules do not apply to GCP and back", () => {
    expect(gcp({ "aws:x": "y" })).toEqual([]);
    expect(aws({ Team: "ml", team: "research" })).toEqual([]);
  });
});

describe("Azure tags", () => {
  test("fails when the tags and the platform's own exceed the 15 a Key Vault key takes", () => {
    const many = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`t${i}`, "v"]));
    expect(azure(many)).toEqual([`${FILE}: tags: must hold at most 13 tags on Azure (a Key Vault key takes 15 tags and the platform adds 2), got 14`]);
    expect(azure(Object.fromEntries(Object.entries(many).slice(0, 13)))).toEqual([]);
  });

  test("fails when a key holds a character Azure refuses in tag names", () => {
    expect(azure({ "team/ml": "a", "cost<center>": "b", "a%b": "c", "r&d": "d", "back\\slash": "e", "why?": "f" })).toEqual(
      ["team/ml", "cost<center>", "a%b", "r&d", "back\\slash", "why?"].map((k) => `${FILE}: tags[${JSON.stringify(k)}]: key must not contain any of < > % & \\ ? / (Azure refuses them in tag names), got ${JSON.stringify(k)}`),
    );
  });

  test("fails when a key is longer than a storage account's 128 bytes, counting UTF-8 bytes as azurerm does", () => {
    expect(azure({ ["k".repeat(129)]: "v" })).toEqual([`${FILE}: tags["${"k".repeat(129)}"]: key must have 1 to 128 bytes in UTF-8 (the Azure storage account's limit), got 129`]);
    // 65 characters, 130 bytes: within 128 characters, beyond the provider's byte count.
    expect(azure({ ["é".repeat(65)]: "v" })).toEqual([`${FILE}: tags["${"é".repeat(65)}"]: key must have 1 to 128 bytes in UTF-8 (the Azure storage account's limit), got 130`]);
    expect(azure({ ["k".repeat(128)]: "v" })).toEqual([]);
    expect(azure({ "": "v" })).toEqual([`${FILE}: tags[""]: key must have 1 to 128 bytes in UTF-8 (the Azure storage account's limit), got 0`]);
  });

  test("fails when a value is longer than 256 bytes", () => {
    expect(azure({ team: "v".repeat(257) })).toEqual([`${FILE}: tags["team"]: value must have at most 256 bytes in UTF-8 for Azure, got 257`]);
    expect(azure({ team: "v".repeat(256) })).toEqual([]);
  });

  test("fails when two keys differ only in case (Azure tag names ignore case)", () => {
    expect(azure({ Team: "ml", team: "research" })).toEqual([
      `${FILE}: tags["team"]: key differs from tag "Team" only in case, and Azure tag names ignore case, got "team"`,
    ]);
  });

  test("fails when a key is one the platform sets on Azure resources, in any case", () => {
    expect(azure({ "LLM-Platform-Stack": "x", "llm-platform-purpose": "y" })).toEqual([
      `${FILE}: tags["LLM-Platform-Stack"]: key is the tag "llm-platform-stack", which the platform sets on Azure resources (llm-platform-region, llm-platform-stack, llm-platform-purpose); Azure tag names ignore case, got "LLM-Platform-Stack"`,
      `${FILE}: tags["llm-platform-purpose"]: key is the tag "llm-platform-purpose", which the platform sets on Azure resources (llm-platform-region, llm-platform-stack, llm-platform-purpose); Azure tag names ignore case, got "llm-platform-purpose"`,
    ]);
  });

  test("lists every problem of every tag at once", () => {
    expect(azure({ "a/b": "v".repeat(300), A: "x", a: "y" })).toHaveLength(3);
  });

  test("tags Azure takes pass: spaces, colons, dots, unicode, an empty value", () => {
    expect(azure({ platform: "llmp", "managed-by": "cdktf", "Cost Center": "1234", "team.name:x": "ML Platform", Owner: "a@b.c", Größe: "groß", empty: "" })).toEqual([]);
  });

  test("Azure rules do not apply to AWS or GCP and back", () => {
    expect(aws({ "team/ml": "x" })).toEqual([]);
    expect(gcp({ "team/ml": "x" })).toEqual([]);
    expect(azure({ "aws:team": "x", "1team": "y" })).toEqual([]);
  });
});

describe("which tag dialects are checked", () => {
  test("a region's cloud or the DNS authority brings its dialect in", () => {
    expect(tagTargets(["aws"], "route53")).toEqual({ aws: true, gcp: false, azure: false });
    expect(tagTargets(["gcp"], "cloud-dns")).toEqual({ aws: false, gcp: true, azure: false });
    expect(tagTargets(["gcp"], "route53")).toEqual({ aws: true, gcp: true, azure: false });
    expect(tagTargets(["aws"], "cloud-dns")).toEqual({ aws: true, gcp: true, azure: false });
    expect(tagTargets([], undefined)).toEqual({ aws: false, gcp: false, azure: false });
  });

  test("an Azure region brings Azure's tag rules in; AWS and GCP regions do not", () => {
    expect(tagTargets(["azure"], undefined)).toEqual({ aws: false, gcp: false, azure: true });
    expect(tagTargets(["aws", "azure"], "route53")).toEqual({ aws: true, gcp: false, azure: true });
    expect(tagTargets(["aws", "gcp"], "route53").azure).toBe(false);
  });
});
