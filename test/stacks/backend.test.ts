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
