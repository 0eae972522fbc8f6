import * as fs from "fs";
import * as path from "path";
import { AZURE_PLATFORM_TAG_KEYS } from "../../config/names";
import { AZURE_TAG_LIMITS, AZURE_TAG_NAME_FORBIDDEN } from "../../config/tag-rules";
import { BASES } from "../policies/azure-fixture";
import { fixtureConfig } from "../helpers";
import { REFERENCE_DIR } from "../reference";
import { tagMapsOf } from "./tag-maps";

/**
 * The Azure tag rules against their sources: the azurerm provider's tag validators
 * (v4.55.0, the version @cdktf/provider-azurerm binds), Microsoft's tag and Key Vault
 * pages (reference/README.md), and what the Azure stacks really tag.
 */

const read = (file: string): string => fs.readFileSync(path.join(REFERENCE_DIR, file), "utf8");
const bound = (JSON.parse(fs.readFileSync(require.resolve("@cdktf/provider-azurerm/package.json"), "utf8")) as { cdktf: { provider: { version: string } } }).cdktf.provider.version;

/** The limits a Go tag validator enforces: its `len(...) > N` checks on the map, a key and a value. */
function goLimits(source: string, fn: string): { maxTags: number; maxKey: number; maxValue: number } {
  const body = source.slice(source.indexOf(`func ${fn}(`));
  const num = (re: RegExp): number => Number(re.exec(body)?.[1]);
  return { maxTags: num(/len\(tagsMap\) > (\d+)/), maxKey: num(/len\(k\) > (\d+)/), maxValue: num(/len\(value\) > (\d+)/) };
}

const helpers = read(`terraform-provider-azurerm/tags-validate-${bound}.go`);
const storage = read(`terraform-provider-azurerm/storage-account-tags-${bound}.go`);
const docs = read("azure-docs/tag-resources-2025-02-06.excerpt.md");
const keyVault = read("azure-docs/key-vault-about-keys-details-2020-10-22.excerpt.md");

/**
 * The tag limits of each Azure resource type the platform tags. The provider's validator
 * per type was read in terraform-provider-azurerm v4.55.0: `commonschema.Tags()` (that is
 * `tags.Validate`) for every type here but the storage account (`validate.StorageAccountTags`,
 * storage_account_resource.go) and the AKS pools (`commonschema.Tags()` too,
 * kubernetes_nodepool.go); the Key Vault key's service limit comes from Key Vault's page.
 * A type not here fails the test below until its limits are looked up.
 */
function limitsOf(type: string): { maxTags: number; maxKey: number; maxValue: number } | undefined {
  const general = goLimits(helpers, "Validate");
  const kv = /up to (\d+) tags, each of which can have a (\d+) character name and a (\d+) character value/.exec(keyVault);
  if (type === "azurerm_storage_account") return goLimits(storage, "StorageAccountTags");
  if (type === "azurerm_key_vault_key" && kv) return { maxTags: Math.min(general.maxTags, Number(kv[1])), maxKey: Math.min(general.maxKey, Number(kv[2])), maxValue: Math.min(general.maxValue, Number(kv[3])) };
  const plain = ["azurerm_resource_group", "azurerm_key_vault", "azurerm_virtual_network", "azurerm_public_ip", "azurerm_nat_gateway", "azurerm_disk_encryption_set", "azurerm_user_assigned_identity", "azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"];
  return plain.includes(type) ? general : undefined;
}

