module.exports = require("../../base").platform({ stateBackend: { type: "s3", region: "us-east-1" } });
