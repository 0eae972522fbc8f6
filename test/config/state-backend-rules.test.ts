import { formatConfigError } from "../../config/errors";
import { checkPlatform, statePrefixProblem } from "../../config/rules";
import { RegionSchema, type PlatformSettings, type RegionConfig } from "../../config/schema";
import { AWS_REGION, settings } from "./small-topology";

// Terraform 1.11 S3 backend: a key must not start or end with "/" nor contain "//"
// (internal/backend/remote-state/s3/validate.go); the platform's key is `<prefix>/<stack>.tfstate`.
describe("statePrefixProblem", () => {
  test.each([
    ["/gpu-llm-platform", 'must not start with "/"'],
    ["gpu-llm-platform/", 'must not end with "/"'],
    ["teams//llm", 'must not contain "//"'],
    ["", "must not be empty"],
  ])("fails when the prefix is %j", (prefix, problem) => {
    expect(statePrefixProblem(prefix)).toBe(problem);
  });

  test.each(["gpu-llm-platform", "teams/llm/prod"])("accepts %j", (prefix) => {
    expect(statePrefixProblem(prefix)).toBeUndefined();
  });
});

describe("checkPlatform: state backend prefix", () => {
  const region = { file: "regions/aws-east.ts", region: RegionSchema.parse(AWS_REGION), known: new Set(Object.keys(RegionSchema.shape)) as ReadonlySet<keyof RegionConfig> };
  // One region here, so it is the only hub.
  const check = (given: PlatformSettings) => {
    const s = { ...given, observability: { ...given.observability, hubs: { primary: "aws-east" } } };
    return checkPlatform({ value: s, known: new Set(Object.keys(s)) as ReadonlySet<keyof PlatformSettings> }, "regions/platform.ts", [region], "regions/").map(formatConfigError);
  };

  test("fails when an S3 prefix starts with a slash, naming the key Terraform would get", () => {
    expect(check(settings({ stateBackend: { type: "s3", bucket: "b", region: "us-east-1", prefix: "/llm" } }))).toEqual([
      'regions/platform.ts: stateBackend.prefix: must not start with "/": each stack\'s state goes to key "/llm/<stack>.tfstate", and Terraform\'s S3 backend rejects a key that starts or ends with "/" or holds "//"; use segments joined by single slashes such as "gpu-llm-platform/prod", got "/llm"',
    ]);
  });

  test("fails when a GCS prefix holds a double slash", () => {
    expect(check(settings({ stateBackend: { type: "gcs", bucket: "b", prefix: "a//b" } }))).toEqual([
      'regions/platform.ts: stateBackend.prefix: must not contain "//": each stack\'s state goes to prefix "a//b/<stack>", and Terraform\'s GCS backend strips a leading "/" and keeps "//" as an empty folder in every state path; use segments joined by single slashes such as "gpu-llm-platform/prod", got "a//b"',
    ]);
  });

  test("the local backend uses no prefix, so any passes", () => {
    expect(check(settings({ stateBackend: { type: "local", prefix: "/x/" } }))).toEqual([]);
  });
});
