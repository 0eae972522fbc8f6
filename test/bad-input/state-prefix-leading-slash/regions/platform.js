module.exports = require("../../base").platform({ stateBackend: { type: "s3", bucket: "llmp-state", region: "us-east-1", prefix: "/gpu-llm-platform" } });
