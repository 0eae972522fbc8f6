import { show, type ConfigError } from "./errors";
import { awsPlatformTagCount, awsPlatformTagKeys, AZURE_PLATFORM_TAG_KEYS, gcpLabelOf, isAwsPlatformTagKey, PLATFORM_LABEL_KEYS } from "./names";
import type { Cloud } from "../catalog/cloud";
import type { DNS_AUTHORITIES, PlatformSettings } from "./schema";

/**
 * `tags` become AWS tags on every AWS resource, GCP labels on every GCP resource and Azure
 * tags on every Azure resource; each cloud refuses some at plan or apply. Checked here so
 * synth fails instead.
 *
 * AWS (Tagging AWS resources, "Tag restrictions"): at most 50 user tags per resource; key
 * 1-128 characters, value up to 256; letters, digits, spaces and `_ . : / = + - @`; the
 * `aws:` prefix, in any case, is reserved for AWS in keys and values, and tags with it do
 * not count against the 50 (the same restriction list in AWS's service guides, e.g. AWS
 * Batch "Tag restrictions" and the ECS `Tag` API reference, read 2026-12-01). The 50
 * counts every other tag on the resource, so the user's tags
 * share it with the platform's: the AWS provider sends `tags_all`, its `default_tags`
 * merged with the resource's `tags`, a key in both once with the resource's value
 * (terraform-provider-aws `internal/tags/key_value_tags.go`, `DefaultConfig.MergeTags`:
 * "overriding the value of any tag with a matching key"; test/config/aws-tags.integration.test.ts
 * plans it with the real provider 5.100.0). Hence the allowance is 50 less
 * the most keys the platform sets on one resource ({@link awsPlatformTagCount}: a private
 * subnet's, or a Karpenter node's), and a user key the platform sets on some resource is
 * refused: there the resource's value would silently replace the user's (or, for keys
 * Karpenter owns, its EC2NodeClass would be refused), so the tag would not be on every
 * resource as configured.
 * GCP (Resource Manager, "Requirements for labels"): at most 64 labels; keys 1-63
 * characters starting with a lowercase letter; keys and values only lowercase letters,
 * digits, `_` and `-`, at most 63. The platform lowercases and replaces other characters
 * (`gcpLabelOf`), so what is checked is the key after that, and that no two tags become
 * the same label.
 */
export const AWS_TAG_LIMITS = { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 } as const;
/** GCP label limits, per resource. */
export const GCP_LABEL_LIMITS = { maxLabels: 64, maxLength: 63 } as const;

/**
 * Azure tag limits, the strictest among the Azure resources the platform tags (it gives
 * every one the same tags, stacks/providers.ts `azureTags`):
 * - At most 15 tags: a Key Vault key takes 15 (Key Vault "Key types, algorithms, and
 *   operations", Key tags: "up to 15 tags, each of which can have a 256 character name
 *   and a 256 character value"); other resources take 50 (Azure Resource Manager "Use
 *   tags to organize your Azure resources", Limitations; azurerm v4.55.0 `tags.Validate`).
 *   The region key (constructs/azure/azure-region-key.ts) carries the user's tags.
 * - Names at most 128, values at most 256: the storage account's limits (the same docs
 *   page; azurerm v4.55.0 `validate.StorageAccountTags`), below the 512 and 256 of other
 *   resources. azurerm counts with Go's `len`, in UTF-8 bytes, so bytes are counted here.
 * - Names never hold `<`, `>`, `%`, `&`, `\`, `?` or `/` (same docs page).
 * - Names are case-insensitive for operations (same page, and AKS "Use Azure tags": of
 *   keys differing only in case AKS keeps the first in alphabetical order), so two tags,
 *   or a tag and the platform's own, must differ in more than case.
 * Sources, vendored in reference/: terraform-provider-azurerm v4.55.0 (commit
 * 37bf7f03b661b804a59fd62fd6f6e6b8ee4a69df) `vendor/github.com/hashicorp/go-azure-helpers/
 * resourcemanager/tags/validate.go` and `internal/services/storage/validate/
 * storage_account_tags.go`; MicrosoftDocs/azure-docs `articles/azure-resource-manager/
 * management/tag-resources.md` (ms.date 2025-02-06) and `articles/key-vault/keys/
 * about-keys-details.md` (ms.date 2020-10-22), read 2026-11-30. Not checked: reserved name
 * prefixes (`microsoft`, `azure`, `windows`), which neither the provider nor these pages
 * name; the DNS, Traffic Manager and Front Door rules of the same page, for resources the
 * platform does not create on Azure.
 */
export const AZURE_TAG_LIMITS = { maxTags: 15, maxKeyBytes: 128, maxValueBytes: 256 } as const;

/** Characters Azure refuses in tag names. */
export const AZURE_TAG_NAME_FORBIDDEN = ["<", ">", "%", "&", "\\", "?", "/"] as const;

