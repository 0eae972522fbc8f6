import { CLOUD_LABELS, type Cloud } from "../../catalog/cloud";
import { poolCapacityTypes } from "../../config/capacity";
import { machineType } from "../../catalog/machine-types";
import type { PlatformConfig } from "../../config/schema";
import { hubRole } from "../../config/hubs";

/**
 * The platform topology as data (regions, clouds, GPU pools, models, traffic routing,
 * federation to the hub), and its renderings as Mermaid and Graphviz DOT. Pure: no I/O.
 */

/** A GPU pool as the diagram shows it. */
export interface TopologyPool {
  readonly name: string;
  readonly gpu: string;
  readonly instanceType: string;
  readonly gpusPerNode: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly capacity: string;
  readonly sharing: string;
}

/** A served model as the diagram shows it. */
export interface TopologyModel {
  readonly name: string;
  readonly model: string;
  readonly pool: string;
  readonly tensorParallelSize: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/** One region with its place in traffic routing. */
export interface TopologyRegion {
  readonly name: string;
  readonly cloud: Cloud;
  readonly cloudRegion: string;
  readonly hub: boolean;
  /** How DNS sends traffic here: `priority 1 (primary)`, `weight 2`, `latency`. */
  readonly routeLabel: string;
  readonly pools: readonly TopologyPool[];
  readonly models: readonly TopologyModel[];
}

/** The whole picture. */
export interface Topology {
  /** `api.llm.example.com` */
  readonly fqdn: string;
  readonly dnsAuthority: string;
  readonly routing: string;
  readonly healthPath: string;
  readonly regions: readonly TopologyRegion[];
}

const CLOUD_NAME: Readonly<Record<Cloud, string>> = Object.fromEntries(Object.entries(CLOUD_LABELS).map(([c, l]) => [c, l.name])) as Record<Cloud, string>;
const AUTHORITY_NAME: Readonly<Record<string, string>> = { route53: "Route53", "cloud-dns": "Cloud DNS" };

function gpusPerNode(cloud: Cloud, instanceType: string): number {
  return machineType(cloud, instanceType)?.gpuCount ?? 0;
}

/** The topology of a validated config; regions in traffic order (priority, then name). */
export function topologyOf(config: PlatformConfig): Topology {
  const { settings } = config;
  const routing = settings.traffic.routing;
  const regions = [...config.regions].sort((a, b) => a.traffic.priority - b.traffic.priority || a.name.localeCompare(b.name));
  return {
    fqdn: `${settings.dns.recordName}.${settings.dns.zone}`,
    dnsAuthority: AUTHORITY_NAME[settings.dns.authority] ?? settings.dns.authority,
    routing,
    healthPath: settings.traffic.healthCheck.path,
    regions: regions.map((r, i) => ({
      name: r.name,
      cloud: r.cloud,
      cloudRegion: r.region,
      hub: hubRole(settings, r.name) !== undefined,
      routeLabel:
        routing === "failover" ? `priority ${r.traffic.priority}${i === 0 ? " (primary)" : ""}` : routing === "weighted" ? `weight ${r.traffic.weight}` : "latency",
      pools: r.gpuPools.map((p) => ({
        name: p.name,
        gpu: p.gpu,
        instanceType: p.instanceType,
        gpusPerNode: gpusPerNode(r.cloud, p.instanceType),
        minNodes: p.minNodes,
        maxNodes: p.maxNodes,
        capacity: poolCapacityTypes(p).join(" > "),
        sharing: p.sharing.mode === "none" ? "" : p.sharing.mode === "mig" ? `MIG ${p.sharing.profile ?? ""}`.trim() : `time-slicing x${p.sharing.replicas ?? ""}`,
      })),
      models: r.models.map((m) => ({
        name: m.name,
        model: m.model,
        pool: m.pool,
        tensorParallelSize: m.tensorParallelSize,
        minReplicas: m.minReplicas,
        maxReplicas: m.maxReplicas,
      })),
    })),
  };
}

/** A node id safe in Mermaid and DOT. */
function id(...parts: string[]): string {
  return parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
}

/** Node labels as lines; each renderer joins and escapes them its own way. */
interface Labels {
  readonly clients: string[];
  readonly dns: (t: Topology) => string[];
  readonly region: (r: TopologyRegion) => string;
  readonly serve: string[];
  readonly model: (m: TopologyModel) => string[];
  readonly pool: (p: TopologyPool) => string[];
  readonly prometheus: (r: TopologyRegion) => string[];
}

const LABELS: Labels = {
  clients: ["Clients"],
  dns: (t) => [t.fqdn, `${t.dnsAuthority} ${t.routing} routing`, `health check ${t.healthPath}`],
  region: (r) => `${r.name}: ${CLOUD_NAME[r.cloud]} ${r.cloudRegion}${r.hub ? " (observability hub)" : ""}`,
  serve: ["Ray Serve + vLLM", "OpenAI API"],
  model: (m) => [m.name, m.model, `TP ${m.tensorParallelSize}, ${m.minReplicas}-${m.maxReplicas} replicas`],
  pool: (p) => [
    `GPU pool ${p.name}`,
    `${p.minNodes}-${p.maxNodes} x ${p.instanceType}`,
    `${p.gpusPerNode}x ${p.gpu} per node, ${p.capacity}${p.sharing ? `, ${p.sharing}` : ""}`,
  ],
  prometheus: (r) => [r.hub ? "Prometheus (global hub)" : "Prometheus"],
};

function mermaidLabel(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/"/g, "#quot;")).join("<br/>")}"`;
}

/** Mermaid flowchart of the topology, for the README. */
export function toMermaid(t: Topology): string {
  const lines = ["flowchart LR"];
  const hub = t.regions.find((r) => r.hub);
  lines.push(`  clients([${mermaidLabel(LABELS.clients)}])`, `  dns{{${mermaidLabel(LABELS.dns(t))}}}`, "  clients --> dns");
  for (const r of t.regions) {
    lines.push(`  subgraph ${id("r", r.name)}[${mermaidLabel([LABELS.region(r)])}]`, "    direction TB");
    lines.push(`    ${id(r.name, "serve")}[${mermaidLabel(LABELS.serve)}]`);
    for (const m of r.models) lines.push(`    ${id(r.name, "model", m.name)}([${mermaidLabel(LABELS.model(m))}])`);
    for (const p of r.pools) lines.push(`    ${id(r.name, "pool", p.name)}[[${mermaidLabel(LABELS.pool(p))}]]`);
    lines.push(`    ${id(r.name, "prom")}[(${mermaidLabel(LABELS.prometheus(r))})]`);
    for (const m of r.models) lines.push(`    ${id(r.name, "serve")} --> ${id(r.name, "model", m.name)} --> ${id(r.name, "pool", m.pool)}`);
    lines.push("  end");
  }
  for (const r of t.regions) lines.push(`  dns -- ${mermaidLabel([r.routeLabel])} --> ${id(r.name, "serve")}`);
  for (const r of t.regions) {
    if (hub && r !== hub) lines.push(`  ${id(r.name, "prom")} -. federation .-> ${id(hub.name, "prom")}`);
  }
  return lines.join("\n") + "\n";
}

function dotLabel(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/\\/g, "\\\\").replace(/"/g, '\\"')).join("\\n")}"`;
}

/** Graphviz DOT of the topology, rendered to SVG when `dot` is installed. */
export function toDot(t: Topology): string {
  const lines = ["digraph topology {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  const hub = t.regions.find((r) => r.hub);
  lines.push(`  clients [shape=oval, label=${dotLabel(LABELS.clients)}];`, `  dns [shape=hexagon, label=${dotLabel(LABELS.dns(t))}];`, "  clients -> dns;");
  for (const r of t.regions) {
    lines.push(`  subgraph cluster_${id(r.name)} {`, `    label=${dotLabel([LABELS.region(r)])};`);
    lines.push(`    ${id(r.name, "serve")} [shape=box, label=${dotLabel(LABELS.serve)}];`);
    for (const m of r.models) lines.push(`    ${id(r.name, "model", m.name)} [shape=box, style=rounded, label=${dotLabel(LABELS.model(m))}];`);
    for (const p of r.pools) lines.push(`    ${id(r.name, "pool", p.name)} [shape=box3d, label=${dotLabel(LABELS.pool(p))}];`);
    lines.push(`    ${id(r.name, "prom")} [shape=cylinder, label=${dotLabel(LABELS.prometheus(r))}];`);
    for (const m of r.models) lines.push(`    ${id(r.name, "serve")} -> ${id(r.name, "model", m.name)} -> ${id(r.name, "pool", m.pool)};`);
    lines.push("  }");
  }
  for (const r of t.regions) lines.push(`  dns -> ${id(r.name, "serve")} [label=${dotLabel([r.routeLabel])}];`);
  for (const r of t.regions) {
    if (hub && r !== hub) lines.push(`  ${id(r.name, "prom")} -> ${id(hub.name, "prom")} [style=dashed, label="federation"];`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** Where the generated diagram sits in README.md. */
export const README_MARKERS = { begin: "<!-- topology:begin -->", end: "<!-- topology:end -->" } as const;

/** The README block: the markers around a fenced Mermaid diagram, with a note that it is generated. */
export function readmeBlock(mermaid: string): string {
  return `${README_MARKERS.begin}\n<!-- generated by \`npm run diagram -- --readme\`; do not edit by hand -->\n\`\`\`mermaid\n${mermaid}\`\`\`\n${README_MARKERS.end}`;
}

/** README text with the block between the markers replaced; throws when the markers are missing or out of order. */
export function replaceReadmeBlock(readme: string, mermaid: string): string {
  const begin = readme.indexOf(README_MARKERS.begin);
  const end = readme.indexOf(README_MARKERS.end);
  if (begin < 0 || end < begin) {
    throw new Error(`README.md: must contain ${README_MARKERS.begin} followed by ${README_MARKERS.end}, got ${begin < 0 ? "no begin marker" : end < 0 ? "no end marker" : "the end marker first"}`);
  }
  return readme.slice(0, begin) + readmeBlock(mermaid) + readme.slice(end + README_MARKERS.end.length);
}
