import * as fs from "fs";
import * as path from "path";
import * as crypto from "crypto";
import Ajv, { type ValidateFunction } from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { leafPaths, type HelmValues } from "../constructs/gpu-operator";
import { writeAtomically } from "../tools/ts-run";
import { ROOT } from "./helpers";
import { workerMemo } from "./worker-memo";

/**
 * Checks against the real components: upstream CRD schemas, chart default values and
 * metric names, vendored unchanged into `reference/` (provenance in reference/README.md).
 */

/** The project's folder of vendored upstream data, `reference/` at the repository root. */
export const REFERENCE_DIR = path.join(ROOT, "reference");

const AJV_VERSION = (JSON.parse(fs.readFileSync(require.resolve("ajv/package.json"), "utf8")) as { version: string }).version;
/** The module name under which a compiled validator requires {@link goRegExp}. */
const GO_REGEXP_MODULE = "llmp-test:go-regexp";

/** A chart's default values from `chart-values/<file>`. */
export function chartDefaults(file: string): HelmValues {
  return parseYaml(fs.readFileSync(path.join(REFERENCE_DIR, "chart-values", file), "utf8")) as HelmValues;
}

function isMap(v: unknown): v is HelmValues {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Key paths set in `values` that the chart's defaults do not have, so Helm would
 * silently ignore them. A path is known when every segment exists in the defaults, or
 * when it reaches a free-form map (`{}` or null in the defaults, such as `labels: {}`).
 * `allowlist` holds dotted prefixes the chart accepts without listing them.
 */
export function unknownValuePaths(values: HelmValues, defaults: HelmValues, allowlist: readonly string[] = []): string[] {
  const unknown: string[] = [];
  for (const [p] of leafPaths(values)) {
    const dotted = p.join(".");
    if (allowlist.some((a) => dotted === a || dotted.startsWith(`${a}.`))) continue;
    let node: unknown = defaults;
    for (const key of p) {
      if (node === null || (isMap(node) && Object.keys(node).length === 0)) break; // free-form map
      if (!isMap(node) || !(key in node)) {
        unknown.push(dotted);
        break;
      }
      node = node[key];
    }
  }
  return unknown;
}

/**
 * CRD patterns are Go (RE2) regular expressions; the Prometheus Operator's use the inline
 * flag `(?i)` (as in `^(?i)(abort|warn)?$`), which JavaScript lacks: it becomes the `i`
 * flag for the whole pattern (they only put it before the part that matters).
 */
const goRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => (pattern.includes("(?i)") ? new RegExp(pattern.replaceAll("(?i)", ""), `${flags}i`) : new RegExp(pattern, flags)),
  // How ajv's standalone code gets it back (loadValidator answers this require).
  { code: `require(${JSON.stringify(GO_REGEXP_MODULE)})` },
);

/**
 * The schema with unknown fields forbidden wherever the CRD lists the fields of an object
 * (and does not say `x-kubernetes-preserve-unknown-fields`): the API server would prune a
 * misspelt field silently, or reject it under strict field validation; here it fails.
 */
export function forbidUnknownFields(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forbidUnknownFields);
  if (!isMap(schema)) return schema;
  const out: HelmValues = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === "properties" && isMap(v)
    ? Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, forbidUnknownFields(sub)]))
    : forbidUnknownFields(v)]));
  if (isMap(out.properties) && out.additionalProperties === undefined && out["x-kubernetes-preserve-unknown-fields"] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/** Ajv's options for CRD schemas; part of the cache key of compiled validators. */
const AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: false } as const;

/** Compiled CRD validators, kept between runs (see {@link crdValidator}). */
const VALIDATOR_CACHE = path.join(ROOT, "node_modules", ".cache", "llmp-test", "crd-validators");

/**
 * A validator for the served version of a CRD in `crds/<file>`, rejecting unknown fields.
 *
 * The largest CRDs (RayService holds three pod templates) take seconds to parse and
 * compile, so the validator is compiled once per test worker, and its code (ajv's
 * standalone output, the same code ajv runs when it compiles in memory) is kept under
 * node_modules/.cache for the next run. The cache key covers the CRD's text, the version,
 * ajv's version and options, and this module's source (which turns the CRD into the schema).
 */
export function crdValidator(file: string, version: string): ValidateFunction {
  return workerMemo(`crdValidator:${file}:${version}`, () => {
    const text = fs.readFileSync(path.join(REFERENCE_DIR, "crds", file), "utf8");
    const key = crypto.createHash("sha256")
      .update(JSON.stringify([AJV_VERSION, AJV_OPTIONS, file, version]))
      .update(fs.readFileSync(__filename))
      .update(text)
      .digest("hex");
    const cached = path.join(VALIDATOR_CACHE, `${key}.js`);
    let code: string;
    try {
      code = fs.readFileSync(cached, "utf8");
    } catch {
      code = standaloneValidator(text, file, version);
      writeAtomically(cached, code);
    }
    return loadValidator(code);
  });
}

/** ajv's standalone module for the CRD's `version` schema, unknown fields forbidden. */
function standaloneValidator(text: string, file: string, version: string): string {
  const crd = parseAllDocuments(text)
    .map((d) => d.toJS() as { kind?: string; spec?: { versions: { name: string; schema: { openAPIV3Schema: object } }[] } })
    .find((d) => d?.kind === "CustomResourceDefinition");
  const v = crd?.spec?.versions.find((x) => x.name === version);
  if (!v) throw new Error(`${file} has no version ${version}`);
  // Kubernetes' structural schemas use x-kubernetes-* keywords and formats (int32, int64)
  // that are not JSON-schema; ajv ignores them rather than rejecting the schema.
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, regExp: goRegExp } });
  return standaloneCode(ajv, ajv.compile(forbidUnknownFields(v.schema.openAPIV3Schema) as object));
}

/** Runs a standalone validator module; its `require`s are ajv's runtime helpers and {@link goRegExp}. */
function loadValidator(code: string): ValidateFunction {
  const module = { exports: {} as { default?: ValidateFunction } };
  const load = (id: string): unknown => (id === GO_REGEXP_MODULE ? goRegExp : require(id)); // eslint-disable-line @typescript-eslint/no-require-imports
  new Function("require", "module", "exports", code)(load, module, module.exports);
  const validate = module.exports.default ?? (module.exports as unknown as ValidateFunction);
  if (typeof validate !== "function") throw new Error("a cached CRD validator exports no function");
  return validate;
}

/** Ajv errors as one readable line each. */
export function schemaErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}
