#!/usr/bin/env bash
# CI step of the global area (issue #5):
#  1. docs/global.md's failover budget table matches regions/ (also a jest test; kept here
#     so a docs-only change is caught without the whole suite).
#  2. The global stack's Route53 latency and weighted variants pass the offline
#     `terraform validate` + `plan` with the real AWS provider (check:terraform covers the
#     default failover topology only).
#  3. The global stack's Cloud DNS and GCS-replication variants pass `terraform validate`
#     with the real google provider. The offline mirror carries only hashicorp/aws, and
#     `npm run check:terraform` skips stacks that need google, so this step downloads the
#     pinned google provider from the registry (network required, so only with
#     CHECK_GOOGLE_PROVIDER=1). Validate only: plan would need GCP credentials.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
PLUGIN_DIR="${TF_PLUGIN_DIR:-/opt/tf-plugins}"

command -v terraform >/dev/null || { echo "global.sh: FAILED: terraform is not installed (the machine image provides 1.11)"; exit 2; }
[ -d "$PLUGIN_DIR/registry.terraform.io/hashicorp/aws" ] || { echo "global.sh: FAILED: no AWS provider mirror at $PLUGIN_DIR"; exit 2; }

npm run --silent docs:failover-budget -- --check

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# aws from the local mirror, everything else (google) from the registry.
cat > "$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$PLUGIN_DIR"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"

# Writes a variant of regions/ as CommonJS files (the loader reads `default`) with the given
# DNS authority and routing. Cloud DNS variants get a relaxed SLO (Cloud DNS probes at most
# every 30 s) and a second GCP region, so GCS replication exists.
write_variant() {
  local dir="$1" authority="$2" routing="$3"
  mkdir -p "$dir"
  node - "$dir" "$authority" "$routing" <<'JS'
const fs = require("fs");
const path = require("path");
const [dir, authority, routing] = process.argv.slice(2);
// The region sources are TypeScript: load them through the transpiler synth uses.
require(path.resolve("tools/ts-run.js")).register();
const src = path.resolve("regions");
const load = (name) => JSON.parse(JSON.stringify(require(path.join(src, name.replace(/\.js$/, ".ts"))).default));
const write = (name, data) => fs.writeFileSync(path.join(dir, name), `exports.default = ${JSON.stringify(data, null, 2)};\n`);
for (const f of fs.readdirSync(src).filter((x) => x.endsWith(".ts"))) write(f.replace(/\.ts$/, ".js"), load(f));
const platform = load("platform.js");
platform.dns.authority = authority;
platform.traffic.routing = routing;
if (routing === "weighted") {
  // Weighted routing sends a share of a failed us-east-1's clients to asia-south1, which the
  // capacity check (config/capacity-failover.ts) then requires to carry at once: a second
  // warm llama-8b replica, as its message asks.
  const asia = load("asia-south1.js");
  asia.models.find((m) => m.name === "llama-8b").minReplicas = 2;
  write("asia-south1.js", asia);
}
if (authority === "route53") {
  write("platform.js", platform);
  process.exit(0);
}
platform.traffic.slo = { ...platform.traffic.slo, maxDetectionSeconds: 70, maxFailoverSeconds: 90 };
write("platform.js", platform);
const asia = JSON.parse(fs.readFileSync(path.join(dir, "asia-south1.js"), "utf8").replace(/^exports\.default = /, "").replace(/;\n$/, ""));
write("europe-west4.js", {
  ...asia,
  name: "europe-west4",
  region: "europe-west4",
  network: { cidr: "10.40.0.0/16", zones: ["europe-west4-a", "europe-west4-b"] },
  traffic: { priority: 4, weight: 1 },
});
JS
}

for routing in latency weighted; do
  variant="$work/route53-$routing"
  write_variant "$variant/regions" route53 "$routing"
  PLATFORM_REGIONS_DIR="$variant/regions" CDKTF_OUTDIR="$variant/out" npm run --silent synth >/dev/null
  CDKTF_OUTDIR="$variant/out" TF_CLI_CONFIG_FILE=/dev/null npm run --silent check:terraform
  echo "global.sh: Route53 ($routing) variant passed the offline validate and plan."
done

for routing in failover latency weighted; do
  variant="$work/cloud-dns-$routing"
  write_variant "$variant/regions" cloud-dns "$routing"
  PLATFORM_REGIONS_DIR="$variant/regions" CDKTF_OUTDIR="$variant/out" npm run --silent synth >/dev/null
  stack="$variant/out/stacks/global"
  grep -q '"google_dns_record_set"' "$stack/cdk.tf.json" || { echo "global.sh: FAILED: $routing variant has no Cloud DNS record"; exit 1; }
  grep -q '"google_storage_transfer_job"' "$stack/cdk.tf.json" || { echo "global.sh: FAILED: $routing variant has no GCS replication"; exit 1; }
  if [ "${CHECK_GOOGLE_PROVIDER:-0}" != 1 ]; then
    echo "global.sh: Cloud DNS ($routing) variant synthesized; terraform validate NOT run: it needs the google provider from the registry, which this machine cannot reach (set CHECK_GOOGLE_PROVIDER=1 where it can)."
    continue
  fi
  # The backend points at local state beside the project; validate needs no state.
  terraform -chdir="$stack" init -input=false -no-color -backend=false >/dev/null
  terraform -chdir="$stack" validate -no-color
  echo "global.sh: global stack with Cloud DNS ($routing) and GCS replication passed terraform validate."
done
