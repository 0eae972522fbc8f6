module.exports = require("../../base").primary({ gpuPools: [{ name: "l4", gpu: "L40S", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 4 }] });
