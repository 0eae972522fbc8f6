import type { Construct } from "constructs";
import {
  DataTerraformRemoteStateGcs,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  GcsBackend,
  LocalBackend,
  S3Backend,
  type TerraformRemoteState,
  type TerraformStack,
} from "cdktf";
import type { StateBackendConfig } from "../config/schema";

/**
 * Points a stack at its own state: one key per stack, so an apply locks and risks only
 * that stack. `localStateDir` is relative to the stack's working directory
 * (`cdktf.out/stacks/<stack>`), keeping local state outside `cdktf.out`, which synth
 * replaces.
 */
export function configureBackend(stack: TerraformStack, backend: StateBackendConfig, stackName: string, localStateDir: string): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, localConfig(stackName, localStateDir));
      return;
    case "s3":
      new S3Backend(stack, s3Config(backend, stackName));
      // S3-native locking (Terraform >= 1.10); cdktf 0.21 has no prop for it yet.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    case "gcs":
      // GCS encrypts at rest and locks natively.
      new GcsBackend(stack, gcsConfig(backend, stackName));
      return;
  }
}

/**
 * Reads another stack's outputs from the state `configureBackend` gave it (same backend,
 * same key), so a later layer consumes the declared outputs of an earlier one.
 */
export function remoteStateOf(scope: Construct, id: string, backend: StateBackendConfig, stackName: string, localStateDir: string): TerraformRemoteState {
  switch (backend.type) {
    case "local":
      return new DataTerraformRemoteStateLocal(scope, id, localConfig(stackName, localStateDir));
    case "s3":
      return new DataTerraformRemoteStateS3(scope, id, s3Config(backend, stackName));
    case "gcs":
      return new DataTerraformRemoteStateGcs(scope, id, gcsConfig(backend, stackName));
  }
}

// Where each backend keeps a stack's state: shared by the writer and the readers.
function localConfig(stackName: string, localStateDir: string) {
  return { path: `${localStateDir}/${stackName}.tfstate` };
}

function s3Config(backend: StateBackendConfig, stackName: string) {
  return { bucket: backend.bucket!, key: `${backend.prefix}/${stackName}.tfstate`, region: backend.region!, encrypt: true, kmsKeyId: backend.kmsKeyId };
}

function gcsConfig(backend: StateBackendConfig, stackName: string) {
  return { bucket: backend.bucket!, prefix: `${backend.prefix}/${stackName}` };
}
