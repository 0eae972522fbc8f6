#!/usr/bin/env bash
# CI step of the traffic layer: the measured failover drill (npm run drill). Real nginx
# routers (Debian's nginx with its njs module) rendered from the platform's router config,
# on 127.0.0.1 only, with fake Ray Serve upstreams; fails when a scenario misses its target.
# Takes about 2.5 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v nginx >/dev/null 2>&1 || need+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_http_js_module.so ] || need+=(libnginx-mod-http-js)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

timeout 600 npm run drill
