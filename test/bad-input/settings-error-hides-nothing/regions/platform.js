module.exports = require("../../base").platform({ dns: { zone: "llm.example.com", ttlSeconds: "10" } });
