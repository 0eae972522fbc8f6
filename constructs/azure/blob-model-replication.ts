import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { StorageObjectReplication } from "@cdktf/provider-azurerm/lib/storage-object-replication";
import { regionId } from "../contracts";

/** One region's Blob model store. */
export interface BlobStoreRef {
  /** The platform region it belongs to (construct ids use it). */
  readonly region: string;
  /** The storage account's resource id (the cluster stack's `model_storage_account_id` output). */
  readonly storageAccountId: string;
  /** @default "models" */
  readonly containerName?: string;
}

/** Props of {@link BlobModelReplication}. */
export interface BlobModelReplicationProps {
  /** The primary Azure region's store, where weights are published. */
  readonly source: BlobStoreRef;
  /** The other Azure regions' stores. */
  readonly destinations: readonly BlobStoreRef[];
  /** @default - the stack's default azurerm provider */
  readonly provider?: TerraformProvider;
}

/**
 * The Azure equivalent of S3 replication: one object replication policy per destination
 * account, copying every blob of the source container, existing ones included
 * (`copy_blobs_created_after = "Everything"`). Object replication needs blob versioning on
 * both accounts and the change feed on the source, which the cluster layer's model store
 * has; deletes are not replicated, and the destination container turns read-only while
 * the policy exists (Microsoft "Object replication for block blobs").
 */
export class BlobModelReplication extends Construct {
  readonly policies: StorageObjectReplication[];

  constructor(scope: Construct, id: string, props: BlobModelReplicationProps) {
    super(scope, id);
    const container = (r: BlobStoreRef) => r.containerName ?? "models";
    this.policies = props.destinations.map((d) => new StorageObjectReplication(this, `To${regionId(d.region)}`, {
      sourceStorageAccountId: props.source.storageAccountId,
      destinationStorageAccountId: d.storageAccountId,
      rules: [{ sourceContainerName: container(props.source), destinationContainerName: container(d), copyBlobsCreatedAfter: "Everything" }],
      provider: props.provider,
    }));
  }
}
