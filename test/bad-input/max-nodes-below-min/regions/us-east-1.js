module.exports = require("../../base").primary({ gpuPools: [{ name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 3, maxNodes: 2 }] });
