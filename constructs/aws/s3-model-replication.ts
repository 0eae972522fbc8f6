import { Construct } from "constructs";
import { Fn, type TerraformProvider } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";

/** One model-store bucket and the KMS key that encrypts it. */
export interface ModelBucketRef {
  /** The platform region it belongs to (rule ids and the role name use it). */
  readonly region: string;
  readonly bucketName: string;
  readonly kmsKeyArn: string;
}

/** Props of {@link S3ModelReplication}. */
export interface S3ModelReplicationProps {
  /** The primary region's bucket, where weights are published. */
  readonly source: ModelBucketRef;
  /** The other AWS regions' buckets. */
  readonly destinations: readonly ModelBucketRef[];
  /** The AWS provider of the source bucket's region. */
  readonly provider: TerraformProvider;
  /** The replication role's name. */
  readonly roleName: string;
  /**
   * Minutes within which S3 Replication Time Control replicates 99.99% of objects;
   * S3 accepts only 15.
   * @default 15 - the one value S3 Replication Time Control offers
   */
  readonly replicationTimeMinutes?: 15;
}

const bucketArn = (name: string) => `arn:aws:s3:::${name}`;

/**
 * Replicates the primary region's model store to the other AWS regions, so a failover
 * region serves the same model version: S3 replication with Replication Time Control
 * (and its metrics, which RTC needs), SSE-KMS objects re-encrypted with each
 * destination's own key, deletes not replicated (a bad delete in the primary must not
 * empty every region). Both ends are the cluster layer's versioned, encrypted,
 * non-public buckets; this construct adds only the replication rules and their role.
 */
export class S3ModelReplication extends Construct {
  /** The role S3 assumes to replicate. */
  readonly role: IamRole;
  /** The replication rules on the source bucket, one per destination. */
  readonly replication: S3BucketReplicationConfigurationA;

  constructor(scope: Construct, id: string, props: S3ModelReplicationProps) {
    super(scope, id);
    const minutes = props.replicationTimeMinutes ?? 15;
    const { source, destinations, provider } = props;

    this.role = new IamRole(this, "Role", {
      provider,
      name: props.roleName,
      assumeRolePolicy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    new IamRolePolicy(this, "Policy", {
      provider,
      role: this.role.id,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          { Sid: "ReadSourceConfig", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: bucketArn(source.bucketName) },
          {
            Sid: "ReadSourceVersions",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: `${bucketArn(source.bucketName)}/*`,
          },
          {
            Sid: "WriteReplicas",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateTags"],
            Resource: destinations.map((d) => `${bucketArn(d.bucketName)}/*`),
          },
          { Sid: "DecryptSource", Effect: "Allow", Action: ["kms:Decrypt"], Resource: source.kmsKeyArn },
          { Sid: "EncryptReplicas", Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: destinations.map((d) => d.kmsKeyArn) },
        ],
      }),
    });

    this.replication = new S3BucketReplicationConfigurationA(this, "Rules", {
      provider,
      bucket: source.bucketName,
      role: this.role.arn,
      rule: destinations.map((d, i) => ({
        id: `to-${d.region}`,
        priority: i + 1,
        status: "Enabled",
        filter: { prefix: "" },
        deleteMarkerReplication: { status: "Disabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
          bucket: bucketArn(d.bucketName),
          storageClass: "STANDARD",
          encryptionConfiguration: { replicaKmsKeyId: d.kmsKeyArn },
          replicationTime: { status: "Enabled", time: { minutes } },
          metrics: { status: "Enabled", eventThreshold: { minutes } },
        },
      })),
    });
  }
}
