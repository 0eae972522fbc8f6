import type { Construct } from "constructs";
import type { ITerraformDependable, TerraformProvider, TerraformRemoteState } from "cdktf";
import { modelBucketName, stackNames } from "../config/names";
import type { PlatformSettings, RegionConfig } from "../config/schema";
import { S3ModelReplication } from "../constructs/aws";
import { BlobModelReplication } from "../constructs/azure";
import { GcsModelReplication } from "../constructs/gcp";
import { awsProvider, azurermProvider } from "./providers";

/** A region whose model store takes part in its cloud's replication. */
export interface ReplicatedRegion {
  /** The platform's region name. */
  readonly name: string;
  /** The cloud's region id. */
  readonly cloudRegion: string;
}

/** What the global stack hands a cloud's model replication. */
export interface ReplicationContext {
  readonly settings: PlatformSettings;
  /** The cloud's regions in failover order (at least two): the first publishes, the others receive. */
  readonly regions: readonly ReplicatedRegion[];
  /** A region's cluster stack state (its region key's ARN, ...). */
  readonly clusterState: (region: string) => TerraformRemoteState;
  /** The global stack's Google provider, when it has one. */
  readonly google?: TerraformProvider;
  /** The Google APIs the global stack enabled, which replication resources must wait for. */
  readonly googleApis: readonly ITerraformDependable[];
}

/**
 * How one cloud replicates model weights from its primary region's store to its other
 * regions' stores, as the global stack adds it. One implementation per cloud, chosen from
 * {@link MODEL_REPLICATION} by cloud: the global stack never branches on the cloud.
 */
export interface CloudModelReplication {
  /** The global stack's default providers the replication's resources use (it may create aliased ones itself). */
  readonly globalProviders: readonly ("aws" | "google")[];
  /** Google APIs the replication calls, enabled with the global stack's own. */
  readonly googleApis: readonly string[];
  /** Adds the replication of `ctx.regions` to the global stack. */
  add(scope: Construct, ctx: ReplicationContext): void;
}

/** S3 replication (with the region keys) from the primary AWS region's bucket to the others'. */
const S3_REPLICATION: CloudModelReplication = {
  globalProviders: ["aws"],
  googleApis: [],
  add(scope, { settings, regions, clusterState }) {
    const [source, ...rest] = regions;
    const ref = (r: ReplicatedRegion) => ({ region: r.name, bucketName: modelBucketName(settings.name, r.name), kmsKeyArn: clusterState(r.name).getString("kms_key_arn") });
    // Replication is configured on the source bucket, so through a provider in its region.
    const provider = awsProvider(scope, "aws_models", { settings, stack: stackNames.global, alias: "models", cloudRegion: source.cloudRegion });
    new S3ModelReplication(scope, "ModelReplication", {
      source: ref(source),
      destinations: rest.map(ref),
      provider,
      roleName: `${settings.name}-model-replication`,
    });
  },
};

/** Storage Transfer Service jobs from the primary GCP region's bucket to the others'. */
const GCS_REPLICATION: CloudModelReplication = {
  globalProviders: ["google"],
  googleApis: ["storagetransfer.googleapis.com", "pubsub.googleapis.com", "storage.googleapis.com"],
  add(scope, { settings, regions, google, googleApis }) {
    const [source, ...rest] = regions;
    const ref = (r: ReplicatedRegion) => ({ region: r.name, bucketName: modelBucketName(settings.name, r.name) });
    const project = settings.gcp?.projectId;
    if (!project) throw new Error("global: platform settings have no gcp section (validation should have caught this)");
    new GcsModelReplication(scope, "GcsModelReplication", { source: ref(source), destinations: rest.map(ref), project, provider: google, dependsOn: [...googleApis] });
  },
};

/**
 * Blob object replication from the primary Azure region's model container to the others'
 * (the cluster stack's `model_storage_account_id` output), through the global stack's own
 * azurerm provider for the subscription.
 */
const BLOB_REPLICATION: CloudModelReplication = {
  globalProviders: [],
  googleApis: [],
  add(scope, { settings, regions, clusterState }) {
    const azure = settings.azure;
    if (!azure) throw new Error("global: platform settings have no azure section (validation should have caught this)");
    const [source, ...rest] = regions;
    const provider = azurermProvider(scope, "azurerm", { subscriptionId: azure.subscriptionId, tenantId: azure.tenantId });
    const ref = (r: ReplicatedRegion) => ({ region: r.name, storageAccountId: clusterState(r.name).getString("model_storage_account_id") });
    new BlobModelReplication(scope, "BlobModelReplication", { source: ref(source), destinations: rest.map(ref), provider });
  },
};

/**
 * Each cloud's model replication, in the order the global stack adds them. A cloud added
 * to the schema does not compile here until it has one.
 */
export const MODEL_REPLICATION: Readonly<Record<RegionConfig["cloud"], CloudModelReplication>> = {
  aws: S3_REPLICATION,
  gcp: GCS_REPLICATION,
  azure: BLOB_REPLICATION,
};
