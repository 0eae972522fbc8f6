module.exports = require("../../base").primary({ serving: { allowedSourceCidrs: ["0.0.0.0/0"] } });
