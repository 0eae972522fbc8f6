module.exports = require("../../base").secondary({ serving: { allowedSourceCidrs: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"] } });
