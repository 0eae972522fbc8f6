import { clusterSite, MIN_SPILL_TOKEN_LENGTH, ROUTER_SCRIPT, routerConfig, routerManifests, SPILL_TOKEN_ENV, type RouterInput } from "../../../constructs/llm-serving";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const input = (over: Partial<RouterInput> = {}): RouterInput => ({
  region: "us-east-1",
  namespace: "llm-serving",
  healthPath: "/-/healthz",
  tlsSecret: "serving-tls",
  spillTokenSecret: "llm-spill-token",
  routes: [
    { model: "llama-8b", servedHere: true, requiredForHealth: true, spillTo: { region: "eu-west-1", host: "eu-west-1.api.example.com" } },
    { model: "qwen-32b", servedHere: true, requiredForHealth: false },
    { model: "mistral-7b", servedHere: false, requiredForHealth: false, spillTo: { region: "eu-west-1", host: "eu-west-1.api.example.com" } },
  ],
  ...over,
});
const cfg = routerConfig(input());
/** The lines of one location block (up to its closing brace). */
const block = (head: string) => {
  const start = cfg.indexOf(`    location ${head} {`);
  if (start < 0) throw new Error(`no location ${head}`);
  return cfg.slice(start, cfg.indexOf("\n    }", start));
};

describe("router nginx.conf", () => {
  test("the region health path requires exactly the models served here with minReplicas > 0", () => {
    expect(block("= /-/healthz")).toContain('set $llm_required "llama-8b";');
    expect(block("= /-/healthz")).toContain("js_content router.health;");
  });

  test("readiness comes from the RayService's dashboard (head service, port 8265), never from the Serve proxy", () => {
    expect(cfg).toContain("set $status_llama_8b llama-8b-head-svc.llm-serving.svc.cluster.local:8265;");
    expect(cfg).toContain("proxy_pass http://$status_llama_8b/api/serve/applications/;");
    expect(cfg).not.toContain("/-/healthz;");
  });

  test("a ready verdict is reused 1 s, a not-ready one held 10 s (fail-back hysteresis)", () => {
    const ready = block("= /_ready/llama-8b");
    expect(ready).toContain("proxy_cache_valid 204 1s;");
    expect(ready).toContain("proxy_cache_valid any 10s;");
    expect(routerConfig(input({ failbackHoldSeconds: 30 }))).toContain("proxy_cache_valid any 30s;");
  });

  test("a served model goes local behind its readiness, and fails over only on errors the model cannot have started on", () => {
    const loc = block("/llama-8b/");
    expect(loc).toContain("auth_request /_ready/llama-8b;");
    expect(loc).toContain("error_page 403 = @llama_8b_spill;");
    expect(loc).toContain("proxy_pass http://$serve_llama_8b;");
    expect(loc).toContain("error_page 429 502 503 504 = @llama_8b_failed;");
    expect(block("@llama_8b_failed")).toContain("if ($llm_spill_safe) { return 419; }");
    expect(cfg).toContain("~^(429|503): 1;");
    expect(cfg).toContain("~^[0-9]*:0?$ 1;");
    expect(cfg).toContain("proxy_next_upstream off;");
  });

  test("a spill goes over HTTPS to the peer's own name, verified, with the token; the model never sees the token", () => {
    const spill = block("@llama_8b_spill");
    expect(spill).toContain("proxy_pass https://$peer_llama_8b$request_uri;");
    expect(spill).toContain("set $peer_llama_8b eu-west-1.api.example.com:443;");
    expect(spill).toContain("proxy_ssl_verify on;");
    expect(spill).toContain("proxy_ssl_name eu-west-1.api.example.com;");
    expect(spill).toContain("proxy_set_header X-Llm-Spill-Token $llm_spill_token;");
    expect(block("/llama-8b/")).toContain('proxy_set_header X-Llm-Spill-Token "";');
  });

  test("a peer's spill is served here or refused, never passed on (one hop); a wrong token gets 401", () => {
    const loc = block("/llama-8b/");
    expect(loc).toContain('if ($llm_hop = forged) { return 401 "spill credential rejected\\n"; }');
    expect(loc).toContain("if ($llm_hop = peer) { return 418; }");
    const peer = block("@llama_8b_peer");
    expect(peer).not.toContain("spill");
    expect(peer).toContain("error_page 403 = @llama_8b_unavailable;");
  });

  test("a model not served here goes straight to its peer; one served nowhere else answers 503 when not ready", () => {
    expect(block("/mistral-7b/")).toContain("error_page 419 = @mistral_7b_spill;");
    expect(block("/mistral-7b/")).not.toContain("proxy_pass");
    expect(block("@qwen_32b_spill")).toContain('return 503 "qwen-32b is not available in any region\\n";');
  });

  test("streams pass unbuffered, and the request body stays buffered so a spill can resend it", () => {
    expect(cfg).toContain("  proxy_buffering off;");
    expect(cfg).toContain("  proxy_request_buffering on;");
  });

  test("the spill token reaches nginx only through the environment from a Secret", () => {
    expect(cfg).toContain(`env ${SPILL_TOKEN_ENV};`);
    expect(ROUTER_SCRIPT).toContain(`t.length >= ${MIN_SPILL_TOKEN_LENGTH}`);
  });

  test("the in-cluster site: Serve services per request through the cluster DNS, peers on 443", () => {
    const site = clusterSite("ns");
    expect(site.serveAddress("m")).toBe("m-serve-svc.ns.svc.cluster.local:8000");
    expect(site.statusAddress("m")).toBe("m-head-svc.ns.svc.cluster.local:8265");
    expect(cfg).toContain("resolver kube-dns.kube-system.svc.cluster.local valid=10s ipv6=off;");
    expect(cfg).not.toMatch(/proxy_pass https?:\/\/[a-z]/);
  });
});

describe("router manifests", () => {
  const [config, deployment] = routerManifests(input()) as Obj[];
  const container = deployment.spec.template.spec.containers[0];

  test("the ConfigMap holds nginx.conf and the njs module, mounted where nginx is told to read them", () => {
    expect(Object.keys(config.data).sort()).toEqual(["nginx.conf", "router.js"]);
    expect(container.command).toEqual(["nginx", "-c", "/etc/nginx/router/nginx.conf", "-g", "daemon off;"]);
    expect(container.volumeMounts).toContainEqual({ name: "config", mountPath: "/etc/nginx/router", readOnly: true });
  });

  test("the spill token comes from its Secret, so it never appears in the plan", () => {
    expect(container.env).toEqual([{ name: SPILL_TOKEN_ENV, valueFrom: { secretKeyRef: { name: "llm-spill-token", key: "token" } } }]);
    expect(JSON.stringify(config)).not.toMatch(/token"?:\s*"[A-Za-z0-9]{32,}/);
  });

  test("the Deployment rolls when the config changes, and runs non-root with a read-only root", () => {
    const [, other] = routerManifests(input({ routes: input().routes.slice(0, 1) })) as Obj[];
    const hash = (d: Obj) => d.spec.template.metadata.annotations["llm-platform.dev/config-hash"];
    expect(hash(deployment)).not.toEqual(hash(other));
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
  });
});
