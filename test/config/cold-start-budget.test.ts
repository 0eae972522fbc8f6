import { ENGINE_START, IMAGE_PULL_GBPS, LOCAL_WEIGHT_LOAD_GBPS, BUCKET_DOWNLOAD_GBPS, NODE_PROVISIONING, RUNAI_STREAMER_IN_IMAGE, SERVING_IMAGE_GB } from "../../catalog/cold-start";
import { RAY_IMAGE, serveConfig } from "../../constructs/llm-serving/manifests";
import { servedModelSpecs } from "../../stacks/serving-props";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
import { coldStartBudgets, formatColdStartTable, modelWeightsGB } from "../../config/cold-start-budget";
import { defaultConfig } from "../helpers";
import { problems, rawDefault } from "./fixtures";

describe("cold-start budget", () => {
  const config = defaultConfig();
  const budgets = coldStartBudgets(config.regions);

  test("weights are parameters x bytes per parameter: Qwen2.5-32B in bf16 is 65.6 GB", () => {
    expect(modelWeightsGB("Qwen/Qwen2.5-32B-Instruct")).toBeCloseTo(65.6, 1);
  });

  test("each phase follows its catalog figure; the total is their sum", () => {
    const qwen = budgets.find((b) => b.model === "qwen-32b")!;
    expect(qwen.nodeProvisioningSeconds).toBe(NODE_PROVISIONING.aws.default.value);
    expect(qwen.imagePullSeconds).toBe(Math.ceil(SERVING_IMAGE_GB.value / IMAGE_PULL_GBPS.value));
    expect(qwen.weightLoadSeconds).toBe(Math.ceil(65.6 / BUCKET_DOWNLOAD_GBPS.value + 65.6 / LOCAL_WEIGHT_LOAD_GBPS.value));
    expect(qwen.engineStartSeconds).toBe(ENGINE_START.value);
    expect(qwen.totalSeconds).toBe(qwen.nodeProvisioningSeconds + qwen.imagePullSeconds + qwen.weightLoadSeconds + qwen.engineStartSeconds);
  });

  test("the published loader figure is the one the catalog cites: 16.06 GB in 47.99 s", () => {
    expect(LOCAL_WEIGHT_LOAD_GBPS.value).toBeCloseTo(16.06 / 47.99, 2);
  });

  test("a bigger model takes longer to load than a smaller one on the same path", () => {
    const llama = budgets.find((b) => b.model === "llama-8b" && b.region === "us-east-1")!;
    const qwen = budgets.find((b) => b.model === "qwen-32b")!;
    expect(qwen.weightLoadSeconds).toBeGreaterThan(3 * llama.weightLoadSeconds);
  });

  test("the table is titled 'cold-start budget' and lists every model with the figures' sources", () => {
    const table = formatColdStartTable(config.settings, budgets);
    expect(table.split("\n")[0]).toBe("cold-start budget (seconds; cap coldStart.maxSeconds = 1800):");
    for (const b of budgets) expect(table).toContain(`| ${b.region} | ${b.model} | ${b.pool} |`);
    expect(table).toContain("Run:ai Model Streamer performance benchmarks");
    expect(table).toContain("estimate:");
  });

  test("fails when a model exceeds coldStart.maxSeconds, naming the setting and the model", () => {
    const raw = rawDefault();
    raw.settings.data.coldStart = { maxSeconds: 900 };
    const qwen = budgets.find((b) => b.model === "qwen-32b")!;
    const msgs = problems(raw);
    expect(msgs).toContainEqual(expect.stringMatching(
      new RegExp(`^regions/us-east-1\\.ts: models\\[1\\]: model "qwen-32b" on pool "l40s" needs ${qwen.totalSeconds} s to start cold .* more than the platform setting coldStart\\.maxSeconds \\(900\\)`),
    ));
    expect(msgs.every((m) => !m.includes('"llama-8b"') || m.includes("coldStart.maxSeconds"))).toBe(true);
  });

  test("the budget loads weights the way the serve config does: the default loader, not the Run:ai streamer the image lacks", () => {
    const [model] = servedModelSpecs(config.regions[0]);
    const llm = ((serveConfig({ model, modelStoreUri: "s3://b" }) as Json).applications[0].args.llm_configs[0]) as Json;
    expect(RUNAI_STREAMER_IN_IMAGE).toMatchObject({ image: RAY_IMAGE, available: false });
    expect(llm.engine_kwargs.load_format).toBeUndefined();
    expect(budgets.every((b) => b.figures.includes(LOCAL_WEIGHT_LOAD_GBPS))).toBe(true);
  });
});
