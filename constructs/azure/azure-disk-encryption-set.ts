import { Construct } from "constructs";
import { DiskEncryptionSet } from "@cdktf/provider-azurerm/lib/disk-encryption-set";

/** Props of {@link AzureDiskEncryptionSet}. */
export interface AzureDiskEncryptionSetProps {
  /** 1 to 80 letters, digits, underscores and hyphens (Microsoft.Compute/diskEncryptionSets). */
  readonly name: string;
  readonly resourceGroupName: string;
  /** Must be the vault's region: a disk encryption set uses a key of its own region. */
  readonly location: string;
  /** The versioned Key Vault key id (the region key's `id`). */
  readonly keyVaultKeyId: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A disk encryption set for the region's Key Vault key: AKS encrypts its nodes' OS disks
 * with it (`disk_encryption_set_id`), and the Azure Disk CSI driver its persistent volumes
 * (StorageClass parameter `diskEncryptionSetID`). Its system-assigned identity (the only
 * kind Microsoft.Compute accepts for a new set) needs Key Vault Crypto Service Encryption
 * User on the vault before any disk uses it: grant it with `AzureRegionKey.grant`.
 *
 * The key version is pinned and not rotated automatically, like the KMS key: rotation is a
 * new key version and a reviewed apply of the cluster stack.
 */
export class AzureDiskEncryptionSet extends Construct {
  readonly set: DiskEncryptionSet;

  constructor(scope: Construct, id: string, props: AzureDiskEncryptionSetProps) {
    super(scope, id);
    this.set = new DiskEncryptionSet(this, "Set", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      keyVaultKeyId: props.keyVaultKeyId,
      encryptionType: "EncryptionAtRestWithCustomerKey",
      autoKeyRotationEnabled: false,
      identity: { type: "SystemAssigned" },
      tags: { ...props.tags },
    });
  }

  /** The object id of the set's system-assigned identity, to grant on the vault. */
  get principalId(): string {
    return this.set.identity.principalId;
  }
}
