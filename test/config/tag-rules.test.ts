import { formatConfigError } from "../../config/errors";
import { checkTags, tagTargets } from "../../config/tag-rules";

const FILE = "regions/platform.ts";
const aws = (tags: Record<string, string>) => checkTags(tags, FILE, { aws: true, gcp: false }).map(formatConfigError);
const gcp = (tags: Record<string, string>) => checkTags(tags, FILE, { aws: false, gcp: true }).map(formatConfigError);

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
      `${FILE}: tags["llm-platform.dev/stack"]: key is set by the platform on every resource (llm-platform.dev/region, llm-platform.dev/stack), got "llm-platform.dev/stack"`,
      `${FILE}: tags["team#1"]: must use only letters, digits, spaces and _ . : / = + - @ (AWS tag characters), got "team#1=ml"`,
      `${FILE}: tags["${"k".repeat(129)}"]: key must have 1 to 128 characters for AWS, got 129`,
    ]);
  });

  test("fails when the tags and the platform's own exceed 50", () => {
    const many = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, "v"]));
    expect(aws(many)).toEqual([`${FILE}: tags: must hold at most 48 tags (AWS allows 50 per resource and the platform adds 2), got 49`]);
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

describe("which tag dialects are checked", () => {
  test("a region's cloud or the DNS authority brings its dialect in", () => {
    expect(tagTargets(["aws"], "route53")).toEqual({ aws: true, gcp: false });
    expect(tagTargets(["gcp"], "cloud-dns")).toEqual({ aws: false, gcp: true });
    expect(tagTargets(["gcp"], "route53")).toEqual({ aws: true, gcp: true });
    expect(tagTargets(["aws"], "cloud-dns")).toEqual({ aws: true, gcp: true });
    expect(tagTargets([], undefined)).toEqual({ aws: false, gcp: false });
  });

  test("Azure regions bring no dialect yet: their tags are not checked", () => {
    expect(tagTargets(["azure"], undefined)).toEqual({ aws: false, gcp: false });
  });
});
