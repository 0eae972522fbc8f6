import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";

/** Props of {@link BlobModelStore}. */
export interface BlobModelStoreProps {
  /** The storage account: 3 to 24 lowercase letters and digits, unique across Azure (config/names.ts). */
  readonly accountName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The versionless Key Vault key id of the customer-managed key (Azure Storage follows new versions). */
  readonly keyVaultKeyId: string;
  /** The user-assigned identity Azure Storage reads the key with; it holds Key Vault Crypto Service Encryption User. */
  readonly keyIdentityId: string;
  /** Subnets whose service endpoint may reach the account (the node subnet). */
  readonly allowedSubnetIds: readonly string[];
  /**
   * Public ranges that may reach the account's data plane: the deploy runners, which
   * Terraform's provider reads blob properties from. Azure takes single addresses without `/32`.
   * @default - none
   */
  readonly allowedCidrs?: readonly string[];
  /** @default "models" */
  readonly containerName?: string;
  /** @default 7 - days a deleted blob or container stays recoverable */
  readonly deleteRetentionDays?: number;
  /** Grants the key identity needs before the account uses the key. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The region's model store: a zone-redundant StorageV2 account whose blobs are encrypted
 * with the region's Key Vault key (CMK), versioned with a change feed (object replication
 * needs both), reachable over HTTPS with TLS 1.2 or later only, with Entra ID (no shared
 * keys) and no anonymous blob access, from the node subnet's service endpoint and the deploy
 * runners only; and one private container for the weights.
 */
export class BlobModelStore extends Construct {
  readonly account: StorageAccount;
  readonly container: StorageContainer;

  constructor(scope: Construct, id: string, props: BlobModelStoreProps) {
    super(scope, id);
    const retention = props.deleteRetentionDays ?? 7;
    this.account = new StorageAccount(this, "Account", {
      name: props.accountName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      accountKind: "StorageV2",
      accountTier: "Standard",
      accountReplicationType: "ZRS",
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      crossTenantReplicationEnabled: false,
      infrastructureEncryptionEnabled: true,
      publicNetworkAccessEnabled: true,
      networkRules: {
        defaultAction: "Deny",
        bypass: ["AzureServices"],
        virtualNetworkSubnetIds: [...props.allowedSubnetIds],
        ipRules: (props.allowedCidrs ?? []).map((c) => c.replace(/\/32$/, "")),
      },
      identity: { type: "UserAssigned", identityIds: [props.keyIdentityId] },
      customerManagedKey: { keyVaultKeyId: props.keyVaultKeyId, userAssignedIdentityId: props.keyIdentityId },
      blobProperties: {
        versioningEnabled: true,
        changeFeedEnabled: true,
        deleteRetentionPolicy: { days: retention },
        containerDeleteRetentionPolicy: { days: retention },
      },
      lifecycle: { preventDestroy: true },
      tags: { ...props.tags },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
    this.container = new StorageContainer(this, "Container", {
      name: props.containerName ?? "models",
      storageAccountId: this.account.id,
      containerAccessType: "private",
    });
  }
}
