module.exports = require("../../base").primary({ cluster: { kubernetesVersion: "1.24" } });
