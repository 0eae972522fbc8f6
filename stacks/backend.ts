import { GcsBackend, LocalBackend, S3Backend, type TerraformStack } from "cdktf";
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
      new LocalBackend(stack, { path: `${localStateDir}/${stackName}.tfstate` });
      return;
    case "s3":
      new S3Backend(stack, {
        bucket: backend.bucket!,
        key: `${backend.prefix}/${stackName}.tfstate`,
        region: backend.region!,
        encrypt: true,
        kmsKeyId: backend.kmsKeyId,
      });
      // S3-native locking (Terraform >= 1.10); cdktf 0.21 has no prop for it yet.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    case "gcs":
      // GCS encrypts at rest and locks natively.
      new GcsBackend(stack, { bucket: backend.bucket!, prefix: `${backend.prefix}/${stackName}` });
      return;
  }
}
