import { Testing, TerraformStack } from "cdktf";
import type { StateBackendConfig } from "../../config/schema";
import { configureBackend, remoteStateOf } from "../../stacks/backend";
import { synthJson } from "../helpers";

// A reader must find the state exactly where the writer keeps it, for every backend type.
describe.each<StateBackendConfig>([
  { type: "local", prefix: "gpu-llm-platform" },
  { type: "s3", bucket: "state-bucket", region: "eu-west-1", prefix: "p" },
  { type: "gcs", bucket: "state-bucket", prefix: "p" },
])("remoteStateOf with the $type backend", (backend) => {
  test("reads the key configureBackend writes", () => {
    const writer = new TerraformStack(Testing.app(), "us-east-1-cluster");
    configureBackend(writer, backend, "us-east-1-cluster", "../../..");
    const reader = new TerraformStack(Testing.app(), "global");
    remoteStateOf(reader, "Reads", backend, "us-east-1-cluster", "../../..");

    const written = (synthJson(writer).terraform as { backend: Record<string, Record<string, unknown>> }).backend[backend.type];
    const read = (synthJson(reader).data as Record<string, Record<string, { backend: string; config: Record<string, unknown> }>>).terraform_remote_state.Reads;
    expect(read.backend).toBe(backend.type);
    const { use_lockfile: _lock, ...where } = written;
    expect(read.config).toEqual(where);
  });
});

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
