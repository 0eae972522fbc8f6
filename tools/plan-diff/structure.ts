import { parse as parseYaml } from "yaml";

/**
 * Embedded documents and keyed lists: what makes a diff show the changed lines of a
 * RayService `serveConfigV2`, a Helm values file or an IAM policy instead of two blobs,
 * and an added federation job instead of every later job renamed. Pure: no I/O.
 */

/**
 * Keys that identify an element of a list of objects, tried in order: Prometheus scrape
 * jobs (`job_name`), Route53 record sets (`set_identifier`), Ray Serve applications,
 * containers, Helm `set` entries and most Kubernetes lists (`name`), IAM statements (`Sid`).
 */
export const IDENTITY_KEYS = ["job_name", "set_identifier", "name", "Sid"] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Documents already read, by their text. A plan's before and after hold mostly the same
 * strings (every Helm release's values, for one), and YAML is slow to parse; a document is
 * only read here, never changed (expandEmbedded copies what it returns).
 */
const documents = new Map<string, unknown>();

/** The document inside a string: JSON (`{`/`[`) or a multi-line YAML mapping or list; undefined for a plain string. */
export function embeddedDocument(value: string): unknown {
  if (documents.has(value)) return documents.get(value);
  const doc = readDocument(value);
  documents.set(value, doc);
  return doc;
}

function readDocument(value: string): unknown {
  const s = value.trim();
  if (s.startsWith("{") || s.startsWith("[")) {
    try {
      const doc: unknown = JSON.parse(s);
      if (typeof doc === "object" && doc !== null) return doc;
    } catch {
      // not JSON (a Terraform interpolation, say): YAML may still read it below
    }
  }
  if (!s.includes("\n")) return undefined;
  try {
    const doc: unknown = parseYaml(s);
    return typeof doc === "object" && doc !== null ? doc : undefined;
  } catch {
    return undefined; // not YAML either: compared as the string it is
  }
}

/** The value with every embedded JSON or YAML document parsed, recursively (a document in a document too). */
export function expandEmbedded(value: unknown): unknown {
  if (typeof value === "string") {
    const doc = embeddedDocument(value);
    return doc === undefined ? value : expandEmbedded(doc);
  }
  if (Array.isArray(value)) return value.map(expandEmbedded);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEmbedded(v)]));
  return value;
}

/**
 * Pseudo key of Kubernetes objects in a list (a local chart's `manifests`): `kind/name`
 * from `kind` and `metadata.name`, so a renamed NodePool shows as one removed and one
 * added object, not as every field of the list position changed.
 */
export const OBJECT_KEY = "object";

/** The identity of a list element under `key` ({@link IDENTITY_KEYS} or {@link OBJECT_KEY}). */
export function identityValue(element: unknown, key: string): unknown {
  if (!isObject(element)) return undefined;
  if (key !== OBJECT_KEY) return element[key];
  const name = isObject(element.metadata) ? element.metadata.name : undefined;
  return typeof element.kind === "string" && typeof name === "string" ? `${element.kind}/${name}` : undefined;
}

/** The key that identifies every element of the list (present, scalar, unique), or undefined. */
export function identityKey(list: readonly unknown[]): string | undefined {
  if (list.length === 0 || !list.every(isObject)) return undefined;
  return [...IDENTITY_KEYS, OBJECT_KEY].find((k) => {
    const ids = list.map((e) => identityValue(e, k));
    return ids.every((id) => typeof id === "string" || typeof id === "number") && new Set(ids).size === ids.length;
  });
}

/** The path segment of a list element matched by identity: `[job_name="federate-eu-west-1"]`. */
export function identitySegment(key: string, id: unknown): string {
  return `[${key}=${JSON.stringify(String(id))}]`;
}

/** Matches an identity segment at the start of a path; group 1 is the rest of the path. */
export const IDENTITY_SEGMENT_RE = /^\[[A-Za-z_]+="(?:[^"\\]|\\.)*"\](.*)$/;
