// Tags AWS and GCP accept but Azure refuses: a "/" in a name, and 14 tags where a Key Vault key takes 15 with the platform's 2.
const tags = { "cost-center/ml": "1234" };
for (let i = 0; i < 13; i++) tags[`team${i}`] = "ml";
module.exports = require("../../base").azurePlatform({ tags });
