import { SPILL_TOKEN_ENV, SPILL_TOKEN_HEADER } from "./router-script";

/**
 * The router's nginx.conf: per-model routing with readiness from Ray Serve's application
 * status and spill to one peer region, plus the region health path. Pure text; the same
 * function renders the in-cluster config (LlmServing's ConfigMap) and the drill's
 * loopback routers, which differ only in {@link RouterSite}.
 *
 * Request path for `/<model>/...`:
 * 1. A request with the spill header is a peer's spill: with the right token it is served
 *    here only (never spilled again: at most one hop); with a wrong one it gets 401.
 * 2. Not served here: straight to the peer.
 * 3. `auth_request` asks the model's readiness (Ray Serve application status, cached);
 *    not ready: to the peer.
 * 4. Proxied to the model's Serve service. Its 429/503 (rejected before processing) and
 *    nginx's own 502/504 when no byte of the request reached it (connect refused or timed
 *    out, name not resolvable) go to the peer; a 502/504 after the request was sent is
 *    returned, never resent: the model may have started generating.
 *
 * Why not `proxy_next_upstream`: for POST (every inference call) nginx retries only when
 * nothing was sent (`non_idempotent` off), so it cannot act on a 429/503 answer; turning
 * `non_idempotent` on would also resend after a failure while reading the response
 * header, which may follow a started generation (nginx docs, ngx_http_proxy_module,
 * `proxy_next_upstream`). The intercept-and-decide locations below keep both apart.
 */

/** The in-cluster or loopback specifics of one router. */
export interface RouterSite {
  /** `listen` argument of the TLS server (`8443`, `127.0.0.1:20443`). */
  readonly listen: string;
  /** `listen` argument of the internal readiness server; must be loopback. */
  readonly readinessListen: string;
  /** DNS server for per-request resolution of service and peer names. */
  readonly resolver: string;
  /** `host:port` of a model's Ray Serve proxy service. */
  readonly serveAddress: (model: string) => string;
  /** `host:port` of a model's Ray dashboard (the RayService's head service). */
  readonly statusAddress: (model: string) => string;
  /** `host:port` a peer router is reached at (its TLS name is checked separately). */
  readonly peerAddress: (target: { region: string; host: string }) => string;
  /** Folder holding `tls.crt` and `tls.key`. */
  readonly tlsDir: string;
  /** CA bundle the peers' certificates are verified against. */
  readonly trustedCaFile: string;
  /** Path of the njs module file (`router.js`). */
  readonly scriptFile: string;
  /** Path of nginx's njs dynamic module. */
  readonly jsModuleFile: string;
  /** Writable folder for pid, temp files and the readiness cache. */
  readonly runDir: string;
  /** Where the access log goes (`/dev/stdout` in a container). */
  readonly accessLog: string;
}

/** Inputs of {@link routerNginxConfig}. */
export interface RouterConfigInput {
  /** The region this router fronts, put on responses as `X-Llm-Region`. */
  readonly region: string;
  /** Every model of the platform, as this region routes it. */
  readonly routes: readonly {
    readonly model: string;
    readonly servedHere: boolean;
    readonly requiredForHealth: boolean;
    readonly spillTo?: { readonly region: string; readonly host: string };
  }[];
  /** The path DNS health checks call. */
  readonly healthPath: string;
  /** Seconds a `ready` verdict is reused (detection lag added by the router). */
  readonly readyCacheSeconds: number;
  /**
   * Seconds a `not ready` verdict is held: fail-back hysteresis, so a model that flaps
   * between ready and not does not pull traffic back and forth.
   */
  readonly failbackHoldSeconds: number;
  /** Seconds to open a TCP connection to a local service or a peer before spilling. */
  readonly connectTimeoutSeconds: number;
}

/** nginx variable-safe form of a model name. */
const v = (model: string) => model.replace(/[^a-zA-Z0-9]/g, "_");

