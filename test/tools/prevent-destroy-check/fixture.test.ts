import { preventDestroyFixture, refusedAddresses } from "../../../tools/prevent-destroy-check/fixture";
import { defaultStacks } from "../../policies/fixtures";

describe("preventDestroyFixture", () => {
  const fixture = preventDestroyFixture(defaultStacks()["us-east-1-cluster"], "/w/terraform.tfstate");

  // Only stateful resources, so the plan cannot fail for an unrelated reason.
  test("keeps only the stateful resources, with offline provider settings and local state", () => {
    expect(Object.keys(fixture.config.resource as object).sort()).toEqual(["aws_kms_key", "aws_s3_bucket"]);
    expect(fixture.config.terraform?.backend).toEqual({ local: { path: "/w/terraform.tfstate" } });
    expect((fixture.config.provider as Record<string, Record<string, unknown>[]>).aws[0].skip_credentials_validation).toBe(true);
    expect(fixture.config.output).toBeUndefined();
  });

  test("puts every stateful resource in the state under its address", () => {
    expect(fixture.addresses).toEqual(["aws_kms_key.Key_43586C89", "aws_s3_bucket.ModelStore_Bucket_0621ADAD"]);
    const resources = fixture.state.resources as { type: string; name: string; provider: string }[];
    expect(resources.map((r) => `${r.type}.${r.name}`)).toEqual(fixture.addresses);
    expect(resources[0].provider).toBe('provider["registry.terraform.io/hashicorp/aws"]');
  });
});

describe("refusedAddresses", () => {
  // Terraform wraps long lines, sometimes between "Resource <address>" and "has".
  test("reads the refused addresses from Terraform's wrapped error text", () => {
    const output = [
      "Error: Instance cannot be destroyed",
      "Resource aws_kms_key.Key_43586C89 has lifecycle.prevent_destroy set, but the",
      "Resource aws_s3_bucket.ModelStore_Bucket_0621ADAD has",
      "lifecycle.prevent_destroy set, but the plan calls for this resource to be",
    ].join("\n");
    expect(refusedAddresses(output)).toEqual(["aws_kms_key.Key_43586C89", "aws_s3_bucket.ModelStore_Bucket_0621ADAD"]);
  });
});
