module.exports = require("../../base").secondary({ models: [{ name: "mistral-7b", model: "mistralai/Mistral-7B-Instruct-v0.3", pool: "l4", maxModelLen: 65536 }] });
