import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";

/** Props of {@link GcsModelStore}. */
export interface GcsModelStoreProps {
  /** Deterministic bucket name (see `config/names.ts`). */
  readonly bucketName: string;
  /** Bucket location: the region, so weights load from nearby. */
  readonly location: string;
  /** Cloud KMS key for default encryption. */
  readonly kmsKeyId: string;
  /** The key grant for the Storage service agent, which must exist first. @default - no extra dependencies */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The region's model-weight bucket on GCS: CMEK with the region key, versioned,
 * uniform bucket-level access, public access prevention enforced. Terraform refuses to
 * destroy it.
 */
export class GcsModelStore extends Construct {
  readonly bucket: StorageBucket;

  constructor(scope: Construct, id: string, props: GcsModelStoreProps) {
    super(scope, id);
    this.bucket = new StorageBucket(this, "Bucket", {
      name: props.bucketName,
      location: props.location.toUpperCase(),
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      encryption: { defaultKmsKeyName: props.kmsKeyId },
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
      dependsOn: props.dependsOn,
    });
  }
}
