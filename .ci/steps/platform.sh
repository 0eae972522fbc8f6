#!/usr/bin/env bash
# CI step of the platform layer: checks against real engines that run offline.
# - nginx -t on every region's router config (Debian's nginx and njs module; installed here when missing)
# - terraform validate with the real AWS provider on the AWS part of every platform stack
# - shellcheck on every apply-time shell step (Ray CRDs, GKE COS driver installer)
# The CRD-schema and chart-default checks run in `npm test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null

need=()
command -v nginx >/dev/null 2>&1 || need+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_http_js_module.so ] || need+=(libnginx-mod-http-js)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

npm run synth
npm run check:platform
