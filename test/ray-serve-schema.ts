import * as fs from "fs";
import * as path from "path";
import { REFERENCE_DIR } from "./reference";

/**
 * Ray Serve's REST schema as Ray defines it: the pydantic models and enums of
 * `python/ray/serve/schema.py` and `python/ray/serve/_private/common.py`, vendored unchanged
 * in `reference/ray/` (provenance in reference/README.md). `GET /api/serve/applications/`
 * answers a `ServeInstanceDetails` (its docstring says so). Read with a small parser of
 * the class bodies, enough for these two files: top-level classes, their 4-space fields
 * `name: Type = ...`, and `NAME = "VALUE"` members of `(str, Enum)` classes.
 */

/** The vendored files, as the README lists them. */
export const RAY_SERVE_SCHEMA_FILES = ["ray/serve-schema-ray-master-f3b563a.py", "ray/serve-common-ray-master-f3b563a.py"] as const;

/** One pydantic field. */
export interface PyField {
  readonly type: string;
  /** pydantic v1 semantics (Ray's `pydantic_compat`): required when `Field(...)`, or neither Optional nor given a default. */
  readonly required: boolean;
}

/** The models (fields, with inherited ones) and enums (values) of the vendored files. */
export interface RaySchema {
  readonly models: ReadonlyMap<string, ReadonlyMap<string, PyField>>;
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /** Models declared `extra=Extra.forbid`: pydantic refuses keys they do not define (others ignore them). */
  readonly closed: ReadonlySet<string>;
}

/** Parses the vendored files. */
export function loadRaySchema(): RaySchema {
  const classes = new Map<string, { bases: string[]; body: string[] }>();
  const closed = new Set<string>();
  for (const file of RAY_SERVE_SCHEMA_FILES) {
    let current: { bases: string[]; body: string[] } | undefined;
    let inDocstring = false;
    for (const line of fs.readFileSync(path.join(REFERENCE_DIR, file), "utf8").split("\n")) {
      // Docstrings hold prose such as "NOTE: ...", which would read as a field.
      const quotes = line.split('"""').length - 1;
      if (inDocstring || quotes > 0) {
        if (quotes % 2 === 1) inDocstring = !inDocstring;
        continue;
      }
      const head = /^class (\w+)(?:\((.*)\))?:/.exec(line);
      if (head) {
        current = { bases: (head[2] ?? "").split(",").map((b) => b.trim()).filter((b) => /^\w+$/.test(b)), body: [] };
        classes.set(head[1], current);
        if (/extra=Extra\.forbid/.test(head[2] ?? "")) closed.add(head[1]);
      } else if (/^\S/.test(line) && !line.startsWith(")")) {
        current = undefined;
      } else if (current) {
        current.body.push(line);
      }
    }
  }
  const enums = new Map<string, string[]>();
  const own = new Map<string, Map<string, PyField>>();
  for (const [name, { bases, body }] of classes) {
    if (bases.includes("Enum")) {
      enums.set(name, body.flatMap((l) => /^ {4}[A-Z_0-9]+ = "([^"]*)"/.exec(l)?.[1] ?? []));
      continue;
    }
    const fields = new Map<string, PyField>();
    for (let i = 0; i < body.length; i++) {
      const m = /^ {4}(\w+): ([^=]+?)(?: = (.*))?$/.exec(body[i]);
      if (!m || m[1].startsWith("_")) continue;
      // The right-hand side up to its closing parenthesis (Field(...) spans lines).
      let rhs = m[3] ?? "";
      let depth = [...rhs].filter((c) => c === "(").length - [...rhs].filter((c) => c === ")").length;
      for (let j = i + 1; depth > 0 && j < body.length; j++) {
        rhs += ` ${body[j].trim()}`;
        depth += [...body[j]].filter((c) => c === "(").length - [...body[j]].filter((c) => c === ")").length;
      }
      const type = m[2].trim();
      const hasDefault = m[3] !== undefined && (!rhs.startsWith("Field(") || /\bdefault(_factory)?\s*=/.test(rhs) || /^Field\(\s*(?!\.\.\.|description\b|\w+\s*=)[^,)\s]/.test(rhs));
      // `Field(...)` is required even when Optional (it may be null, not absent).
      const explicit = /^Field\(\s*\.\.\./.test(rhs);
      fields.set(m[1], { type, required: explicit || (!type.startsWith("Optional[") && !hasDefault) });
    }
    own.set(name, fields);
  }
  const models = new Map<string, Map<string, PyField>>();
  const resolve = (name: string): Map<string, PyField> => {
    const found = models.get(name);
    if (found) return found;
    const inherited = classes.get(name)!.bases.filter((b) => own.has(b)).flatMap((b) => [...resolve(b)]);
    const all = new Map([...inherited, ...own.get(name)!]);
    models.set(name, all);
    return all;
  };
  for (const name of own.keys()) resolve(name);
  return { models, enums, closed };
}

/**
 * Problems of a JSON value against a model of the schema: unknown keys in a model declared
 * `extra=Extra.forbid`, missing required fields, enum values Ray does not
 * have; nested models, `Dict[str, X]`, `List[X]` and `Optional[X]` followed.
 */
export function schemaProblems(schema: RaySchema, model: string, value: unknown, at = model): string[] {
  const fields = schema.models.get(model);
  if (!fields) return [`${at}: no model ${model} in the schema`];
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${at}: not an object`];
  const obj = value as Record<string, unknown>;
  const out: string[] = [];
  if (schema.closed.has(model)) for (const key of Object.keys(obj)) if (!fields.has(key)) out.push(`${at}.${key}: not a field of ${model}`);
  for (const [key, f] of fields) {
    if (!(key in obj)) {
      if (f.required) out.push(`${at}.${key}: required by ${model}, missing`);
      continue;
    }
    out.push(...typeProblems(schema, f.type, obj[key], `${at}.${key}`));
  }
  return out;
}

function typeProblems(schema: RaySchema, type: string, value: unknown, at: string): string[] {
  const inner = (prefix: string) => type.slice(prefix.length, -1);
  if (type.startsWith("Optional[")) return value === null ? [] : typeProblems(schema, inner("Optional["), value, at);
  if (type.startsWith("Dict[str, ") && typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => typeProblems(schema, inner("Dict[str, "), v, `${at}.${k}`));
  }
  if (type.startsWith("List[") && Array.isArray(value)) return value.flatMap((v, i) => typeProblems(schema, inner("List["), v, `${at}[${i}]`));
  const values = schema.enums.get(type);
  if (values) return values.includes(value as string) ? [] : [`${at}: ${JSON.stringify(value)} is not a ${type} (${values.join(", ")})`];
  if (schema.models.has(type)) return schemaProblems(schema, type, value, at);
  return [];
}
