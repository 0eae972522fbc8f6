import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";

/** Props of {@link AzureRegionKey}. */
export interface AzureRegionKeyProps {
  /** The Key Vault's name: 3 to 24 characters, unique across Azure (config/names.ts `keyVaultName`). */
  readonly vaultName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tenantId: string;
  /** Object id of the principal that applies this stack: it creates the key, so it needs Key Vault Crypto Officer. */
  readonly deployerObjectId: string;
  /** @default 90 - days a deleted vault or key stays recoverable (Azure's maximum) */
  readonly softDeleteRetentionDays?: number;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One Key Vault and one HSM-backed RSA key per region, for AKS's KMS etcd encryption and the
 * model store's customer-managed key. The vault authorizes with Azure RBAC (no access
 * policies), keeps deleted keys 90 days and has purge protection, so neither an apply nor a
 * person can destroy the key that etcd and the model store depend on.
 *
 * Its network stays public: AKS's KMS plugin cannot reach a vault whose firewall admits only
 * chosen networks and addresses (Microsoft "Add KMS etcd encryption to an AKS cluster",
 * Limitations), and a private vault needs API Server VNet Integration; access is by RBAC alone.
 */
export class AzureRegionKey extends Construct {
  readonly vault: KeyVault;
  readonly key: KeyVaultKey;
  /** The deployer's role on the vault: anything that uses the key waits for it. */
  readonly deployerGrant: RoleAssignment;

  constructor(scope: Construct, id: string, props: AzureRegionKeyProps) {
    super(scope, id);
    this.vault = new KeyVault(this, "Vault", {
      name: props.vaultName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tenantId: props.tenantId,
      // Premium holds keys in HSMs (key type RSA-HSM).
      skuName: "premium",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: props.softDeleteRetentionDays ?? 90,
      publicNetworkAccessEnabled: true,
      networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
      lifecycle: { preventDestroy: true },
      tags: { ...props.tags },
    });
    this.deployerGrant = new RoleAssignment(this, "DeployerCryptoOfficer", {
      scope: this.vault.id,
      roleDefinitionName: "Key Vault Crypto Officer",
      principalId: props.deployerObjectId,
    });
    this.key = new KeyVaultKey(this, "Key", {
      name: "platform",
      keyVaultId: this.vault.id,
      keyType: "RSA-HSM",
      keySize: 2048,
      keyOpts: ["decrypt", "encrypt", "sign", "unwrapKey", "verify", "wrapKey"],
      // No expiry and no automatic rotation: AKS's (legacy) KMS plugin is given one key
      // version and keeps using it, so a version that expired or rotated behind its back
      // would stop the API server reading Secrets. Rotation is a reviewed change: a new
      // version, then an apply of the cluster stack that hands it to AKS.
      dependsOn: [this.deployerGrant],
      lifecycle: { preventDestroy: true },
      tags: { ...props.tags },
    });
  }

  /** Grants `principalId` a data-plane role on the vault, for a user of the key. */
  grant(id: string, principalId: string, role: "Key Vault Crypto User" | "Key Vault Crypto Service Encryption User"): RoleAssignment {
    return new RoleAssignment(this, id, { scope: this.vault.id, roleDefinitionName: role, principalId, principalType: "ServicePrincipal" });
  }
}

/** Anything that must wait for key grants. */
export type KeyGrants = readonly ITerraformDependable[];
