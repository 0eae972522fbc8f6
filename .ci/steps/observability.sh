#!/usr/bin/env bash
# CI step of the observability area: checks the synthesized Prometheus rules and the
# federation against a real Prometheus (promtool check/test rules, loopback e2e).
# Installs what it needs when missing (Debian/Ubuntu runners; needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null

missing=()
command -v prometheus >/dev/null || missing+=(prometheus)
command -v promtool >/dev/null || missing+=(prometheus)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v openssl >/dev/null || missing+=(openssl)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update
  # The prometheus package starts a service on :9090 where systemd runs; the check uses other ports.
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u)
fi

prometheus --version 2>&1 | head -1
npm run test:prometheus
