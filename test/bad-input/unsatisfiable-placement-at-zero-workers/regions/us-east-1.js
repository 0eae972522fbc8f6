// qwen-32b scaled to zero asks for H100s on an L40S pool: no worker of the group could ever hold it.
module.exports = require("../../base").primary({
  gpuPools: [{ name: "l40s", gpu: "L40S", instanceType: "g6e.12xlarge", minNodes: 0, maxNodes: 2 }],
  models: [{ name: "qwen-32b", model: "Qwen/Qwen2.5-32B-Instruct", pool: "l40s", tensorParallelSize: 4, minReplicas: 0, acceleratorType: "H100" }],
});
