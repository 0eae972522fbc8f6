import type { z } from "zod";

/** One problem in the input: where it is, what was received, and what is allowed. */
export interface ConfigError {
  /** The file as the user knows it: `regions/eu-west-1.ts`. */
  readonly file: string;
  /** The field path, `gpuPools[0].maxNodes`; empty for the file as a whole. */
  readonly path: string;
  /** What is allowed, ending with what was received. */
  readonly message: string;
}

/** The one-line form: `regions/eu-west-1.ts: gpuPools[0].maxNodes: must be >= minNodes (2), got 1`. */
export function formatConfigError(e: ConfigError): string {
  return e.path ? `${e.file}: ${e.path}: ${e.message}` : `${e.file}: ${e.message}`;
}

/** Thrown (once, with every problem) when the input is invalid. */
export class ConfigValidationError extends Error {
  constructor(readonly errors: readonly ConfigError[]) {
    super(`invalid platform configuration (${errors.length} problem${errors.length === 1 ? "" : "s"}):\n` +
      errors.map((e) => `  ${formatConfigError(e)}`).join("\n"));
    this.name = "ConfigValidationError";
  }
}

/** `["gpuPools", 0, "maxNodes"]` -> `gpuPools[0].maxNodes`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

/**
 * A value as messages show it: strings quoted, objects as JSON, missing as `nothing`.
 * Non-finite numbers print as themselves (`NaN`, `Infinity`), where JSON would say `null`.
 */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "function") return "a function";
  const text = literal(value, new Set());
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

// JSON-like, except that NaN, Infinity, bigint and cycles print as what they are.
function literal(value: unknown, seen: Set<unknown>): string {
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return String(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  const text = Array.isArray(value)
    ? `[${value.map((v) => literal(v, seen)).join(",")}]`
    : `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${literal(v, seen)}`).join(",")}}`;
  seen.delete(value);
  return text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

/** Turns zod issues into messages that say what is allowed and what was received. */
export function fromZodIssues(
  file: string,
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
): ConfigError[] {
  return issues.map((issue) => {
    const value = valueAt(input, issue.path);
    const got = `got ${show(value)}`;
    let message: string;
    switch (issue.code) {
      case "invalid_type":
        message = value === undefined
          ? `is required (${issue.expected})`
          : typeof value === "number" && !Number.isFinite(value)
            ? `must be a finite number, ${got}`
            : typeof value === "number" && issue.expected === "int"
              ? `must be a whole number, ${got}`
              : `must be ${issue.expected}, got ${typeName(value)} ${show(value)}`;
        break;
      case "invalid_value":
        message = `must be one of ${issue.values.map((v) => String(v)).join(", ")}, ${got}`;
        break;
      case "too_small":
        message = issue.origin === "array"
          ? `must have at least ${issue.minimum} item(s), got ${(value as unknown[]).length}`
          : issue.origin === "string"
            ? `must have at least ${issue.minimum} character(s), ${got}`
            : `must be ${issue.inclusive ? ">=" : ">"} ${issue.minimum}, ${got}`;
        break;
      case "too_big":
        message = issue.origin === "array"
          ? `must have at most ${issue.maximum} item(s), got ${(value as unknown[]).length}`
          : issue.origin === "string"
            ? `must be at most ${issue.maximum} characters, got ${show(value)} (${String(value).length})`
            : `must be ${issue.inclusive ? "<=" : "<"} ${issue.maximum}, ${got}`;
        break;
      case "unrecognized_keys":
        return {
          file,
          path: formatPath(issue.path),
          message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}; allowed: ${allowedKeys(schema, issue.path)}`,
        };
      case "invalid_union": {
        // A union of literals (`10 | 30`): list the values rather than "not an allowed form".
        const values = issue.errors.every((branch) => branch.length === 1 && branch[0].code === "invalid_value")
          ? issue.errors.flatMap((branch) => (branch[0] as z.core.$ZodIssueInvalidValue).values)
          : undefined;
        message = values ? `must be one of ${values.map((v) => String(v)).join(", ")}, ${got}` : `is not one of the allowed forms, ${got}`;
        break;
      }
      default:
        message = `${issue.message}, ${got}`;
    }
    return { file, path: formatPath(issue.path), message };
  });
}

/** The field names the schema allows at `path`, for "unknown field" messages. */
function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string {
  let node = unwrap(schema);
  for (const key of path) {
    const def = node._zod.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType };
    if (def.type === "object" && def.shape && typeof key === "string") node = unwrap(def.shape[key]);
    else if (def.type === "array" && def.element) node = unwrap(def.element);
    else return "see config/schema.ts";
  }
  const def = node._zod.def as { type: string; shape?: Record<string, unknown> };
  return def.type === "object" && def.shape ? Object.keys(def.shape).join(", ") : "see config/schema.ts";
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  for (;;) {
    const def = node._zod.def as { type: string; innerType?: z.ZodType };
    if ((def.type === "default" || def.type === "optional" || def.type === "prefault") && def.innerType) node = def.innerType;
    else return node;
  }
}
