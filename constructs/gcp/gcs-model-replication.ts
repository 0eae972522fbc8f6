import { Construct } from "constructs";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { DataGoogleStorageTransferProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-transfer-project-service-account";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { StorageTransferJob } from "@cdktf/provider-google/lib/storage-transfer-job";
import { regionId } from "../contracts";

/** One GCS model-store bucket. */
export interface GcsBucketRef {
  /** The platform region it belongs to (ids and descriptions use it). */
  readonly region: string;
  readonly bucketName: string;
}

/** Props of {@link GcsModelReplication}. */
export interface GcsModelReplicationProps {
  /** The primary GCP region's bucket, where weights are published. */
  readonly source: GcsBucketRef;
  /** The other GCP regions' buckets. */
  readonly destinations: readonly GcsBucketRef[];
  readonly project: string;
  /** Resources that must exist first (the Storage Transfer and Pub/Sub APIs). @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /** @default - the stack's default google provider */
  readonly provider?: TerraformProvider;
}

/**
 * The GCS equivalent of S3 replication: Storage Transfer Service cross-bucket
 * replication (`replicationSpec`), one job per destination, which copies new and
 * changed objects as the source bucket's Pub/Sub notifications arrive. Deletes are not
 * replicated (STS never does). Both buckets are the cluster layer's versioned,
 * CMEK-encrypted buckets with public access prevention; this construct adds the jobs
 * and the grants their service agents need. Objects already in the source bucket
 * before the job exists are not copied: run a one-off transfer for those.
 */
export class GcsModelReplication extends Construct {
  /** One replication job per destination. */
  readonly jobs: StorageTransferJob[];

  constructor(scope: Construct, id: string, props: GcsModelReplicationProps) {
    super(scope, id);
    const { provider, project } = props;
    // The agents exist only once created: these data sources create them if missing (google
    // provider docs), where an e-mail interpolated from the project number would not exist yet.
    const stsAgent = new DataGoogleStorageTransferProjectServiceAccount(this, "TransferAgent", { provider, project, dependsOn: props.dependsOn });
    const gcsAgent = new DataGoogleStorageProjectServiceAccount(this, "StorageAgent", { provider, project, dependsOn: props.dependsOn });
    const sts = `serviceAccount:${stsAgent.email}`;
    const gcs = `serviceAccount:${gcsAgent.emailAddress}`;
    const bucketGrant = (gid: string, bucket: string, role: string) =>
      new StorageBucketIamMember(this, gid, { provider, bucket, role, member: sts });

    const grants = [
      // STS sets up the source bucket's notifications, so it must own the bucket (what the console grants).
      bucketGrant("SourceOwner", props.source.bucketName, "roles/storage.legacyBucketOwner"),
      bucketGrant("SourceReader", props.source.bucketName, "roles/storage.objectViewer"),
      // STS creates the topic and subscription; Cloud Storage publishes to them.
      new ProjectIamMember(this, "TransferPubsub", { provider, project, role: "roles/pubsub.editor", member: sts }),
      new ProjectIamMember(this, "StoragePublishes", { provider, project, role: "roles/pubsub.publisher", member: gcs }),
    ];
    this.jobs = props.destinations.map((d) => {
      const rid = regionId(d.region);
      const sinkGrants = [
        bucketGrant(`${rid}Writer`, d.bucketName, "roles/storage.legacyBucketWriter"),
        // overwriteWhen DIFFERENT compares with what the sink holds.
        bucketGrant(`${rid}Reader`, d.bucketName, "roles/storage.objectViewer"),
      ];
      // Replication jobs take no custom name; the description says what it is.
      return new StorageTransferJob(this, `To${rid}`, {
        provider,
        project,
        description: `model weights ${props.source.region} -> ${d.region}`,
        replicationSpec: {
          gcsDataSource: { bucketName: props.source.bucketName },
          gcsDataSink: { bucketName: d.bucketName },
          transferOptions: { overwriteWhen: "DIFFERENT" },
        },
        dependsOn: [...grants, ...sinkGrants],
      });
    });
  }
}
