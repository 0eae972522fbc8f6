import { GPUS } from "../../catalog/gpus";
import { GPU_MEMORY_BANDWIDTH_GBPS, PUBLISHED_CROSS_CHECKS, replicaThroughput } from "../../catalog/throughput";

test("every catalog GPU has a memory bandwidth, so every model x GPU x TP has a figure", () => {
  expect(Object.keys(GPU_MEMORY_BANDWIDTH_GBPS).sort()).toEqual(Object.keys(GPUS).sort());
});

test("the estimate follows its stated formula (hand-computed)", () => {
  // 8.03e9 x 2 B = 16.06 GB; 16 / (16.06 / (1 x 300 x 0.6)) = 179.3
  expect(replicaThroughput("meta-llama/Llama-3.1-8B-Instruct", "L4", 1)).toMatchObject({ outputTokensPerSecond: 179, kind: "estimate" });
  // 32.8e9 x 2 B = 65.6 GB; 16 / (65.6 / (4 x 864 x 0.6)) = 505.8
  expect(replicaThroughput("Qwen/Qwen2.5-32B-Instruct", "L40S", 4)).toMatchObject({ outputTokensPerSecond: 505, kind: "estimate" });
  // Twice the GPUs, twice the bandwidth: twice the tokens (interconnect time is left out, and said so).
  expect(replicaThroughput("meta-llama/Llama-3.1-8B-Instruct", "L4", 2).outputTokensPerSecond).toBe(358);
});

test("each estimate names its inputs", () => {
  expect(replicaThroughput("meta-llama/Llama-3.1-8B-Instruct", "H100-80GB", 1).source).toBe(
    "16 concurrent / (16.06 GB bfloat16 weights / (1 x 3350 GB/s H100-80GB x 0.6))",
  );
});

test.each(PUBLISHED_CROSS_CHECKS.map((c) => [`${c.model} on ${c.gpu} x ${c.tensorParallelSize}`, c] as const))(
  "the estimate stays below a published measurement of an easier setup: %s",
  (_name, c) => {
    const estimate = replicaThroughput(c.model, c.gpu, c.tensorParallelSize, c.concurrency).outputTokensPerSecond;
    expect(estimate).toBeLessThan(c.outputTokensPerSecond);
    // ... but not absurdly: within a factor of 3 (A100 single stream: 58 estimated vs 75 measured).
    expect(estimate * 3).toBeGreaterThan(c.outputTokensPerSecond);
  },
);
