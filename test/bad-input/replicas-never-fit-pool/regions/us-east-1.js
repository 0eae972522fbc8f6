module.exports = require("../../base").primary({ models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", tensorParallelSize: 2, minReplicas: 2, maxReplicas: 12 }] });
