import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/**
 * Metric names against the real exporters: every name a synthesized recording rule,
 * alert, dashboard query or federation `match[]` selector references must be exported by
 * a pinned component (the vendored lists in `reference/metrics/`) or recorded by one of
 * the platform's own rules. A name that is neither makes a rule or panel silently empty.
 */

/**
 * Section headers of the reference lists whose names are not there with the platform's
 * settings (reference/metrics/README.md, "How a test should use these files").
 */
const NOT_DEFAULT_SECTION = /unverified|absent|not enabled|not exported|disabled by default|needs non-default|opt-in|label-only|not metrics/i;

/** Series Prometheus makes itself: per scrape target, and for alerting rules. */
export const PROMETHEUS_SYNTHETIC_SERIES: readonly string[] = [
  "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added",
  "ALERTS", "ALERTS_FOR_STATE",
];

/** A reference list file's exported names, with the sections that are not exported by default left out. */
export function exportedNames(text: string): string[] {
  const names: string[] = [];
  let counts = true;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("# ==")) counts = !NOT_DEFAULT_SECTION.test(line);
    else if (line && !line.startsWith("#") && counts) names.push(line.split(/\s+/)[0]);
  }
  return names;
}

/** Every exported name of every `*.txt` list in a reference metrics folder. */
export function referenceMetricNames(dir: string): Set<string> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".txt")).sort();
  if (files.length === 0) throw new Error(`no metric lists (*.txt) in ${dir}`);
  return new Set(files.flatMap((f) => exportedNames(fs.readFileSync(path.join(dir, f), "utf8"))));
}

/** A metric name a PromQL expression references: a bare name, or a `__name__` matcher. */
export type NameRef = { readonly kind: "name"; readonly name: string } | { readonly kind: "regex"; readonly pattern: string };

const KEYWORDS = new Set(["and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "inf", "nan", "atan2"]);
// Aggregations may put `by (...)` between their name and their argument.
const AGGREGATIONS = new Set(["sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio"]);
const LABEL_LIST_KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);

/**
 * Metric names in a PromQL expression. A small tokenizer, not a full parser: strings,
 * label matchers (except `__name__`), ranges, label lists of `by`/`on`/... and function
 * names are skipped; every other identifier is a metric name.
 */
export function metricNamesIn(expr: string): NameRef[] {
  const out: NameRef[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < expr.length && /\s/.test(expr[i])) i++;
  };
  const readString = (): string => {
    const quote = expr[i++];
    let s = "";
    while (i < expr.length && expr[i] !== quote) {
      if (expr[i] === "\\") s += expr[i++];
      s += expr[i++];
    }
    i++;
    return s;
  };
  const readMatchers = () => {
    i++; // {
    while (i < expr.length && expr[i] !== "}") {
      skipSpace();
      const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*/.exec(expr.slice(i));
      if (!m) {
        i++;
        continue;
      }
      i += m[0].length;
      const value = expr[i] === '"' || expr[i] === "'" || expr[i] === "`" ? readString() : "";
      if (m[1] === "__name__" && m[2] === "=") out.push({ kind: "name", name: value });
      if (m[1] === "__name__" && m[2] === "=~") out.push({ kind: "regex", pattern: value });
      skipSpace();
      if (expr[i] === ",") i++;
    }
    i++; // }
  };
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === "`") {
      readString();
    } else if (c === "{") {
      readMatchers();
    } else if (c === "[") {
      while (i < expr.length && expr[i] !== "]") i++;
      i++;
    } else if (/[0-9.]/.test(c)) {
      // A number or duration (1e-3, 0x1f, 5m): not a name.
      while (i < expr.length && /[0-9a-zA-Z_.]/.test(expr[i])) i++;
    } else if (/[a-zA-Z_:]/.test(c)) {
      const m = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expr.slice(i))!;
      const word = m[0];
      i += word.length;
      skipSpace();
      if (LABEL_LIST_KEYWORDS.has(word) && expr[i] === "(") {
        while (i < expr.length && expr[i] !== ")") i++;
        i++;
      } else if (KEYWORDS.has(word.toLowerCase()) || AGGREGATIONS.has(word) || expr[i] === "(") {
        // a keyword, or a function call: its arguments are read on
      } else {
        out.push({ kind: "name", name: word });
      }
    } else {
      i++;
    }
  }
  return out;
}

/** One PromQL expression of a synthesized stack, and where it is. */
export interface MetricUse {
  readonly where: string;
  readonly expr: string;
}

/** What a synthesized stack references and records. */
export interface StackMetrics {
  readonly uses: MetricUse[];
  readonly recorded: string[];
}

