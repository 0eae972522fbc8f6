import { Lazy, Token, type IResolveContext } from "cdktf";
import { parse, stringify } from "yaml";

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
  const text = toYaml(values);
  const data = frozenJsonCopy(values);
  if (data === NOT_JSON) return text;
  if (!Token.isUnresolved(text)) {
    remember(text, data);
    return text;
  }
  // A Terraform reference in the values: the text synth writes is known once the references
  // resolve. It is kept for readHelmValues only if it is what the writer makes of the resolved data.
  return Lazy.stringValue({
    produce: (context: IResolveContext) => {
      const resolved = context.resolve(text) as string;
      const resolvedData = frozenJsonCopy(context.resolve(data));
      if (resolvedData !== NOT_JSON && toYaml(resolvedData) === resolved) remember(resolved, resolvedData);
      return resolved;
    },
  });
}

function toYaml(values: unknown): string {
  return stringify(values, { aliasDuplicateObjects: false, blockQuote: "literal", lineWidth: 0, version: "1.1" });
}

/**
 * Helm values text (a `helm_release.values` entry) as Helm reads it: YAML 1.1. Throws on text
 * that is not YAML.
 *
 * A text that {@link helmValuesYaml} wrote from plain JSON data in this process is not parsed
 * again: it reads back as that data, which {@link helmValuesYaml} kept, frozen. With a Terraform
 * reference in it, the text is the one synth resolved, kept only when writing the resolved data
 * gives that very text. test/constructs/common/helm-values-read.test.ts holds every values text
 * of the synthesized topologies, and strings YAML 1.1 would read as something else, to the
 * parser. Parsing the ~20 values texts of a synth with the `yaml` package cost about a tenth of
 * `npm run synth`. Any other text is parsed.
 */
export function readHelmValues(text: string): unknown {
  return WRITTEN.has(text) ? WRITTEN.get(text) : parse(text, { version: "1.1" });
}

/** What {@link helmValuesYaml} wrote lately, text to data; bounded, so a long test run cannot grow it without end. */
const WRITTEN = new Map<string, unknown>();
const WRITTEN_MAX = 2048;

function remember(text: string, data: unknown): void {
  WRITTEN.delete(text);
  WRITTEN.set(text, data);
  if (WRITTEN.size > WRITTEN_MAX) WRITTEN.delete(WRITTEN.keys().next().value as string);
}

const NOT_JSON = Symbol("not JSON data");

/**
 * A frozen copy of data whose YAML 1.1 text reads back as that copy, as JSON would copy it:
 * null, booleans, finite numbers (-0 as 0), strings, arrays and plain objects (of any realm:
 * jest gives each test file its own) of these, an object member that is undefined left out
 * (YAML leaves it out too). {@link NOT_JSON} for anything else, and for a `<<` key (a merge
 * key in YAML 1.1) or undefined in an array.
 */
function frozenJsonCopy(v: unknown): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v + 0 : NOT_JSON;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const c = frozenJsonCopy(x);
      if (c === NOT_JSON) return NOT_JSON;
      out.push(c);
    }
    return Object.freeze(out);
  }
  if (typeof v !== "object") return NOT_JSON;
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return NOT_JSON;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "<<") return NOT_JSON;
    if (x === undefined) continue;
    const c = frozenJsonCopy(x);
    if (c === NOT_JSON) return NOT_JSON;
    out[k] = c;
  }
  return Object.freeze(out);
}
