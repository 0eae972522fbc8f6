module.exports = require("../../base").primary({ models: [{ name: "qwen-32b", model: "Qwen/Qwen2.5-32B-Instruct", pool: "h100" }] });
