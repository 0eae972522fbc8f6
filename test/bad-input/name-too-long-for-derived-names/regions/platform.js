module.exports = require("../../base").platform({ name: "llmplatformx", observability: { hubs: { standby: "asia-south1-mumbai" } } });
