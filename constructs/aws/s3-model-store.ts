import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Fn } from "cdktf";

/** Props of {@link S3ModelStore}. */
export interface S3ModelStoreProps {
  /** Deterministic bucket name (see `config/names.ts`), so other layers can find it. */
  readonly bucketName: string;
  /** The region's KMS key. */
  readonly kmsKeyArn: string;
}

/**
 * The region's model-weight bucket: SSE-KMS with the region key (bucket keys on, to keep
 * KMS calls cheap for multi-GB objects), versioned (replication needs it, and a bad
 * upload can be rolled back), public access blocked, ACLs disabled, TLS required.
 * Terraform refuses to destroy it.
 */
export class S3ModelStore extends Construct {
  readonly bucket: S3Bucket;
  readonly versioning: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: S3ModelStoreProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "Bucket", { bucket: props.bucketName, lifecycle: { preventDestroy: true } });
    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "Ownership", { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    this.versioning = new S3BucketVersioningA(this, "Versioning", { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketPolicy(this, "TlsOnly", {
      bucket: this.bucket.id,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
      }),
    });
  }
}
