// 1 req/s x 200 output tokens = 200 tokens/s: asia-south1 needs 2 replicas and keeps 1 warm,
// so the second starts cold on GKE (36 + 30 + 913 s), over the default 900 s.
module.exports = require("../../base").primary({
  models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", peakLoad: { requestsPerSecond: 1, meanInputTokens: 500, meanOutputTokens: 200 } }],
});
