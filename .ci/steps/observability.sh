#!/usr/bin/env bash
# CI step of the observability area: checks the synthesized Prometheus rules and the
# federation against a real Prometheus (promtool check/test rules, loopback e2e with
# the synthesized federation proxy run by a real nginx, two hubs with a clustered
# Alertmanager over mutual TLS, hub loss and alert delivery to a webhook receiver).
# Installs what it needs when missing (Debian/Ubuntu runners; needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null

missing=()
command -v prometheus >/dev/null || missing+=(prometheus)
command -v promtool >/dev/null || missing+=(prometheus)
command -v nginx >/dev/null || missing+=(nginx)
# The Alertmanager peer endpoint's gossip pass-through needs nginx's stream module (dynamic on Debian).
[ -e /usr/lib/nginx/modules/ngx_stream_module.so ] || missing+=(libnginx-mod-stream)
command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v openssl >/dev/null || missing+=(openssl)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update
  # The packages would start prometheus (:9090) and nginx (:80) as services; keep
  # them stopped: the check starts its own, on 127.0.0.1 only.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null
    $sudo_cmd chmod +x "$policy"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u)
  [ -z "$policy" ] || $sudo_cmd rm -f "$policy"
fi

prometheus --version 2>&1 | head -1
# Alertmanager cluster TLS (--cluster.tls-config) needs 0.24+ (experimental upstream); Debian 12 ships 0.25.
prometheus-alertmanager --version 2>&1 | head -1
npm run test:prometheus
