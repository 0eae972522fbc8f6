module.exports = require("../../base").platform({ observability: { alertReceiver: undefined } });
