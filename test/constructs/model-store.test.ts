import { Testing } from "cdktf";
import { AwsClusterStack } from "../../stacks/aws-cluster-stack";
import { GcpClusterStack } from "../../stacks/gcp-cluster-stack";
import { defaultConfig, defaultRegion, resourcesOf } from "../helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const props = (name: string) => ({ settings: defaultConfig().settings, region: defaultRegion(name), localStateDir: "../../.." });
const first = (r: Record<string, unknown>) => Object.values(r)[0] as Json;

describe("S3ModelStore", () => {
  const stack = new AwsClusterStack(Testing.app(), props("us-east-1"));

  test("has the deterministic name other layers look up, and Terraform refuses to destroy it", () => {
    expect(first(resourcesOf(stack, "aws_s3_bucket"))).toMatchObject({ bucket: "llmp-us-east-1-models", lifecycle: { prevent_destroy: true } });
  });

  test("is encrypted with the region key, versioned, not public, TLS only", () => {
    expect(first(resourcesOf(stack, "aws_s3_bucket_server_side_encryption_configuration")).rule[0]).toEqual({
      apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.Key_43586C89.arn}" },
      bucket_key_enabled: true,
    });
    expect(first(resourcesOf(stack, "aws_s3_bucket_versioning")).versioning_configuration).toEqual({ status: "Enabled" });
    expect(first(resourcesOf(stack, "aws_s3_bucket_public_access_block"))).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(first(resourcesOf(stack, "aws_s3_bucket_policy")).policy).toContain('"aws:SecureTransport" = "false"');
  });
});

describe("GcsModelStore", () => {
  const stack = new GcpClusterStack(Testing.app(), props("asia-south1"));

  test("is CMEK-encrypted after the storage agent's grant, versioned, uniform access, public access prevented", () => {
    expect(first(resourcesOf(stack, "google_storage_bucket"))).toMatchObject({
      name: "llmp-asia-south1-models",
      location: "ASIA-SOUTH1",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      versioning: { enabled: true },
      encryption: { default_kms_key_name: "${google_kms_crypto_key.Key_43586C89.id}" },
      lifecycle: { prevent_destroy: true },
    });
    expect(first(resourcesOf(stack, "google_storage_bucket")).depends_on).toContain("google_kms_crypto_key_iam_member.Key_StorageAgent_3059F679");
  });
});
