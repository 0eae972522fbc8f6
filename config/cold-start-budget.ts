import type { AzureVmSize } from "../catalog/azure";
import { machineType } from "../catalog/machine-types";
import { awsInstanceFamily } from "../catalog/aws";
import {
  BUCKET_DOWNLOAD_GBPS, ENGINE_START, IMAGE_PULL_GBPS, LOCAL_WEIGHT_LOAD_GBPS, NODE_PROVISIONING, SERVING_IMAGE_GB, type SourcedFigure,
} from "../catalog/cold-start";
import { DTYPE_BYTES, MODELS, type ModelId } from "../catalog/models";
import { show } from "./errors";
import { regionRule } from "./rule";
import type { PlatformSettings, RegionConfig } from "./schema";

/**
 * The cold-start budget of a model at synth: from a pending replica on a cluster with no
 * free GPU node to a replica that serves. Pure arithmetic over catalog/cold-start.ts:
 *
 *   node provisioning (cloud, instance family)
 * + image pull        (image GB / pull GB/s)
 * + weight load       (model GB / bucket download GB/s + model GB / local load GB/s)
 * + engine start
 *
 * Weights travel the path the serving layer uses: Ray Serve LLM copies them from the
 * region's bucket (`model_source.bucket_uri`) to the node's disk, then vLLM's default
 * loader reads them into the GPUs.
 */

/** One model's cold start, seconds, by phase. */
export interface ColdStartBudget {
  readonly region: string;
  readonly model: string;
  readonly pool: string;
  readonly nodeProvisioningSeconds: number;
  readonly imagePullSeconds: number;
  readonly weightLoadSeconds: number;
  readonly engineStartSeconds: number;
  readonly totalSeconds: number;
  /** The figures used, for the table's footnotes. */
  readonly figures: readonly SourcedFigure[];
}

/** GB (10^9 bytes) of a catalog model's weights at its default dtype. */
export function modelWeightsGB(model: ModelId): number {
  const m = MODELS[model];
  return (m.parametersBillion * 1e9 * DTYPE_BYTES[m.dtype]) / 1e9;
}

/** How each cloud's type names carry the family the provisioning figures are keyed by. */
const NODE_FAMILY: Readonly<Record<RegionConfig["cloud"], (type: string) => string>> = {
  aws: awsInstanceFamily,
  gcp: (type) => type.split("-")[0],
  azure: (type) => (machineType("azure", type) as AzureVmSize | undefined)?.quotaFamily ?? type,
};

function provisioning(cloud: RegionConfig["cloud"], instanceType: string): SourcedFigure {
  const table = NODE_PROVISIONING[cloud];
  const family = NODE_FAMILY[cloud](instanceType);
  return table.families[family] ?? table.default;
}

/** The cold-start budgets of every model of the given regions. */
export function coldStartBudgets(regions: readonly Pick<RegionConfig, "name" | "cloud" | "models" | "gpuPools">[]): ColdStartBudget[] {
  return regions.flatMap((region) => region.models.flatMap((m) => {
    const pool = region.gpuPools.find((p) => p.name === m.pool);
    if (!pool || !Object.prototype.hasOwnProperty.call(MODELS, m.model)) return [];
    const node = provisioning(region.cloud, pool.instanceType);
    const gb = modelWeightsGB(m.model as ModelId);
    const nodeProvisioningSeconds = node.value;
    const imagePullSeconds = Math.ceil(SERVING_IMAGE_GB.value / IMAGE_PULL_GBPS.value);
    const weightLoadSeconds = Math.ceil(gb / BUCKET_DOWNLOAD_GBPS.value + gb / LOCAL_WEIGHT_LOAD_GBPS.value);
    const engineStartSeconds = ENGINE_START.value;
    return [{
      region: region.name, model: m.name, pool: pool.name,
      nodeProvisioningSeconds, imagePullSeconds, weightLoadSeconds, engineStartSeconds,
      totalSeconds: nodeProvisioningSeconds + imagePullSeconds + weightLoadSeconds + engineStartSeconds,
      figures: [node, SERVING_IMAGE_GB, IMAGE_PULL_GBPS, BUCKET_DOWNLOAD_GBPS, LOCAL_WEIGHT_LOAD_GBPS, ENGINE_START],
    }];
  }));
}

