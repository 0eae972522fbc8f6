module.exports = require("../../base").primary({ serving: { public: "yes" }, gpuPools: [{ name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 4, capacityType: "spott" }] });
