#!/usr/bin/env bash
# CI step for the policy area: runs every bad-input case through `npm run synth`, the entry
# users run (`cdktf synth` runs it too), and checks that it exits 1, lists exactly the
# problems in the case's expected.txt (each line found in its own reported problem, and the
# count in the summary equal to the number of lines), prints no stack trace, says nothing was
# written, and leaves the outdir byte-for-byte as it was. The valid control case must
# synthesize. Then proves with the real Terraform and AWS provider (offline mirror, as
# npm run check:terraform) that every KMS key and model bucket of the default topology
# refuses `plan -destroy`.
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

synth() { PLATFORM_REGIONS_DIR="$1" CDKTF_OUTDIR="$work/out" npm run --silent synth; }

fresh_outdir
if ! synth "$corpus/valid/regions" > /dev/null 2> "$work/stderr"; then
  echo "FAIL valid: the control case did not synthesize:"; cat "$work/stderr"; exit 1
fi
echo "ok   valid (synthesized)"

count=0
for dir in "$corpus"/*/; do
  name="$(basename "$dir")"
  [ -f "$dir/expected.txt" ] || continue
  count=$((count + 1))
  regions="$corpus/$name/regions"
  fresh_outdir
  set +e
  synth "$regions" > /dev/null 2> "$work/stderr"
  code=$?
  set -e
  (cd "$work/out" && find . -type f -exec sha256sum {} + | sort) > "$work/after"
  problem=""
  [ "$code" -eq 1 ] || problem="exited $code, not 1"
  # Every expected line in its own reported problem (the indented lines), none left over.
  grep '^  ' "$work/stderr" | sed 's/^  //' > "$work/reported" || true
  expected_count=0
  while IFS= read -r line || [ -n "$line" ]; do
    [ -n "$line" ] || continue
    expected_count=$((expected_count + 1))
    want="${line//<dir>/$regions}"
    n="$(grep -nF -- "$want" "$work/reported" | head -1 | cut -d: -f1)"
    if [ -z "$n" ]; then problem="${problem:+$problem; }not reported: $want"; else sed -i "${n}d" "$work/reported"; fi
  done < "$dir/expected.txt"
  [ ! -s "$work/reported" ] || problem="${problem:+$problem; }reported but not expected: $(head -1 "$work/reported")"
  grep -qE "\(${expected_count} problems?\):" "$work/stderr" || problem="${problem:+$problem; }summary does not count ${expected_count} problem(s)"
  if grep -qE '^\s+at .+[(:][0-9]+' "$work/stderr"; then problem="${problem:+$problem; }printed a stack trace"; fi
  grep -qF "nothing was written." "$work/stderr" || problem="${problem:+$problem; }no 'nothing was written.'"
  cmp -s "$work/before" "$work/after" || problem="${problem:+$problem; }outdir changed"
  if ls "$work" | grep -q "staging\|\.old-"; then problem="${problem:+$problem; }staging left behind"; fi
  if [ -n "$problem" ]; then
    echo "FAIL $name: $problem"; sed 's/^/     /' "$work/stderr"; failures=$((failures + 1))
  else
    echo "ok   $name (exit $code, $expected_count problem(s))"
  fi
done

if [ "$count" -lt 45 ]; then echo "FAIL: only $count bad-input cases, at least 45 required"; exit 1; fi
if [ "$failures" -gt 0 ]; then echo "policy: $failures of $count bad-input case(s) failed"; exit 1; fi
echo "policy: all $count bad-input cases refused by npm run synth with every problem listed and the outdir untouched"

CDKTF_OUTDIR="$work/default" npm run --silent synth
CDKTF_OUTDIR="$work/default" npm run --silent check:prevent-destroy