const AWS_TAG_CHARS = /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u;
const AWS_RESERVED = /^aws:/i;

/** Which tag dialects the tags go to: AWS tags when a region or the DNS is on AWS, GCP labels and Azure tags likewise. */
export interface TagTargets {
  readonly aws: boolean;
  readonly gcp: boolean;
  readonly azure: boolean;
}

/**
 * Per cloud, the tag dialect its resources take, or undefined when the tags go to it
 * unchecked. A new cloud fills its row (and its limits in {@link checkTags}).
 */
export const CLOUD_TAG_TARGET: Readonly<Record<Cloud, keyof TagTargets | undefined>> = { aws: "aws", gcp: "gcp", azure: "azure" };

/** Per DNS authority, the tag dialect of the global stack's zone records and health checks. */
export const DNS_TAG_TARGET: Readonly<Record<(typeof DNS_AUTHORITIES)[number], keyof TagTargets>> = { route53: "aws", "cloud-dns": "gcp" };

/** The dialects the tags go to, from the regions' clouds and the DNS authority. */
export function tagTargets(clouds: readonly Cloud[], authority: (typeof DNS_AUTHORITIES)[number] | undefined): TagTargets {
  const targets = { aws: false, gcp: false, azure: false };
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
    const own = awsPlatformTagKeys();
    const added = awsPlatformTagCount();
    if (entries.length + added > AWS_TAG_LIMITS.maxTags) {
      errors.push({ file: settingsFile, path: "tags", message: `must hold at most ${AWS_TAG_LIMITS.maxTags - added} tags (AWS allows ${AWS_TAG_LIMITS.maxTags} per resource and the platform adds ${added} on some resources), got ${entries.length}` });
    }
    for (const [key, value] of entries) {
      if (AWS_RESERVED.test(key)) report(key, `key must not start with "aws:" in any case; AWS reserves that prefix for its own tags, got ${show(key)}`);
      else if (AWS_RESERVED.test(value)) report(key, `value must not start with "aws:" in any case; AWS reserves that prefix, got ${show(value)}`);
      const platform = own.find((k) => isAwsPlatformTagKey(key, k));
      if (platform !== undefined) report(key, `key is the platform's tag ${show(platform)} on some AWS resources, where the platform's value would replace this one; use another key, got ${show(key)}`);
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
  if (targets.azure) errors.push(...checkAzureTags(entries, settingsFile));
  return errors;
}

const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** What Azure, or azurerm before it, would refuse among the tags (see {@link AZURE_TAG_LIMITS}). */
function checkAzureTags(entries: readonly [string, string][], settingsFile: string): ConfigError[] {
  const errors: ConfigError[] = [];
  const report = (key: string, message: string) => errors.push({ file: settingsFile, path: `tags[${JSON.stringify(key)}]`, message });
  const every: readonly string[] = AZURE_PLATFORM_TAG_KEYS.everyResource;
  const own: readonly string[] = [...every, ...AZURE_PLATFORM_TAG_KEYS.publicIp];
  if (entries.length + every.length > AZURE_TAG_LIMITS.maxTags) {
    errors.push({ file: settingsFile, path: "tags", message: `must hold at most ${AZURE_TAG_LIMITS.maxTags - every.length} tags on Azure (a Key Vault key takes ${AZURE_TAG_LIMITS.maxTags} tags and the platform adds ${every.length}), got ${entries.length}` });
  }
  const seen = new Map<string, string>();
  for (const [key, value] of entries) {
    if (AZURE_TAG_NAME_FORBIDDEN.some((c) => key.includes(c))) report(key, `key must not contain any of ${AZURE_TAG_NAME_FORBIDDEN.join(" ")} (Azure refuses them in tag names), got ${show(key)}`);
    if (key.length < 1 || utf8Bytes(key) > AZURE_TAG_LIMITS.maxKeyBytes) report(key, `key must have 1 to ${AZURE_TAG_LIMITS.maxKeyBytes} bytes in UTF-8 (the Azure storage account's limit), got ${utf8Bytes(key)}`);
    if (utf8Bytes(value) > AZURE_TAG_LIMITS.maxValueBytes) report(key, `value must have at most ${AZURE_TAG_LIMITS.maxValueBytes} bytes in UTF-8 for Azure, got ${utf8Bytes(value)}`);
    const folded = key.toLowerCase();
    const platform = own.find((k) => k === folded);
    if (platform !== undefined) report(key, `key is the tag ${show(platform)}, which the platform sets on Azure resources (${own.join(", ")}); Azure tag names ignore case, got ${show(key)}`);
    const other = seen.get(folded);
    if (other !== undefined) report(key, `key differs from tag ${show(other)} only in case, and Azure tag names ignore case, got ${show(key)}`);
    else seen.set(folded, key);
  }
  return errors;
}