/** A model whose cold start exceeds `coldStart.maxSeconds` fails, naming the setting. */
export const checkColdStart = regionRule(["coldStart"], ["name", "cloud", "models", "gpuPools"], (settings, { file, region }) => {
  const max = settings.coldStart.maxSeconds;
  return coldStartBudgets([region]).flatMap((b) => {
    if (b.totalSeconds <= max) return [];
    const i = region.models.findIndex((m) => m.name === b.model);
    return [{
      file,
      path: `models[${i}]`,
      message: `model ${show(b.model)} on pool ${show(b.pool)} needs ${b.totalSeconds} s to start cold (node ${b.nodeProvisioningSeconds} + image ${b.imagePullSeconds} + ` +
        `weights ${b.weightLoadSeconds} + engine ${b.engineStartSeconds}), more than the platform setting coldStart.maxSeconds (${max}); ` +
        `raise coldStart.maxSeconds, keep minReplicas >= 1, or serve a smaller model, got ${b.totalSeconds} s`,
    }];
  });
});

/** The table synth prints, titled "cold-start budget", with the figures' sources below it. */
export function formatColdStartTable(settings: PlatformSettings, budgets: readonly ColdStartBudget[]): string {
  const rows = budgets.map((b) =>
    `| ${b.region} | ${b.model} | ${b.pool} | ${b.nodeProvisioningSeconds} | ${b.imagePullSeconds} | ${b.weightLoadSeconds} | ${b.engineStartSeconds} | **${b.totalSeconds} s** |`);
  const figures = [...new Map(budgets.flatMap((b) => b.figures).map((f) => [f.source, f])).values()];
  return [
    `cold-start budget (seconds; cap coldStart.maxSeconds = ${settings.coldStart.maxSeconds}):`,
    "| region | model | pool | node | image pull | weights | engine | total |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    ...figures.map((f) => `  ${f.kind === "estimate" ? "estimate" : "measured"}: ${f.value} ${f.unit} (${f.source}; read ${f.date})`),
  ].join("\n");
}

/** The file synth writes beside the stacks, for plan-diff's cold-start budget before and after. */
export const COLD_START_BUDGET_FILE = "cold-start-budget.json";

/** One model's row of the record: its budget and what it was computed from. */
export interface ColdStartBudgetEntry {
  readonly region: string;
  readonly cloud: RegionConfig["cloud"];
  readonly model: string;
  /** The catalog model (`meta-llama/Llama-3.1-8B-Instruct`). */
  readonly modelId: string;
  readonly pool: string;
  readonly instanceType: string;
  readonly nodeProvisioningSeconds: number;
  readonly imagePullSeconds: number;
  readonly weightLoadSeconds: number;
  readonly engineStartSeconds: number;
  readonly totalSeconds: number;
}

/** What synth records: the cap and every model's budget. */
export interface ColdStartBudgetRecord {
  readonly maxSeconds: number;
  readonly entries: readonly ColdStartBudgetEntry[];
}

/** The record of a validated platform: {@link coldStartBudgets} with each model's inputs. */
export function coldStartBudgetRecord(settings: PlatformSettings, regions: readonly Pick<RegionConfig, "name" | "cloud" | "models" | "gpuPools">[]): ColdStartBudgetRecord {
  return {
    maxSeconds: settings.coldStart.maxSeconds,
    entries: coldStartBudgets(regions).map((b) => {
      const region = regions.find((r) => r.name === b.region)!;
      return {
        region: b.region,
        cloud: region.cloud,
        model: b.model,
        modelId: region.models.find((m) => m.name === b.model)!.model,
        pool: b.pool,
        instanceType: region.gpuPools.find((p) => p.name === b.pool)!.instanceType,
        nodeProvisioningSeconds: b.nodeProvisioningSeconds,
        imagePullSeconds: b.imagePullSeconds,
        weightLoadSeconds: b.weightLoadSeconds,
        engineStartSeconds: b.engineStartSeconds,
        totalSeconds: b.totalSeconds,
      };
    }),
  };
}
