module.exports = require("../../base").primary({ cluster: { endpointAllowedCidrs: ["0.0.0.0/1", "128.0.0.0/1"] } });
