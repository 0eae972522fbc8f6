#!/usr/bin/env bash
# CI step for issue 12: the quota preflight prints the table for the default topology, and the
# default topology fits the default Elastic IP quota (5 per AWS region). Needs a synth.
set -euo pipefail
cd "$(dirname "$0")/../.."
step() { printf '\n=== preflight: %s\n' "$*"; }

step "[1/2] synth and print the quota table"
npm run --silent synth >/dev/null
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
npm run --silent preflight | tee "$out"

step "[2/2] the default topology fits the Elastic IP default"
grep -q '| EC2-VPC Elastic IPs | `L-0263D0A3` |' "$out"
if grep '| EC2-VPC Elastic IPs |' "$out" | grep -q '\*\*raise\*\*'; then
  echo "FAIL: an AWS region of the default topology needs more than 5 Elastic IPs"; exit 1
fi
echo "preflight: quota table printed; Elastic IPs fit the default in every AWS region"
