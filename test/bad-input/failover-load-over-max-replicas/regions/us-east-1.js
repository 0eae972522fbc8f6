// 3 req/s x 200 output tokens = 600 tokens/s: 4 replicas of 179 tokens/s, and asia-south1 allows 2.
module.exports = require("../../base").primary({
  models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", maxReplicas: 4, peakLoad: { requestsPerSecond: 3, meanInputTokens: 500, meanOutputTokens: 200 } }],
});