function* walk(node: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(node)) {
    for (const v of node) yield* walk(v);
  } else if (node !== null && typeof node === "object") {
    yield node as Record<string, unknown>;
    for (const v of Object.values(node)) yield* walk(v);
  }
}

type StackJson = {
  resource?: {
    helm_release?: Record<string, { values?: string[] }>;
    kubernetes_config_map_v1?: Record<string, { data?: Record<string, string> }>;
    kubernetes_manifest?: Record<string, { manifest?: unknown }>;
  };
};

/**
 * Every rule, alert, dashboard panel query and federation `match[]` selector of a
 * synthesized stack: in helm release values, dashboard and rule ConfigMaps, and
 * Kubernetes manifests (PrometheusRule objects).
 */
export function stackMetrics(stack: string, json: StackJson): StackMetrics {
  const docs: unknown[] = [json];
  for (const r of Object.values(json.resource?.helm_release ?? {})) for (const v of r.values ?? []) docs.push(parse(v));
  for (const m of Object.values(json.resource?.kubernetes_config_map_v1 ?? {})) {
    for (const [key, text] of Object.entries(m.data ?? {})) {
      if (key.endsWith(".json")) docs.push(JSON.parse(text));
      else if (key.endsWith(".yaml") || key.endsWith(".yml")) docs.push(parse(text));
    }
  }
  const uses: MetricUse[] = [];
  const recorded: string[] = [];
  for (const doc of docs) {
    for (const node of walk(doc)) {
      if (typeof node.expr === "string" && (typeof node.record === "string" || typeof node.alert === "string")) {
        if (typeof node.record === "string") recorded.push(node.record);
        uses.push({ where: `${stack} rule ${node.record ?? node.alert}`, expr: node.expr });
      }
      if (Array.isArray(node.targets)) {
        for (const t of node.targets) {
          if (t && typeof t === "object" && typeof (t as { expr?: unknown }).expr === "string") {
            uses.push({ where: `${stack} panel ${String(node.title ?? "?")}`, expr: (t as { expr: string }).expr });
          }
        }
      }
      const params = node.params as Record<string, unknown> | undefined;
      if (params && Array.isArray(params["match[]"])) {
        for (const sel of params["match[]"]) uses.push({ where: `${stack} federation match[]`, expr: String(sel) });
      }
    }
  }
  return { uses, recorded };
}

/** Result of {@link unknownMetricNames}. */
export interface MetricNameCheck {
  /** One line per unknown name: where, and the name. */
  readonly problems: string[];
  /** Every name the check accepted: exported, recorded by a platform rule, or made by Prometheus. */
  readonly known: ReadonlySet<string>;
  /** Names checked, over all expressions. */
  readonly checked: number;
  readonly expressions: number;
}

/**
 * Names referenced by the stacks that no pinned exporter exports by default and no
 * platform rule (in any of the stacks) records. Regex `__name__` matchers must match at
 * least one known name.
 */
export function unknownMetricNames(stacks: Record<string, StackJson>, exported: ReadonlySet<string>): MetricNameCheck {
  const all = Object.entries(stacks).map(([name, json]) => stackMetrics(name, json));
  const known = new Set([...exported, ...PROMETHEUS_SYNTHETIC_SERIES, ...all.flatMap((s) => s.recorded)]);
  const problems = new Set<string>();
  let checked = 0;
  const uses = all.flatMap((s) => s.uses);
  for (const use of uses) {
    for (const ref of metricNamesIn(use.expr)) {
      checked++;
      if (ref.kind === "name" && !known.has(ref.name)) problems.add(`${use.where}: ${ref.name}`);
      if (ref.kind === "regex") {
        const re = new RegExp(`^(?:${ref.pattern})$`);
        if (![...known].some((n) => re.test(n))) problems.add(`${use.where}: __name__=~"${ref.pattern}" matches nothing exported or recorded`);
      }
    }
  }
  return { problems: [...problems].sort(), known, checked, expressions: uses.length };
}

/**
 * Names of promtool `input_series` (in rule unit test files given as stack-like JSON:
 * ConfigMap data of YAML texts) that are not in `known`: test data must use the names
 * the real components export, not names written to match the rules.
 */
export function unknownInputSeries(json: StackJson, known: ReadonlySet<string>): string[] {
  const problems = new Set<string>();
  for (const m of Object.values(json.resource?.kubernetes_config_map_v1 ?? {})) {
    for (const [file, text] of Object.entries(m.data ?? {})) {
      for (const node of walk(parse(text))) {
        if (typeof node.series !== "string") continue;
        for (const ref of metricNamesIn(node.series)) {
          if (ref.kind === "name" && !known.has(ref.name)) problems.add(`${file}: ${ref.name}`);
        }
      }
    }
  }
  return [...problems].sort();
}
