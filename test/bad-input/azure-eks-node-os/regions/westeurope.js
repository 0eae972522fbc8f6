module.exports = require("../../base").azureRegion({ gpuPools: [{ name: "a100", gpu: "A100-80GB", instanceType: "Standard_NC24ads_A100_v4", minNodes: 1, maxNodes: 2, nodeOs: "al2023-nvidia" }] });
