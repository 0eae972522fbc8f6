module.exports = require("../../base").platform({ stateBackend: { type: "gcs", bucket: "llmp-state", prefix: "teams//llm" } });
