import { show, type ConfigError } from "./errors";
import { gcpLabelOf, PLATFORM_LABEL_KEYS, PLATFORM_TAG_KEYS } from "./names";
import type { Cloud } from "../catalog/cloud";
import type { DNS_AUTHORITIES, PlatformSettings } from "./schema";

/**
 * `tags` become AWS tags on every AWS resource and GCP labels on every GCP resource; both
 * clouds refuse some keys at apply. Checked here so synth fails instead.
 *
 * AWS (Tagging AWS resources, "Tag restrictions"): at most 50 user tags per resource; key
 * 1-128 characters, value up to 256; letters, digits, spaces and `_ . : / = + - @`; the
 * `aws:` prefix, in any case, is reserved for AWS in keys and values.
 * GCP (Resource Manager, "Requirements for labels"): at most 64 labels; keys 1-63
 * characters starting with a lowercase letter; keys and values only lowercase letters,
 * digits, `_` and `-`, at most 63. The platform lowercases and replaces other characters
 * (`gcpLabelOf`), so what is checked is the key after that, and that no two tags become
 * the same label.
 */
export const AWS_TAG_LIMITS = { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 } as const;
/** GCP label limits, per resource. */
export const GCP_LABEL_LIMITS = { maxLabels: 64, maxLength: 63 } as const;

const AWS_TAG_CHARS = /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u;
const AWS_RESERVED = /^aws:/i;

/** Which tag dialects the tags go to: AWS tags when a region or the DNS is on AWS, GCP labels likewise. */
export interface TagTargets {
  readonly aws: boolean;
  readonly gcp: boolean;
}

/**
 * Per cloud, the tag dialect its resources take, or undefined when the tags go to it
 * unchecked. A new cloud fills its row (and its limits in {@link checkTags}). Azure: not
 * checked yet, although the Azure stacks tag every resource.
 */
export const CLOUD_TAG_TARGET: Readonly<Record<Cloud, keyof TagTargets | undefined>> = { aws: "aws", gcp: "gcp", azure: undefined };

/** Per DNS authority, the tag dialect of the global stack's zone records and health checks. */
export const DNS_TAG_TARGET: Readonly<Record<(typeof DNS_AUTHORITIES)[number], keyof TagTargets>> = { route53: "aws", "cloud-dns": "gcp" };

/** The dialects the tags go to, from the regions' clouds and the DNS authority. */
export function tagTargets(clouds: readonly Cloud[], authority: (typeof DNS_AUTHORITIES)[number] | undefined): TagTargets {
  const targets = { aws: false, gcp: false };
  for (const dialect of [...clouds.map((c) => CLOUD_TAG_TARGET[c]), authority === undefined ? undefined : DNS_TAG_TARGET[authority]]) {
    if (dialect) targets[dialect] = true;
  }
  return targets;
}

/** Every tag the clouds in use would refuse or silently change. */
export function checkTags(tags: PlatformSettings["tags"], settingsFile: string, targets: TagTargets): ConfigError[] {
  const errors: ConfigError[] = [];
  const report = (key: string, message: string) => errors.push({ file: settingsFile, path: `tags[${JSON.stringify(key)}]`, message });
  const entries = Object.entries(tags);
  if (targets.aws) {
    const own = Object.values(PLATFORM_TAG_KEYS) as string[];
    if (entries.length + own.length > AWS_TAG_LIMITS.maxTags) {
      errors.push({ file: settingsFile, path: "tags", message: `must hold at most ${AWS_TAG_LIMITS.maxTags - own.length} tags (AWS allows ${AWS_TAG_LIMITS.maxTags} per resource and the platform adds ${own.length}), got ${entries.length}` });
    }
    for (const [key, value] of entries) {
      if (AWS_RESERVED.test(key)) report(key, `key must not start with "aws:" in any case; AWS reserves that prefix for its own tags, got ${show(key)}`);
      else if (AWS_RESERVED.test(value)) report(key, `value must not start with "aws:" in any case; AWS reserves that prefix, got ${show(value)}`);
      if (own.includes(key)) report(key, `key is set by the platform on every resource (${own.join(", ")}), got ${show(key)}`);
      if (key.length < 1 || key.length > AWS_TAG_LIMITS.maxKeyLength) report(key, `key must have 1 to ${AWS_TAG_LIMITS.maxKeyLength} characters for AWS, got ${key.length}`);
      if (value.length > AWS_TAG_LIMITS.maxValueLength) report(key, `value must have at most ${AWS_TAG_LIMITS.maxValueLength} characters for AWS, got ${value.length}`);
      if (!AWS_TAG_CHARS.test(key) || !AWS_TAG_CHARS.test(value)) {
        report(key, `must use only letters, digits, spaces and _ . : / = + - @ (AWS tag characters), got ${show(`${key}=${value}`)}`);
      }
    }
  }
  if (targets.gcp) {
    const own = Object.values(PLATFORM_LABEL_KEYS) as string[];
    if (entries.length + own.length > GCP_LABEL_LIMITS.maxLabels) {
      errors.push({ file: settingsFile, path: "tags", message: `must hold at most ${GCP_LABEL_LIMITS.maxLabels - own.length} tags (GCP allows ${GCP_LABEL_LIMITS.maxLabels} labels per resource and the platform adds ${own.length}), got ${entries.length}` });
    }
    const seen = new Map<string, string>();
    for (const [key, value] of entries) {
      const label = gcpLabelOf(key);
      if (!/^[a-z]/.test(label)) report(key, `key must start with a letter to be a GCP label key (labels are lowercase a-z, 0-9, _ and -), got ${show(key)}`);
      if (key.length > GCP_LABEL_LIMITS.maxLength) report(key, `key must have at most ${GCP_LABEL_LIMITS.maxLength} characters to be a GCP label key, got ${key.length}`);
      if (value.length > GCP_LABEL_LIMITS.maxLength) report(key, `value must have at most ${GCP_LABEL_LIMITS.maxLength} characters to be a GCP label value, got ${value.length}`);
      if (own.includes(label)) report(key, `key becomes the GCP label ${show(label)}, which the platform sets on every resource, got ${show(key)}`);
      const other = seen.get(label);
      if (other !== undefined) report(key, `key becomes the GCP label ${show(label)}, as tag ${show(other)} does; labels are lowercase with other characters replaced by "-", got ${show(key)}`);
      else seen.set(label, key);
    }
  }
  return errors;
}