/** The full nginx.conf of a region's router. */
export function routerNginxConfig(input: RouterConfigInput, site: RouterSite): string {
  const required = input.routes.filter((r) => r.requiredForHealth).map((r) => r.model);
  const served = input.routes.filter((r) => r.servedHere);
  const names = input.routes.map((r) => r.model).join(", ");
  const out: string[] = [
    "# Rendered by gpu-llm-platform (constructs/llm-serving/router-config.ts); do not edit.",
    `load_module ${site.jsModuleFile};`,
    "# The spill token comes from a Secret through the environment; nginx clears the environment otherwise.",
    `env ${SPILL_TOKEN_ENV};`,
    "worker_processes 2;",
    `pid ${site.runDir}/nginx.pid;`,
    "error_log stderr warn;",
    "events { worker_connections 4096; }",
    "http {",
    "  server_tokens off;",
    `  client_body_temp_path ${site.runDir}/client_body;`,
    `  proxy_temp_path ${site.runDir}/proxy;`,
    `  fastcgi_temp_path ${site.runDir}/fastcgi;`,
    `  uwsgi_temp_path ${site.runDir}/uwsgi;`,
    `  scgi_temp_path ${site.runDir}/scgi;`,
    "  log_format llm '$remote_addr \"$request\" $status $request_time model=$llm_model hop=$llm_hop upstream=$upstream_addr upstream_status=$upstream_status sent=$upstream_bytes_sent';",
    `  access_log ${site.accessLog} llm;`,
    `  resolver ${site.resolver} valid=10s ipv6=off;`,
    "  resolver_timeout 2s;",
    `  js_import router from ${site.scriptFile};`,
    "  js_set $llm_hop router.hop;",
    "  js_set $llm_spill_token router.spillToken;",
    "  # The readiness verdicts: ready reused briefly, not-ready held longer (fail-back hysteresis).",
    `  proxy_cache_path ${site.runDir}/readiness levels=1 keys_zone=readiness:1m max_size=8m inactive=60s use_temp_path=off;`,
    "  subrequest_output_buffer_size 256k;",
    "  # Spill decisions: the upstream rejected the request before processing it, or never got a byte of it.",
    "  map \"$upstream_status:$upstream_bytes_sent\" $llm_spill_safe {",
    "    default 0;",
    "    ~^(429|503): 1;",
    "    ~^[0-9]*:0?$ 1;",
    "  }",
    "  map $upstream_status $llm_unsafe_status {",
    "    default 502;",
    "    ~504 504;",
    "  }",
    "  proxy_http_version 1.1;",
    "  # Tokens stream back as server-sent events: pass each chunk on at once.",
    "  proxy_buffering off;",
    "  proxy_read_timeout 600s;",
    "  proxy_send_timeout 60s;",
    `  proxy_connect_timeout ${input.connectTimeoutSeconds}s;`,
    "  proxy_next_upstream off;",
    "  # The body must stay readable for a spill after the local attempt.",
    "  proxy_request_buffering on;",
    "  client_max_body_size 16m;",
    "  client_body_buffer_size 1m;",
    "",
    "  # Readiness from Ray Serve's application status; loopback only.",
    "  server {",
    `    listen ${site.readinessListen};`,
    "    location ~ ^/ready/(?<llm_model>[a-z0-9-]+)$ { js_content router.ready; }",
    ...served.flatMap((r) => [
      `    location = /status/${r.model} {`,
      "      internal;",
      `      set $status_${v(r.model)} ${site.statusAddress(r.model)};`,
      `      proxy_pass http://$status_${v(r.model)}/api/serve/applications/;`,
      "      proxy_buffering on;",
      "      proxy_read_timeout 3s;",
      "    }",
    ]),
    "    location / { return 404; }",
    "  }",
    "",
    "  server {",
    `    listen ${site.listen} ssl;`,
    `    ssl_certificate ${site.tlsDir}/tls.crt;`,
    `    ssl_certificate_key ${site.tlsDir}/tls.key;`,
    "    ssl_protocols TLSv1.2 TLSv1.3;",
    "    set $llm_model \"\";",
    "    # A request may pass two redirects (readiness or failure, then spill or 503); no location loops back.",
    "    recursive_error_pages on;",
    `    add_header X-Llm-Region ${input.region} always;`,
    "",
    "    # Region health: every model served here with minReplicas > 0 is ready.",
    `    location = ${input.healthPath} {`,
    `      set $llm_required "${required.join(" ")}";`,
    "      js_content router.health;",
    "    }",
    "    # One model's readiness, for operators and alerts.",
    "    location ~ ^/-/ready/(?<llm_model>[a-z0-9-]+)$ { js_content router.modelReady; }",
    "",
    ...served.flatMap((r) => [
      `    location = /_ready/${r.model} {`,
      "      internal;",
      `      proxy_pass http://${site.readinessListen}/ready/${r.model};`,
      "      proxy_method GET;",
      "      proxy_pass_request_body off;",
      "      proxy_set_header Content-Length \"\";",
      "      proxy_buffering on;",
      "      proxy_cache readiness;",
      `      proxy_cache_key ${r.model};`,
      `      proxy_cache_valid 204 ${input.readyCacheSeconds}s;`,
      `      proxy_cache_valid any ${input.failbackHoldSeconds}s;`,
      "      proxy_cache_lock on;",
      "      proxy_cache_lock_timeout 3s;",
      "      proxy_cache_use_stale updating;",
      "    }",
    ]),
    ...input.routes.flatMap((r) => modelLocations(r, site)),
    "    location / {",
    `      return 404 "unknown path; call /<model>/v1/... with one of: ${names}\\n";`,
    "    }",
    "  }",
    "}",
    "",
  ];
  return out.join("\n");
}

