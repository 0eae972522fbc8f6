module.exports = require("../../base").platform({ observability: { hubs: undefined } });
