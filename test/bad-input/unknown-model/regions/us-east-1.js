module.exports = require("../../base").primary({ models: [{ name: "big", model: "acme/Giant-900B", pool: "l4" }] });
