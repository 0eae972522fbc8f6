#!/usr/bin/env bash
# CI step for the review and operations tooling (issue #6): checks the tools against the
# real engines they feed: Graphviz renders the topology DOT, shellcheck reads the shell of
# every workflow step, and Terraform with the real AWS provider (offline) writes the plan
# JSON that plan-diff and the cost estimate read. Installs what it needs itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1
step() { printf '\n=== tooling: %s\n' "$*"; }

missing=()
command -v dot >/dev/null || missing+=(graphviz)
command -v shellcheck >/dev/null || missing+=(shellcheck)
if [ ${#missing[@]} -gt 0 ]; then
  step "install ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step "[1/6] synth"
npm run --silent synth

step "[2/6] diagram: Graphviz renders the DOT; the README block is current"
npm run --silent diagram -- --out "$work/diagram"
grep -q '<svg' "$work/diagram/topology.svg"
npm run --silent diagram -- --check

step "[3/6] cost report"
npm run --silent cost | tee "$work/cost.md" | tail -n 3
grep -q 'Estimate only' "$work/cost.md"

step "[4/6] plan-diff against HEAD in a temporary git worktree (expects no change)"
npm run --silent plan-diff -- --base HEAD --fail-on capacity-gap,destroy,replace,gpu-down,node-drift,failover-budget,model,cold-start-budget,dns,version --out "$work/self.md" > "$work/self.stdout"
grep -q ', 0 changed:\*\* 0 to add, 0 to change, 0 to replace, 0 to destroy' "$work/self.md"
# --out writes the file only: stdout stays clean for redirects.
[ ! -s "$work/self.stdout" ]

step "[5/6] plan-diff and cost on a real terraform show -json plan (AWS provider, offline)"
stack=us-east-1-cluster
mkdir -p "$work/tf"
node -e '
  require("./tools/ts-run.js").register();
  const fs = require("fs");
  const { patchForOfflinePlan } = require("./tools/terraform-check/patch.ts");
  const [src, dir] = process.argv.slice(1);
  fs.writeFileSync(dir + "/cdk.tf.json", JSON.stringify(patchForOfflinePlan(JSON.parse(fs.readFileSync(src, "utf8")), dir + "/terraform.tfstate")));
' "cdktf.out/stacks/$stack/cdk.tf.json" "$work/tf"
(
  cd "$work/tf"
  terraform init -input=false -no-color -plugin-dir="${TF_PLUGIN_DIR:-/opt/tf-plugins}" >/dev/null
  terraform plan -input=false -no-color -lock=false -out=tfplan >/dev/null
  terraform show -json tfplan > plan.json
)
npm run --silent plan-diff -- --plan "$stack=$work/tf/plan.json" --fail-on destroy,replace --out "$work/plan.md" >/dev/null
head -n 4 "$work/plan.md"
node -e '
  require("./tools/ts-run.js").register();
  const fs = require("fs");
  const { stackFromCdkTfJson } = require("./tools/lib/terraform-json.ts");
  const { planViews, diffPlan } = require("./tools/plan-diff/diff.ts");
  const { costItemsFromStack, priceItems, totals } = require("./tools/cost/estimate.ts");
  const [stack, synthFile, planFile] = process.argv.slice(1);
  const synth = stackFromCdkTfJson(stack, JSON.parse(fs.readFileSync(synthFile, "utf8")));
  const plan = JSON.parse(fs.readFileSync(planFile, "utf8"));
  const d = diffPlan(stack, plan);
  const creates = d.changes.filter((c) => c.action === "create").length;
  if (creates !== synth.resources.length || d.changes.length !== creates) {
    throw new Error(`plan-diff read ${creates} creates of ${d.changes.length} changes; the stack has ${synth.resources.length} resources`);
  }
  // The provider writes nested blocks as lists; the cost must read them as from cdk.tf.json.
  const fromPlan = totals(priceItems(costItemsFromStack(planViews(stack, plan).after)));
  const fromSynth = totals(priceItems(costItemsFromStack(synth)));
  if (JSON.stringify(fromPlan) !== JSON.stringify(fromSynth)) {
    throw new Error(`cost from the plan ${JSON.stringify(fromPlan)} differs from cost from synth ${JSON.stringify(fromSynth)}`);
  }
  console.log(`plan JSON: ${creates} creates read; cost from plan = cost from synth: ${JSON.stringify(fromPlan)}`);
' "$stack" "cdktf.out/stacks/$stack/cdk.tf.json" "$work/tf/plan.json"

step "[6/6] shellcheck every run step of the workflows"
node -e '
  const fs = require("fs"), path = require("path"), YAML = require("yaml");
  const out = process.argv[1];
  let n = 0;
  for (const dir of [".github/workflows", ...fs.readdirSync(".github/actions").map((a) => ".github/actions/" + a)]) {
    for (const f of fs.readdirSync(dir).filter((x) => /\.ya?ml$/.test(x))) {
      const doc = YAML.parse(fs.readFileSync(path.join(dir, f), "utf8"));
      const steps = [...Object.values(doc.jobs ?? {}).flatMap((j) => j.steps ?? []), ...(doc.runs?.steps ?? [])];
      for (const s of steps.filter((x) => x.run)) {
        // GitHub expressions are substituted before bash runs; stand in a plain word.
        const body = s.run.replace(/\$\{\{[^}]*\}\}/g, "GITHUB_EXPR");
        fs.writeFileSync(path.join(out, `${f.replace(/\W/g, "_")}_${n++}.sh`), "#!/usr/bin/env bash\nset -e\n" + body);
      }
    }
  }
  console.log(`${n} run steps extracted`);
' "$work" 
shellcheck -s bash "$work"/*.sh
echo "tooling: all checks passed"
