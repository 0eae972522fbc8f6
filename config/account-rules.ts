import { CLOUD_LABELS, type Cloud } from "../catalog/cloud";
import { EKS_ADDON_VERSIONS, supportStatus, supportedVersions, versionTable } from "../catalog/kubernetes-versions";
import { show, type ConfigError } from "./errors";
import { regionRule, type Parsed, type ParsedRegion } from "./rule";
import type { PlatformSettings, RegionConfig } from "./schema";

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

/** `aws.accountId` is required once any region runs on AWS: key policies name the account's root and service-linked roles. */
export function checkAccount(settings: Parsed<PlatformSettings>, settingsFile: string, regions: readonly ParsedRegion[]): ConfigError[] {
  if (!settings.known.has("aws") || !regions.some((r) => r.known.has("cloud") && r.region.cloud === "aws") || settings.value.aws?.accountId !== undefined) return [];
  return [{ file: settingsFile, path: "aws.accountId", message: "is required when a region runs on AWS (the KMS key policies name the account's root and the Auto Scaling service-linked role), got nothing" }];
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