function modelLocations(r: RouterConfigInput["routes"][number], site: RouterSite): string[] {
  const m = r.model;
  const id = v(m);
  // `set` before `rewrite ... break`: break ends the rewrite directives of the location.
  const local = () => [
    `      set $serve_${id} ${site.serveAddress(m)};`,
    `      rewrite ^/${m}/(.*)$ /$1 break;`,
    `      proxy_pass http://$serve_${id};`,
    "      # The token proves a hop between routers; the model never sees it.",
    `      proxy_set_header ${SPILL_TOKEN_HEADER} "";`,
  ];
  const spill = r.spillTo
    ? [
      `    location @${id}_spill {`,
      `      set $peer_${id} ${site.peerAddress(r.spillTo)};`,
      `      proxy_pass https://$peer_${id}$request_uri;`,
      `      proxy_set_header Host ${r.spillTo.host};`,
      `      proxy_set_header ${SPILL_TOKEN_HEADER} $llm_spill_token;`,
      "      proxy_ssl_server_name on;",
      `      proxy_ssl_name ${r.spillTo.host};`,
      "      proxy_ssl_verify on;",
      `      proxy_ssl_trusted_certificate ${site.trustedCaFile};`,
      "      proxy_ssl_protocols TLSv1.2 TLSv1.3;",
      "    }",
    ]
    : [
      `    location @${id}_spill {`,
      `      return 503 "${m} is not available in any region\\n";`,
      "    }",
    ];
  const peerIn = r.servedHere
    ? [
      `    # A peer's spill: served here or 503, never passed on.`,
      `    location @${id}_peer {`,
      `      auth_request /_ready/${m};`,
      `      error_page 403 = @${id}_unavailable;`,
      ...local(),
      "    }",
      `    location @${id}_unavailable {`,
      `      return 503 "${m} is not ready in this region\\n";`,
      "    }",
    ]
    : [
      `    location @${id}_peer {`,
      `      return 503 "${m} is not served in this region\\n";`,
      "    }",
    ];
  const head = [
    `    location /${m}/ {`,
    `      set $llm_model ${m};`,
    "      if ($llm_hop = forged) { return 401 \"spill credential rejected\\n\"; }",
    `      error_page 418 = @${id}_peer;`,
    "      if ($llm_hop = peer) { return 418; }",
  ];
  if (!r.servedHere) {
    return [...head, `      error_page 419 = @${id}_spill;`, "      return 419;", "    }", ...peerIn, ...spill];
  }
  return [
    ...head,
    `      auth_request /_ready/${m};`,
    `      error_page 403 = @${id}_spill;`,
    ...local(),
    "      proxy_intercept_errors on;",
    `      error_page 429 502 503 504 = @${id}_failed;`,
    "    }",
    `    location @${id}_failed {`,
    "      # Spill only what the model cannot have started on.",
    `      error_page 419 = @${id}_spill;`,
    "      if ($llm_spill_safe) { return 419; }",
    "      if ($llm_unsafe_status = 504) { return 504; }",
    "      return 502;",
    "    }",
    ...peerIn,
    ...spill,
  ];
}
