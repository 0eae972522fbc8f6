#!/usr/bin/env bash
# CI step for the policy area: runs every bad-input case through `npm run synth` (what
# `cdktf synth` runs too: node tools/ts-run.js main.ts) and checks that it exits
# non-zero, prints the expected file and field, says nothing was written, and leaves the
# outdir byte-for-byte as it was. The valid control case must synthesize. Then proves with
# the real Terraform and AWS provider (offline mirror, as npm run check:terraform) that
# every KMS key and model bucket of the default topology refuses `plan -destroy`.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
corpus=test/bad-input
failures=0

fresh_outdir() {
  rm -rf "$work/out" && mkdir -p "$work/out/stacks/earlier-cluster"
  echo '{"from":"an earlier synth"}' > "$work/out/stacks/earlier-cluster/cdk.tf.json"
  (cd "$work/out" && find . -type f -exec sha256sum {} + | sort) > "$work/before"
}

fresh_outdir
if ! PLATFORM_REGIONS_DIR="$corpus/valid" CDKTF_OUTDIR="$work/out" npm run --silent synth > /dev/null 2> "$work/stderr"; then
  echo "FAIL valid: the control case did not synthesize:"; cat "$work/stderr"; exit 1
fi
echo "ok   valid (synthesized)"

count=0
for dir in "$corpus"/*/; do
  name="$(basename "$dir")"
  [ -f "$dir/expected.txt" ] || continue
  count=$((count + 1))
  expected="$(sed "s#<dir>#$corpus/$name#g" "$dir/expected.txt")"
  fresh_outdir
  set +e
  PLATFORM_REGIONS_DIR="$dir" CDKTF_OUTDIR="$work/out" npm run --silent synth 2> "$work/stderr"
  code=$?
  set -e
  (cd "$work/out" && find . -type f -exec sha256sum {} + | sort) > "$work/after"
  problem=""
  [ "$code" -ne 0 ] || problem="exited 0"
  grep -qF -- "$expected" "$work/stderr" || problem="${problem:+$problem; }message lacks: $expected"
  grep -qF "nothing was written." "$work/stderr" || problem="${problem:+$problem; }no 'nothing was written.'"
  cmp -s "$work/before" "$work/after" || problem="${problem:+$problem; }outdir changed"
  if ls "$work" | grep -q "staging\|\.old-"; then problem="${problem:+$problem; }staging left behind"; fi
  if [ -n "$problem" ]; then
    echo "FAIL $name: $problem"; sed 's/^/     /' "$work/stderr"; failures=$((failures + 1))
  else
    echo "ok   $name (exit $code)"
  fi
done

if [ "$count" -lt 30 ]; then echo "FAIL: only $count bad-input cases, at least 30 required"; exit 1; fi
if [ "$failures" -gt 0 ]; then echo "policy: $failures of $count bad-input case(s) failed"; exit 1; fi
echo "policy: all $count bad-input cases refused by npm run synth with the outdir untouched"

CDKTF_OUTDIR="$work/default" npm run --silent synth
CDKTF_OUTDIR="$work/default" npm run --silent check:prevent-destroy
