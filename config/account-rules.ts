import { CLOUD_IDS, CLOUD_LABELS, type Cloud } from "../catalog/cloud";
import { EKS_ADDON_VERSIONS, supportStatus, supportedVersions, versionTable } from "../catalog/kubernetes-versions";
import { show, type ConfigError } from "./errors";
import { regionRule, type Parsed, type ParsedRegion } from "./rule";
import type { DNS_AUTHORITIES, PlatformSettings, RegionConfig } from "./schema";

/** A DNS authority (`route53`, `cloud-dns`). */
type DnsAuthority = (typeof DNS_AUTHORITIES)[number];

/**
 * Rules that decide whether the input can be applied to a real account today: Kubernetes
 * versions in standard support (the date is a parameter, so tests pin it), the AWS account id
 * the key policies need, and spot instance-type lists. Pure functions; none throws.
 */

const cloudLabel = (cloud: Cloud) => CLOUD_LABELS[cloud].kubernetes;

/** Per cloud, the versions whose cluster add-ons the catalog pins (undefined: the cloud manages its add-ons). */
const PINNED_ADDONS: Readonly<Record<Cloud, Readonly<Record<string, unknown>> | undefined>> = {
  aws: EKS_ADDON_VERSIONS,
  gcp: undefined,
  azure: undefined,
};

/**
 * `cluster.kubernetesVersion` must be a catalog version whose standard support has not ended
 * on `today`, and on EKS one whose add-ons are pinned.
 */
export function checkKubernetesVersion(today: Date) {
  return regionRule([], ["cloud", "cluster"], (_settings, { file, region }): ConfigError[] => {
    const version = region.cluster.kubernetesVersion;
    const status = supportStatus(region.cloud, version, today);
    const supported = supportedVersions(region.cloud, today).join(", ");
    const at = { file, path: "cluster.kubernetesVersion" };
    if (status.kind === "unknown") {
      return [{ ...at, message: `must be one of the ${cloudLabel(region.cloud)} versions in catalog/kubernetes-versions.ts (${Object.keys(versionTable(region.cloud)).join(", ")}), got ${show(version)}` }];
    }
    if (status.kind === "ended") {
      return [{ ...at, message: `standard support for ${cloudLabel(region.cloud)} ${version} ended on ${status.endOfStandardSupport}; use a version still in standard support (${supported}), got ${show(version)}` }];
    }
    const addons = PINNED_ADDONS[region.cloud];
    if (addons && !addons[version]) {
      return [{ ...at, message: `has no pinned ${cloudLabel(region.cloud)} add-on versions in catalog/kubernetes-versions.ts; add them or use ${Object.keys(addons).join(", ")}, got ${show(version)}` }];
    }
    return [];
  });
}

/**
 * Per cloud, the settings block its regions need as a whole (the project or subscription
 * their resources live in), or undefined when the block is optional. `dnsAuthority`: the
 * DNS authority that needs the block too. A new cloud fills its row; the message follows
 * the field path `<key>` and says what the block holds.
 */
export const CLOUD_SETTINGS_BLOCK: Readonly<Record<Cloud, { readonly key: Cloud & keyof PlatformSettings; readonly dnsAuthority?: DnsAuthority; readonly message: string } | undefined>> = {
  // settings.aws is optional as a block: only the account id in it is needed (CLOUD_ACCOUNT_FIELD).
  aws: undefined,
  gcp: { key: "gcp", dnsAuthority: "cloud-dns", message: "is required when a region is on GCP or DNS is on Cloud DNS (projectId, projectNumber), got nothing" },
  azure: { key: "azure", message: "is required when a region is on Azure (subscriptionId, tenantId, clusterAdminGroupObjectIds), got nothing" },
};

/**
 * Per cloud, one field its regions need inside a settings block that is otherwise optional,
 * or undefined. On AWS the KMS key policies name the account's root and the Auto Scaling
 * service-linked role, so the account id is needed although `settings.aws` is not. A new
 * cloud fills its row.
 */
export const CLOUD_ACCOUNT_FIELD: Readonly<Record<Cloud, { readonly key: Cloud & keyof PlatformSettings; readonly path: string; readonly missing: (settings: Partial<PlatformSettings>) => boolean; readonly message: string } | undefined>> = {
  aws: {
    key: "aws",
    path: "aws.accountId",
    missing: (settings) => settings.aws?.accountId === undefined,
    message: "is required when a region runs on AWS (the KMS key policies name the account's root and the Auto Scaling service-linked role), got nothing",
  },
  gcp: undefined,
  azure: undefined,
};

/** The clouds of the regions whose `cloud` parsed (a field that failed parsing stays unset). */
function cloudsOf(regions: readonly { readonly region: Partial<Pick<RegionConfig, "cloud">> }[]): ReadonlySet<Cloud> {
  return new Set(regions.flatMap((r) => (r.region.cloud !== undefined ? [r.region.cloud] : [])));
}

/** Each {@link CLOUD_SETTINGS_BLOCK} a region's cloud or the DNS authority needs and the settings lack. */
export function checkCloudSettings(
  { value: settings, known }: Parsed<PlatformSettings>,
  settingsFile: string,
  regions: readonly { readonly region: Partial<Pick<RegionConfig, "cloud">> }[],
): ConfigError[] {
  const clouds = cloudsOf(regions);
  return CLOUD_IDS.flatMap((cloud) => {
    const block = CLOUD_SETTINGS_BLOCK[cloud];
    if (!block) return [];
    const needed = clouds.has(cloud) || (block.dnsAuthority !== undefined && settings.dns?.authority === block.dnsAuthority);
    return needed && known.has(block.key) && !settings[block.key] ? [{ file: settingsFile, path: block.key, message: block.message }] : [];
  });
}

/** Each {@link CLOUD_ACCOUNT_FIELD} a region's cloud needs and the settings lack (`aws.accountId` once any region runs on AWS). */
export function checkAccount(settings: Parsed<PlatformSettings>, settingsFile: string, regions: readonly ParsedRegion[]): ConfigError[] {
  const clouds = cloudsOf(regions);
  return CLOUD_IDS.flatMap((cloud) => {
    const field = CLOUD_ACCOUNT_FIELD[cloud];
    return field && clouds.has(cloud) && settings.known.has(field.key) && field.missing(settings.value)
      ? [{ file: settingsFile, path: field.path, message: field.message }]
      : [];
  });
}

/** Non-fatal findings synth prints: versions whose standard support ends within 60 days. */
export function versionWarnings(regions: readonly { readonly file: string; readonly region: Pick<RegionConfig, "cloud" | "cluster"> }[], today: Date): string[] {
  return regions.flatMap(({ file, region }) => {
    const status = supportStatus(region.cloud, region.cluster.kubernetesVersion, today);
    return status.kind === "ending"
      ? [`${file}: cluster.kubernetesVersion: standard support for ${cloudLabel(region.cloud)} ${region.cluster.kubernetesVersion} ends on ${status.endOfStandardSupport} (in ${status.daysLeft} days); plan the upgrade to ${supportedVersions(region.cloud, today).filter((v) => v > region.cluster.kubernetesVersion).join(" or ") || "a newer version"}`]
      : [];
  });
}
