module.exports = require("../../base").primary({
  models: [
    { name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4" },
    { name: "qwen-7b", model: "Qwen/Qwen2.5-7B-Instruct", pool: "l4" },
  ],
});
