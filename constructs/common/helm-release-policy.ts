import { stringify } from "yaml";

/** Chart values: a YAML mapping, as every add-on builds it for `helm_release.values`. */
export type HelmValues = { [key: string]: unknown };

/**
 * Settings every `helm_release` of the platform carries: a failed install or upgrade
 * rolls back (`atomic`) and removes what it created (`cleanupOnFail`), Helm keeps a
 * bounded history to roll back to, and the wait has an explicit limit instead of the
 * provider default. Charts are always pinned by `version` at the call site.
 */
export const RELEASE_POLICY = {
  atomic: true,
  cleanupOnFail: true,
  maxHistory: 10,
  /** Seconds; GPU operands pull multi-GB images on fresh nodes. */
  timeout: 900,
} as const;

/**
 * Chart values as YAML for `helm_release.values`: no anchors or aliases (a reviewer reads
 * every value where it applies), literal blocks for multi-line strings such as Ray's
 * serve config, and no line folding. Written as YAML 1.1 because Helm reads values with
 * a YAML 1.1 parser, where a plain `yes`, `no`, `on` or `off` is a boolean: the label
 * value "yes" must reach Kubernetes as the string "yes".
 */
export function helmValuesYaml(values: unknown): string {
  return stringify(values, { aliasDuplicateObjects: false, blockQuote: "literal", lineWidth: 0, version: "1.1" });
}
