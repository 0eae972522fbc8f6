import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { gcpLabelOf, PLATFORM_LABEL_KEYS, PLATFORM_TAG_KEYS } from "../config/names";
import type { PlatformSettings } from "../config/schema";

/** Where a provider works: its stack, and the region (a platform region and its cloud region) if any. */
export interface ProviderScope {
  readonly settings: PlatformSettings;
  readonly stack: string;
  /** The platform region's name, tagged on every resource. @default - none (the global stack) */
  readonly region?: string;
  /** The cloud's region id. */
  readonly cloudRegion?: string;
  /** @default - the default provider of its type */
  readonly alias?: string;
}

/** The tags every resource of a stack carries: the platform's, plus its region and stack. */
export function stackTags(p: ProviderScope): Record<string, string> {
  return { ...p.settings.tags, ...(p.region ? { [PLATFORM_TAG_KEYS.region]: p.region } : {}), [PLATFORM_TAG_KEYS.stack]: p.stack };
}

/** Tags as GCP labels, which allow only [a-z0-9_-] in keys and values (63 characters). */
export function toGcpLabels(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [gcpLabelOf(k), gcpLabelOf(v)]));
}

/** An AWS provider whose resources all carry the stack's tags. */
export function awsProvider(scope: Construct, id: string, p: ProviderScope & { cloudRegion: string }): AwsProvider {
  return new AwsProvider(scope, id, { region: p.cloudRegion, alias: p.alias, defaultTags: [{ tags: stackTags(p) }] });
}

/** The labels every GCP resource of a stack carries: the platform's tags, plus its region and stack. */
export function stackLabels(p: ProviderScope): Record<string, string> {
  return toGcpLabels({ ...p.settings.tags, ...(p.region ? { [PLATFORM_LABEL_KEYS.region]: p.region } : {}), [PLATFORM_LABEL_KEYS.stack]: p.stack });
}

/** A Google provider whose resources all carry the stack's labels. */
export function googleProvider(scope: Construct, id: string, p: ProviderScope & { project: string }): GoogleProvider {
  return new GoogleProvider(scope, id, { project: p.project, region: p.cloudRegion, alias: p.alias, defaultLabels: stackLabels(p) });
}

/**
 * The tags every Azure resource of a stack carries. Azure tag names may not hold `/`
 * (nor `<>%&\?`), so the platform's region and stack tags use the GCP label keys.
 */
export function azureTags(p: ProviderScope): Record<string, string> {
  return { ...p.settings.tags, ...(p.region ? { [PLATFORM_LABEL_KEYS.region]: p.region } : {}), [PLATFORM_LABEL_KEYS.stack]: p.stack };
}

/**
 * An azurerm provider for one subscription. The provider has no default tags: each
 * construct tags its resources with {@link azureTags}. Storage data-plane calls use
 * Entra ID, as the model store allows no shared keys; a Key Vault is never purged on
 * destroy (purge protection would refuse it anyway) and a soft-deleted one is recovered.
 */
export function azurermProvider(scope: Construct, id: string, p: { subscriptionId: string; tenantId: string; alias?: string }): AzurermProvider {
  return new AzurermProvider(scope, id, {
    subscriptionId: p.subscriptionId,
    tenantId: p.tenantId,
    alias: p.alias,
    storageUseAzuread: true,
    features: [{ keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }] }],
  });
}
