import { Testing, TerraformStack } from "cdktf";
import { configureBackend } from "../../stacks/backend";
import { synthJson } from "../helpers";

function backendOf(backend: Parameters<typeof configureBackend>[1]) {
  const stack = new TerraformStack(Testing.app(), "eu-west-1-cluster");
  configureBackend(stack, backend, "eu-west-1-cluster", "../../..");
  return (synthJson(stack).terraform as { backend: Record<string, unknown> }).backend;
}

describe("configureBackend", () => {
  test("local state lives outside cdktf.out (synth replaces it), one file per stack", () => {
    expect(backendOf({ type: "local", prefix: "p" })).toEqual({ local: { path: "../../../eu-west-1-cluster.tfstate" } });
  });

  test("S3 state is encrypted, locked with the S3 lockfile, one key per stack", () => {
    expect(backendOf({ type: "s3", bucket: "tf-state", region: "us-east-1", prefix: "llmp", kmsKeyId: "alias/tf" })).toEqual({
      s3: { bucket: "tf-state", key: "llmp/eu-west-1-cluster.tfstate", region: "us-east-1", encrypt: true, kms_key_id: "alias/tf", use_lockfile: true },
    });
  });

  test("GCS state uses one prefix per stack", () => {
    expect(backendOf({ type: "gcs", bucket: "tf-state", prefix: "llmp" })).toEqual({ gcs: { bucket: "tf-state", prefix: "llmp/eu-west-1-cluster" } });
  });
});