describe("Azure tag limits come from the provider and Microsoft's pages", () => {
  test("@cdktf/provider-azurerm binds the azurerm version whose validators are vendored", () => {
    expect(bound).toBe("4.55.0");
    expect(helpers).toContain("func Validate(v interface{}, _ string)");
  });

  test("names: the storage account's 128, the strictest the provider has; values: 256 everywhere", () => {
    const general = goLimits(helpers, "Validate");
    const account = goLimits(storage, "StorageAccountTags");
    expect(general).toEqual({ maxTags: 50, maxKey: 512, maxValue: 256 });
    expect(account).toEqual({ maxTags: 50, maxKey: 128, maxValue: 256 });
    expect(AZURE_TAG_LIMITS.maxKeyBytes).toBe(Math.min(general.maxKey, account.maxKey));
    expect(AZURE_TAG_LIMITS.maxValueBytes).toBe(Math.min(general.maxValue, account.maxValue));
    // Microsoft's page gives the same numbers.
    expect(docs).toContain("maximum of 50 tag name-value pairs");
    expect(docs).toContain("For storage accounts, the tag name has a limit of 128 characters and the tag value has a limit of 256 characters.");
  });

  test("count: the 15 a Key Vault key takes", () => {
    expect(keyVault).toMatch(/Key Vault supports up to 15 tags/);
    expect(AZURE_TAG_LIMITS.maxTags).toBe(limitsOf("azurerm_key_vault_key")!.maxTags);
  });

  test("the characters refused in names are the page's list", () => {
    const line = /Tag names can't contain these characters: (.*)$/m.exec(docs)![1];
    const listed = [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    expect([...AZURE_TAG_NAME_FORBIDDEN].sort()).toEqual(listed.sort());
  });

  test("the page says names ignore case, which the case rules rely on", () => {
    expect(read("azure-docs/tag-resources-2025-02-06.case.excerpt.md")).toContain("Tag names are case-insensitive for operations.");
  });
});

describe("the Azure stacks tag within what the rules allow", () => {
  const userKeys = Object.keys(fixtureConfig("azure").settings.tags);
  const own: readonly string[] = [...AZURE_PLATFORM_TAG_KEYS.everyResource, ...AZURE_PLATFORM_TAG_KEYS.publicIp];
  const maps = Object.values(BASES).flatMap((stack) => tagMapsOf(stack, "azurerm_"));

  test("every Azure resource type the stacks tag has known limits", () => {
    expect(maps.length).toBeGreaterThan(10);
    expect([...new Set(maps.map((m) => m.type))].filter((t) => limitsOf(t) === undefined)).toEqual([]);
  });

  test("the platform adds only its known keys, and the every-resource ones everywhere", () => {
    for (const m of maps) {
      const added = Object.keys(m.tags).filter((k) => !userKeys.includes(k));
      expect({ where: m.where, unknown: added.filter((k) => !own.includes(k)) }).toEqual({ where: m.where, unknown: [] });
      expect({ where: m.where, keys: Object.keys(m.tags) }).toEqual({ where: m.where, keys: expect.arrayContaining([...AZURE_PLATFORM_TAG_KEYS.everyResource]) });
    }
  });

  test("the most tags the rules admit, with the platform's own, fit every resource; so do the longest names", () => {
    const admitted = AZURE_TAG_LIMITS.maxTags - AZURE_PLATFORM_TAG_KEYS.everyResource.length;
    for (const m of maps) {
      const limits = limitsOf(m.type)!;
      const added = Object.keys(m.tags).filter((k) => !userKeys.includes(k)).length;
      expect({ where: m.where, tags: admitted + added <= limits.maxTags, names: AZURE_TAG_LIMITS.maxKeyBytes <= limits.maxKey, values: AZURE_TAG_LIMITS.maxValueBytes <= limits.maxValue }).toEqual({ where: m.where, tags: true, names: true, values: true });
    }
  });

  test("the limits are no stricter than the strictest resource needs", () => {
    const types = [...new Set(maps.map((m) => m.type))].map((t) => limitsOf(t)!);
    expect(AZURE_TAG_LIMITS.maxKeyBytes).toBe(Math.min(...types.map((l) => l.maxKey)));
    expect(AZURE_TAG_LIMITS.maxValueBytes).toBe(Math.min(...types.map((l) => l.maxValue)));
    const keyTags = maps.filter((m) => m.type === "azurerm_key_vault_key");
    expect(keyTags.length).toBeGreaterThan(0);
    expect(AZURE_TAG_LIMITS.maxTags).toBe(Math.min(...types.map((l) => l.maxTags)));
  });
});
