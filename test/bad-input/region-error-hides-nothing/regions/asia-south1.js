module.exports = require("../../base").secondary({ traffic: { priority: 1 }, cluster: { kubernetesVersion: "1.24" } });
